"""The agreement API: the same services and selectors as the pages, so both obey the same rules."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status

from accord.partnerships.access import NOT_FOUND_MESSAGE, partnership_access
from accord.partnerships.notes_api import NoteSchemas, note_routes

from . import calculations, documents, selectors, services
from .notes import TERM_NOTES
from .schemas import (
    AgreementDraftIn,
    AgreementProposeIn,
    AgreementSignatureOut,
    AgreementSignIn,
    AgreementVersionOut,
    AgreementVersionPatchIn,
    AgreementVersionSummaryOut,
    CommunicationsIn,
    DeliverableIn,
    DeliverableOut,
    DeliverablePatchIn,
    ExitClauseIn,
    ExitClauseOut,
    ExitClausePatchIn,
    LegalItemIn,
    LegalItemOut,
    LegalItemPatchIn,
    MilestoneIn,
    MilestoneOut,
    MilestonePatchIn,
    ResponsibilitiesIn,
    SharedCostIn,
    SharedCostOut,
    SharedCostPatchIn,
    TermNoteIn,
    TermNoteOut,
    TermNotePatchIn,
)

router = Router(tags=["agreements"])
BASE = "/partnerships/{int:partnership_id}/agreement"


def _signature_out(signature) -> dict:
    return {"party": signature.party_id, "organization": signature.party.organization.name,
            "user": signature.user.username, "signed_at": signature.signed_at}


def _summary_out(version) -> dict:
    return {
        "number": version.number, "status": version.status,
        "created_by": version.created_by.username if version.created_by else None,
        "created_at": version.created_at, "proposed_at": version.proposed_at, "in_force_at": version.in_force_at,
        "superseded_at": version.superseded_at,
        "withdrawn_reason": version.withdrawn_reason, "withdrawn_at": version.withdrawn_at,
        "based_on": version.based_on.number if version.based_on_id else None, "revision": version.revision,
        "signatures": [_signature_out(s) for s in version.signatures.all()],
    }


def _item(item, *names) -> dict:
    return {"id": item.pk, "negotiability": item.negotiability, **{name: getattr(item, name) for name in names}}


def version_out(view: selectors.AgreementView) -> dict:
    """The whole version as the API shows it: terms, sections, derived dates, signatures."""
    version = view.version
    dates = view.key_dates
    return {
        **_summary_out(version),
        **{name: getattr(version, name) for name in services.COMMERCIAL_FIELDS},
        "parties": [{"id": p.pk, "organization": p.organization.name, "role": p.role} for p in view.parties],
        "revenue_shares": [{"party": s.party_id, "organization": s.party.organization.name,
                            "share_percent": s.share_percent} for s in version.revenue_shares.all()],
        "key_dates": {"term_end": dates.term_end, "notice_deadline": dates.notice_deadline,
                      "notice_flag": dates.notice_flag, "renewal_decision_date": dates.renewal_decision_date,
                      "renewal_flag": dates.renewal_flag, "renewal_term_end": dates.renewal_term_end},
        "responsibilities": [{**_item(area, "name", "decision_authority", "reporting_line"),
                              "roles": {str(p.pk): code for p, code in zip(view.parties, codes, strict=True) if code}}
                             for area, codes in view.matrix],
        "deliverables": [{**_item(d, "title", "due_date", "acceptance_criteria", "status"),
                          "owner_party": d.owner_party_id, "overdue": overdue} for d, overdue in view.deliverables],
        "milestones": [_item(m, "title", "date", "description") for m in version.milestones.all()],
        "communications": [{"purpose": c.purpose, "channel": c.channel, "cadence": c.cadence,
                            "negotiability": c.negotiability} for c in version.channels.all()],
        "liaisons": [{"party": li.party_id, "user_id": li.user_id, "user": li.user.username}
                     for li in version.liaisons.all()],
        "legal_items": [{**_item(i, "kind", "title", "regime", "ip_ownership", "status", "document_reference"),
                         "ip_owner_party": i.ip_owner_party_id} for i in version.legal_items.all()],
        "shared_costs": [_item(c, "description", "amount", "currency", "split") for c in version.shared_costs.all()],
        "exit_clauses": [_item(c, "trigger", "notice", "consequence", "shared_assets")
                         for c in version.exit_clauses.all()],
    }


def _full(access, number) -> dict:
    version = selectors.version_get(access=access, number=number)
    return version_out(selectors.agreement_view(version=version, parties=selectors.parties(access=access)))


@router.get(BASE, response=AgreementVersionOut)
def agreement_in_force(request, partnership_id: int):
    """The version in force, with its sections, signatures and derived dates (404 if none yet)."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    version = selectors.version_in_force(access=access)
    if version is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return version_out(selectors.agreement_view(version=version, parties=selectors.parties(access=access)))


