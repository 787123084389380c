"""The indicators API: indicators, and the agreed changes of their definitions."""

from ninja import Router, Status

from accord.metrics.models import IndicatorChange
from accord.partnerships.access import partnership_access

from . import definitions, selectors, services
from .schemas import (
    IndicatorChangeDeclineIn,
    IndicatorChangeIn,
    IndicatorChangeOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatchIn,
)

router = Router(tags=["indicators"])
BASE = "/partnerships/{int:partnership_id}"
ONE = f"{BASE}/indicators/{{int:indicator_id}}"


def _user_name(user) -> str | None:
    return user.get_username() if user is not None else None


def change_out(change: IndicatorChange) -> dict:
    return {
        **{name: getattr(change, name) for name in (
            "id", "status", "is_creation", "fields", "effective_from", "reason", "proposed_at", "acceptances",
            "decided_at", "decline_reason")},
        "indicator": change.indicator_id, "party": change.party_id,
        "proposed_by": _user_name(change.proposed_by), "decided_by": _user_name(change.decided_by),
    }


def indicator_out(indicator) -> dict:
    """An indicator with its agreement status, pending changes and definition history (prefetched)."""
    return {
        **{name: getattr(indicator, name) for name in (
            "id", "code", "name", "description", "kind", "unit", "direction", "target", "baseline", "stretch",
            "bands", "frequency", "aggregation", "weight", "scope", "rollup", "entry_by", "visibility", "data_source", "method",
            "active_from", "active_to", "revision", "status")},
        "owner_party": indicator.owner_party_id,
        "pending_changes": [change_out(change) for change in indicator.pending],
        "history": [{"effective_from": d.effective_from, "fields": definitions.definition_values(d),
                     "agreed_on": d.agreed_on, "note": d.note} for d in indicator.timeline],
    }


def _bands_in(payload: dict) -> dict:
    if payload.get("bands") is not None:
        payload["bands"] = [dict(band) for band in payload["bands"]]
    return payload


@router.get(f"{BASE}/indicators", response=list[IndicatorOut])
def indicator_list(request, partnership_id: int, kind: str = ""):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return [indicator_out(i) for i in selectors.indicator_list(access=access, kind=kind)]


@router.post(f"{BASE}/indicators", response={201: IndicatorOut})
def indicator_create(request, partnership_id: int, payload: IndicatorIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    indicator = services.indicator_create(access=access, **_bands_in(payload.dict()))
    return Status(201, indicator_out(selectors.indicator_get(access=access, indicator_id=indicator.pk)))


@router.get(ONE, response=IndicatorOut)
def indicator_detail(request, partnership_id: int, indicator_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return indicator_out(selectors.indicator_get(access=access, indicator_id=indicator_id))


@router.patch(ONE, response={200: IndicatorOut, 202: IndicatorChangeOut})
def indicator_update(request, partnership_id: int, indicator_id: int, payload: IndicatorPatchIn):
    """Score-moving fields of an agreed shared indicator never change in place: 202 with the proposed change."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    indicator = selectors.indicator_get(access=access, indicator_id=indicator_id)
    indicator, change = services.indicator_update(access=access, indicator=indicator,
                                                  **_bands_in(payload.dict(exclude_unset=True)))
    if change is not None and change.status == "proposed":
        return Status(202, change_out(change))
    return indicator_out(selectors.indicator_get(access=access, indicator_id=indicator.pk))


@router.get(f"{ONE}/changes", response=list[IndicatorChangeOut])
def indicator_change_list(request, partnership_id: int, indicator_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    indicator = selectors.indicator_get(access=access, indicator_id=indicator_id)
    return [change_out(change) for change in selectors.indicator_changes(access=access, indicator=indicator)]


@router.post(f"{ONE}/changes", response={201: IndicatorChangeOut})
def indicator_change_propose(request, partnership_id: int, indicator_id: int, payload: IndicatorChangeIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    indicator = selectors.indicator_get(access=access, indicator_id=indicator_id)
    change = definitions.indicator_change_propose(access=access, indicator=indicator, **payload.dict())
    return Status(201, change_out(change))


@router.post(f"{ONE}/changes/{{int:change_id}}/accept", response=IndicatorChangeOut)
def indicator_change_accept(request, partnership_id: int, indicator_id: int, change_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    return change_out(definitions.indicator_change_accept(access=access, change_id=change_id, indicator_id=indicator_id))


@router.post(f"{ONE}/changes/{{int:change_id}}/decline", response=IndicatorChangeOut)
def indicator_change_decline(request, partnership_id: int, indicator_id: int, change_id: int,
                             payload: IndicatorChangeDeclineIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    return change_out(definitions.indicator_change_decline(access=access, change_id=change_id,
                                                           indicator_id=indicator_id, reason=payload.reason))


@router.post(f"{ONE}/changes/{{int:change_id}}/withdraw", response=IndicatorChangeOut)
def indicator_change_withdraw(request, partnership_id: int, indicator_id: int, change_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    return change_out(definitions.indicator_change_withdraw(access=access, change_id=change_id,
                                                            indicator_id=indicator_id))
