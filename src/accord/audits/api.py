"""The audits API, under /partnerships/{partnership_id}/."""

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accord.core.pagination import Pagination
from accord.partnerships.access import partnership_access

from . import calculations, selectors, services, templates_service
from .schemas import (
    AuditAnswersIn,
    AuditCompleteOut,
    AuditIn,
    AuditListOut,
    AuditOut,
    AuditPhotoOut,
    AuditTemplateIn,
    AuditTemplateOut,
    template_out,
)

router = Router(tags=["audits"])
TEMPLATES = "/partnerships/{int:partnership_id}/audit-templates"
AUDITS = "/partnerships/{int:partnership_id}/audits"


@router.get(TEMPLATES, response=list[AuditTemplateOut])
@paginate(Pagination)
def template_list(request, partnership_id: int):
    """Every template with its latest version."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    return [template_out(template, selectors.latest_version(template))
            for template in selectors.template_list(access=access)]


@router.post(TEMPLATES, response={201: AuditTemplateOut})
def template_save(request, partnership_id: int, payload: AuditTemplateIn):
    """Create a template, or change one with the same code: a new version once an audit used the latest."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    version = templates_service.template_save(access=access, **payload.dict())
    template = selectors.template_get(access=access, template_id=version.template_id)
    return Status(201, template_out(template, selectors.latest_version(template)))


class AuditFilter(Schema):
    site: str = ""
    market: str = ""
    status: str = ""


@router.get(AUDITS, response=list[AuditListOut])
@paginate(Pagination)
def audit_list(request, partnership_id: int, filters: Query[AuditFilter]):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.audit_list(access=access, site=filters.site, market=filters.market, status=filters.status)


@router.post(AUDITS, response={201: AuditOut})
def audit_create(request, partnership_id: int, payload: AuditIn):
    """Start an audit (a draft) with the template's latest version; answers and findings may come now."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    audit = services.audit_create(access=access, **payload.dict())
    return Status(201, selectors.audit_get(access=access, audit_id=audit.pk))


@router.get(AUDITS + "/{int:audit_id}", response=AuditOut)
def audit_detail(request, partnership_id: int, audit_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.audit_get(access=access, audit_id=audit_id)


@router.post(AUDITS + "/{int:audit_id}/answers", response=AuditOut)
def audit_answers(request, partnership_id: int, audit_id: int, payload: AuditAnswersIn):
    """Answer (or change answers of) a draft audit, and add findings; 409 once completed."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    audit = selectors.audit_get(access=access, audit_id=audit_id)
    services.audit_answers_save(access=access, audit=audit, **payload.dict())
    return selectors.audit_get(access=access, audit_id=audit_id)


PHOTO_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["item", "file"],
    "properties": {"item": {"type": "string", "description": "the item's code"},
                   "file": {"type": "string", "format": "binary",
                            "description": "JPEG, PNG, WebP or HEIC (by content), at most 10 MB"}}}}}}}


@router.post(AUDITS + "/{int:audit_id}/photos", response={201: AuditPhotoOut}, openapi_extra=PHOTO_BODY)
def audit_photo_add(request, partnership_id: int, audit_id: int):
    """A photo for an item (multipart: ``item``, ``file``). The form is read after the access checks, so an
    outsider gets the same 404 and a viewer the same 403 whatever they send."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    audit = selectors.audit_get(access=access, audit_id=audit_id)
    return Status(201, services.audit_photo_add(access=access, audit=audit, item=request.POST.get("item", ""),
                                                upload=request.FILES.get("file")))


@router.post(AUDITS + "/{int:audit_id}/complete", response=AuditCompleteOut)
def audit_complete(request, partnership_id: int, audit_id: int):
    """Complete and lock the audit: its score, per section, and the measurement it wrote (or null)."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    audit = selectors.audit_get(access=access, audit_id=audit_id)
    audit, result, measurement = services.audit_complete(access=access, audit=audit)
    return completion_out(audit, result, measurement)


def completion_out(audit, result, measurement) -> dict:
    return {
        "score": calculations.display(result.overall.value),
        "sections": [{"code": code, "score": calculations.display(score.value)}
                     for code, score in result.sections.items()],
        "measurement": None if measurement is None else {
            "indicator": measurement.indicator.code, "period": measurement.period, "value": measurement.value,
            "source": measurement.source, "audits": measurement.audit_ids},
    }