@router.get(f"{BASE}/versions", response=list[AgreementVersionSummaryOut])
def version_list(request, partnership_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return [_summary_out(v) for v in selectors.versions(access=access)]


@router.post(f"{BASE}/versions", response={201: AgreementVersionOut})
def version_create(request, partnership_id: int, payload: AgreementDraftIn | None = None):
    """Start a draft: a copy of the proposed or in-force version, or an empty one. Reworking a proposed
    version withdraws it from signature and needs ``reason`` (shown to the other party)."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    version = services.agreement_draft_create(access=access, reason=payload.reason if payload else "")
    return Status(201, _full(access, version.number))


@router.get(f"{BASE}/versions/{{int:number}}", response=AgreementVersionOut)
def version_detail(request, partnership_id: int, number: int):
    return _full(partnership_access(request.user, partnership_id=partnership_id), number)


@router.patch(f"{BASE}/versions/{{int:number}}", response=AgreementVersionOut)
def version_update(request, partnership_id: int, number: int, payload: AgreementVersionPatchIn):
    """Change a draft's commercial terms (only the fields sent)."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    version = selectors.version_get(access=access, number=number)
    services.agreement_terms_update(access=access, version=version, **payload.dict(exclude_unset=True))
    return _full(access, number)


@router.put(f"{BASE}/versions/{{int:number}}/responsibilities", response=AgreementVersionOut)
def responsibilities_replace(request, partnership_id: int, number: int, payload: ResponsibilitiesIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    version = selectors.version_get(access=access, number=number)
    services.responsibilities_replace(access=access, version=version, revision=payload.revision,
                                      areas=[area.dict() for area in payload.areas])
    return _full(access, number)


@router.put(f"{BASE}/versions/{{int:number}}/communications", response=AgreementVersionOut)
def communications_replace(request, partnership_id: int, number: int, payload: CommunicationsIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    version = selectors.version_get(access=access, number=number)
    services.communications_replace(access=access, version=version, revision=payload.revision,
                                    channels=[c.dict() for c in payload.channels], liaisons=payload.liaisons)
    return _full(access, number)


def _register_section(path: str, section: str, create_in, patch_in, out, item_fields):
    """Create / update / delete routes for one list section of a draft."""

    def item_out(item):
        data = {"id": item.pk, **{name: getattr(item, name) for name in item_fields}}
        for party_field in services.SECTIONS[section][2]:
            data[party_field] = getattr(item, f"{party_field}_id")
        if section == "deliverables":
            data["overdue"] = calculations.deliverable_is_overdue(item.due_date, item.status, timezone.localdate())
        return data

    def create(request, partnership_id: int, number: int, payload: create_in):
        access = partnership_access(request.user, partnership_id=partnership_id, write=True)
        version = selectors.version_get(access=access, number=number)
        return Status(201, item_out(services.section_item_create(access=access, version=version, section=section,
                                                                 **payload.dict())))

    def update(request, partnership_id: int, number: int, item_id: int, payload: patch_in):
        access = partnership_access(request.user, partnership_id=partnership_id, write=True)
        version = selectors.version_get(access=access, number=number)
        return item_out(services.section_item_update(access=access, version=version, section=section,
                                                     item_id=item_id, **payload.dict(exclude_unset=True)))

    def delete(request, partnership_id: int, number: int, item_id: int):
        access = partnership_access(request.user, partnership_id=partnership_id, write=True)
        version = selectors.version_get(access=access, number=number)
        services.section_item_delete(access=access, version=version, section=section, item_id=item_id)
        return Status(204, None)

    url = f"{BASE}/versions/{{int:number}}/{path}"
    router.post(url, response={201: out}, operation_id=f"agreement_{section}_create")(create)
    router.patch(f"{url}/{{int:item_id}}", response=out, operation_id=f"agreement_{section}_update")(update)
    router.delete(f"{url}/{{int:item_id}}", response={204: None}, operation_id=f"agreement_{section}_delete")(delete)


_register_section("deliverables", "deliverables", DeliverableIn, DeliverablePatchIn, DeliverableOut,
                  ("title", "due_date", "acceptance_criteria", "status", "negotiability"))
_register_section("milestones", "milestones", MilestoneIn, MilestonePatchIn, MilestoneOut,
                  ("title", "date", "description", "negotiability"))
_register_section("legal-items", "legal_items", LegalItemIn, LegalItemPatchIn, LegalItemOut,
                  ("kind", "title", "regime", "ip_ownership", "status", "document_reference", "negotiability"))
_register_section("shared-costs", "shared_costs", SharedCostIn, SharedCostPatchIn, SharedCostOut,
                  ("description", "amount", "currency", "split", "negotiability"))
_register_section("exit-clauses", "exit_clauses", ExitClauseIn, ExitClausePatchIn, ExitClauseOut,
                  ("trigger", "notice", "consequence", "shared_assets", "negotiability"))


@router.post(f"{BASE}/versions/{{int:number}}/propose", response=AgreementVersionOut)
def version_propose(request, partnership_id: int, number: int, payload: AgreementProposeIn | None = None):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    version = selectors.version_get(access=access, number=number)
    services.agreement_propose(access=access, version=version, revision=payload.revision if payload else None)
    return _full(access, number)


@router.post(f"{BASE}/versions/{{int:number}}/sign", response={201: AgreementSignatureOut})
def version_sign(request, partnership_id: int, number: int, payload: AgreementSignIn | None = None):
    """Sign for your own party, as its named signatory."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    version = selectors.version_get(access=access, number=number)
    signature = services.agreement_sign(access=access, version=version, party_id=payload.party if payload else None)
    return Status(201, _signature_out(signature))


class TermNoteFilter(Schema):
    term: str = ""


note_routes(router, f"{BASE}/notes", kind=TERM_NOTES, name="accord_agreements_api_term_note",
            schemas=NoteSchemas(out=TermNoteOut, create=TermNoteIn, patch=TermNotePatchIn, filters=TermNoteFilter))


@router.get(f"{BASE}/document.pdf", response={200: None})
def agreement_document_pdf(request, partnership_id: int):
    """The charter and the agreement in force (or the latest version) as one PDF."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    pdf = documents.agreement_pdf(access=access)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.filename(access)}"'
    return response
