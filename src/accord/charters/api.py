from django.http import HttpResponse
from ninja import Query, Router, Schema, Status

from accord.partnerships.access import partnership_access

from . import selectors, services
from .calculations import charter_diff
from .models import CharterVersion
from .pocket_card import pocket_card_for, pocket_card_png
from .schemas import (
    CharterCadenceIn,
    CharterOut,
    CharterReviewOut,
    CharterSignIn,
    CharterVersionCreateIn,
    CharterVersionOut,
    CharterVersionPage,
    CharterVersionPatchIn,
    CharterWithdrawIn,
)

router = Router(tags=["charters"])
BASE = "/partnerships/{int:partnership_id}/charter"


def _version_out(version: CharterVersion) -> dict:
    return {
        "number": version.number, "status": version.status, "purpose": version.purpose, "vision": version.vision,
        "vision_horizon": version.vision_horizon, "mission": version.mission, "values": version.values,
        "tagline": version.tagline, "card_purpose": version.card_purpose, "card_vision": version.card_vision,
        "card_mission": version.card_mission, "card_values": version.card_values, "source": version.source,
        "withdrawn_reason": version.withdrawn_reason, "withdrawn_at": version.withdrawn_at,
        "created_by": version.created_by.username if version.created_by else None,
        "created_at": version.created_at, "proposed_at": version.proposed_at, "in_force_at": version.in_force_at,
        "superseded_at": version.superseded_at, "revision": version.revision,
        "signatures": [{"party": {"id": s.party_id, "name": s.party.organization.name},
                        "user": s.user.username if s.user else None, "signed_at": s.signed_at}
                       for s in version.signatures.all()],
    }


def _version(access, number):
    return selectors.charter_version_get(access=access, number=number)


@router.get(BASE, response=CharterOut)
def charter_in_force(request, partnership_id: int):
    """The version in force, with its signatures and review dates (404 when none is in force)."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    version = selectors.pocket_card_version(access=access)
    return {**_version_out(version), "review": selectors.charter_review(access=access, in_force=version)}


@router.put(BASE + "/review-cadence", response=CharterReviewOut)
def review_cadence(request, partnership_id: int, payload: CharterCadenceIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    services.charter_review_cadence_update(access=access, **payload.dict())
    return selectors.charter_review(access=access)


class CharterVersionFilter(Schema):
    status: str = ""


@router.get(BASE + "/versions", response=CharterVersionPage)
def version_list(request, partnership_id: int, filters: Query[CharterVersionFilter]):
    access = partnership_access(request.user, partnership_id=partnership_id)
    versions = selectors.charter_versions(access=access, status=filters.status)
    return {"count": len(versions), "items": [_version_out(v) for v in versions]}


@router.post(BASE + "/versions", response={201: CharterVersionOut})
def version_create(request, partnership_id: int, payload: CharterVersionCreateIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    data = payload.dict(exclude_unset=True)
    version = services.charter_version_create(access=access, **{k: v for k, v in data.items() if v is not None})
    return Status(201, _version_out(_version(access, version.number)))


@router.get(BASE + "/versions/{int:number}", response=CharterVersionOut)
def version_detail(request, partnership_id: int, number: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return _version_out(_version(access, number))


@router.patch(BASE + "/versions/{int:number}", response=CharterVersionOut)
def version_update(request, partnership_id: int, number: int, payload: CharterVersionPatchIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    services.charter_version_update(access=access, version=_version(access, number),
                                    **payload.dict(exclude_unset=True))
    return _version_out(_version(access, number))


@router.post(BASE + "/versions/{int:number}/propose", response=CharterVersionOut)
def version_propose(request, partnership_id: int, number: int):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    services.charter_version_propose(access=access, version=_version(access, number))
    return _version_out(_version(access, number))


@router.post(BASE + "/versions/{int:number}/withdraw", response=CharterVersionOut)
def version_withdraw(request, partnership_id: int, number: int, payload: CharterWithdrawIn | None = None):
    """Take a proposed version back to draft; ``reason`` is required and shown to the other party."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    services.charter_version_withdraw(access=access, version=_version(access, number),
                                      reason=payload.reason if payload else "")
    return _version_out(_version(access, number))


@router.post(BASE + "/versions/{int:number}/sign", response=CharterVersionOut)
def version_sign(request, partnership_id: int, number: int, payload: CharterSignIn | None = None):
    """Sign for your own party. ``party`` may be sent; it must be your own party's id."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    services.charter_version_sign(access=access, version=_version(access, number),
                                  party_id=payload.party if payload else None)
    return _version_out(_version(access, number))


class CharterDiffFilter(Schema):
    against: int


@router.get(BASE + "/versions/{int:number}/diff")
def version_diff(request, partnership_id: int, number: int, filters: Query[CharterDiffFilter]):
    """What changed from version ``against`` to version ``number``, field by field."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    before, after = _version(access, filters.against), _version(access, number)
    changes = charter_diff(selectors.version_content(before), selectors.version_content(after))
    return {"from": before.number, "to": after.number, "changes": changes}


class CardFilter(Schema):
    version: int | None = None


def _card(access, filters) -> tuple[CharterVersion, bytes]:
    version = selectors.pocket_card_version(access=access, number=filters.version)
    return version, pocket_card_for(version)


@router.get(BASE + "/pocket-card.pdf")
def pocket_card_pdf(request, partnership_id: int, filters: Query[CardFilter]):
    """The pocket card of the version in force (or of ``version``, marked DRAFT) as a one-page PDF."""
    version, pdf = _card(partnership_access(request.user, partnership_id=partnership_id), filters)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="charter-v{version.number}-pocket-card.pdf"'
    return response


@router.get(BASE + "/pocket-card.png")
def pocket_card_image(request, partnership_id: int, filters: Query[CardFilter]):
    """The pocket card rendered at 300 dpi as a PNG."""
    version, pdf = _card(partnership_access(request.user, partnership_id=partnership_id), filters)
    response = HttpResponse(pocket_card_png(pdf), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="charter-v{version.number}-pocket-card.png"'
    return response
