"""The governance API: bodies and their meetings, under /partnerships/{partnership_id}/."""

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accord.core.pagination import Pagination
from accord.partnerships.access import partnership_access

from . import actions, proceedings, selectors, services
from .schemas import (
    ActionItemIn,
    ActionItemOut,
    ActionItemPatchIn,
    AgendaItemIn,
    AgendaItemOut,
    DecisionOut,
    GovernanceBodyIn,
    GovernanceBodyOut,
    GovernanceBodyPatchIn,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MeetingPatchIn,
    MinuteEntryIn,
    MinuteEntryOut,
    OnTimeRateOut,
)

router = Router(tags=["governance"])
ACTIONS = "/partnerships/{int:partnership_id}/actions"
BODIES = "/partnerships/{int:partnership_id}/governance/bodies"
MEETINGS = "/partnerships/{int:partnership_id}/meetings"


def _body_payload(payload) -> dict:
    fields = payload.dict(exclude_unset=True)
    if "cadence" in fields:
        fields["cadence"] = {key: value for key, value in fields["cadence"].items() if value is not None}
    if "members" in fields:
        fields["members"] = [{**member, "role": str(member.get("role", "member"))} for member in fields["members"]]
    return fields


@router.get(BODIES, response=list[GovernanceBodyOut])
@paginate(Pagination)
def body_list(request, partnership_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.body_list(access=access)


@router.post(BODIES, response={201: GovernanceBodyOut})
def body_create(request, partnership_id: int, payload: GovernanceBodyIn):
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    body = services.body_create(access=access, **_body_payload(payload))
    return Status(201, selectors.body_get(access=access, body_id=body.pk))


@router.get(BODIES + "/{int:body_id}", response=GovernanceBodyOut)
def body_detail(request, partnership_id: int, body_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.body_get(access=access, body_id=body_id)


@router.patch(BODIES + "/{int:body_id}", response=GovernanceBodyOut)
def body_update(request, partnership_id: int, body_id: int, payload: GovernanceBodyPatchIn):
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    body = selectors.body_get(access=access, body_id=body_id)
    services.body_update(access=access, body=body, **_body_payload(payload))
    return selectors.body_get(access=access, body_id=body_id)


class MeetingFilter(Schema):
    body: int | None = None
    status: str = ""
    upcoming: bool = False


@router.get(MEETINGS, response=list[MeetingOut])
@paginate(Pagination)
def meeting_list(request, partnership_id: int, filters: Query[MeetingFilter]):
    access = partnership_access(request.user, partnership_id=partnership_id)
    meetings = selectors.meeting_list(access=access, body_id=filters.body, status=filters.status,
                                      upcoming=filters.upcoming)
    return meetings


@router.post(MEETINGS, response={201: MeetingOut})
def meeting_create(request, partnership_id: int, payload: MeetingIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    fields = payload.dict()
    body = selectors.body_get(access=access, body_id=fields.pop("body"))
    meeting = services.meeting_create(access=access, body=body, **fields)
    return Status(201, selectors.meeting_get(access=access, meeting_id=meeting.pk))


@router.get(MEETINGS + "/{int:meeting_id}", response=MeetingDetailOut)
def meeting_detail(request, partnership_id: int, meeting_id: int):
    """The meeting with its agenda (refreshed from the data until the meeting starts), minutes, decisions
    and actions."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    proceedings.agenda_refresh(access=access, meeting=selectors.meeting_get(access=access, meeting_id=meeting_id))
    return selectors.meeting_with_proceedings(access=access, meeting_id=meeting_id)


@router.patch(MEETINGS + "/{int:meeting_id}", response=MeetingOut)
def meeting_update(request, partnership_id: int, meeting_id: int, payload: MeetingPatchIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    meeting = selectors.meeting_get(access=access, meeting_id=meeting_id)
    services.meeting_update(access=access, meeting=meeting, **payload.dict(exclude_unset=True))
    return selectors.meeting_get(access=access, meeting_id=meeting_id)


def _meeting_for_writing(request, partnership_id: int, meeting_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    return access, selectors.meeting_get(access=access, meeting_id=meeting_id)


@router.post(MEETINGS + "/{int:meeting_id}/agenda", response={201: AgendaItemOut})
def agenda_item_add(request, partnership_id: int, meeting_id: int, payload: AgendaItemIn):
    access, meeting = _meeting_for_writing(request, partnership_id, meeting_id)
    return Status(201, proceedings.agenda_item_add(access=access, meeting=meeting, title=payload.title))


@router.post(MEETINGS + "/{int:meeting_id}/minutes", response={201: MinuteEntryOut})
def minute_add(request, partnership_id: int, meeting_id: int, payload: MinuteEntryIn):
    access, meeting = _meeting_for_writing(request, partnership_id, meeting_id)
    return Status(201, proceedings.minute_add(access=access, meeting=meeting, **payload.dict()))


@router.post(MEETINGS + "/{int:meeting_id}/decisions", response={201: DecisionOut})
def decision_add(request, partnership_id: int, meeting_id: int, payload: MinuteEntryIn):
    access, meeting = _meeting_for_writing(request, partnership_id, meeting_id)
    return Status(201, proceedings.decision_add(access=access, meeting=meeting, **payload.dict()))


@router.post(MEETINGS + "/{int:meeting_id}/actions", response={201: ActionItemOut})
def meeting_action_add(request, partnership_id: int, meeting_id: int, payload: ActionItemIn):
    access, meeting = _meeting_for_writing(request, partnership_id, meeting_id)
    action = actions.action_create(access=access, meeting=meeting, **payload.dict())
    return Status(201, selectors.action_get(access=access, action_id=action.pk))


@router.post(MEETINGS + "/{int:meeting_id}/approve-minutes", response=MeetingOut)
def minutes_approve(request, partnership_id: int, meeting_id: int):
    """The body's chair approves the minutes (403 for anyone else; 409 when already approved)."""
    access, meeting = _meeting_for_writing(request, partnership_id, meeting_id)
    proceedings.minutes_approve(access=access, meeting=meeting)
    return selectors.meeting_get(access=access, meeting_id=meeting_id)


class DecisionFilter(Schema):
    search: str = ""


@router.get("/partnerships/{int:partnership_id}/decisions", response=list[DecisionOut])
@paginate(Pagination)
def decision_log(request, partnership_id: int, filters: Query[DecisionFilter]):
    """The decision log across the partnership, newest first; ``search`` looks in the text."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.decision_log(access=access, search=filters.search)


class ActionFilter(Schema):
    status: str = ""
    owner_party: int | None = None
    owner: int | None = None
    overdue: bool = False
    meeting: int | None = None


@router.get(ACTIONS, response=list[ActionItemOut])
@paginate(Pagination)
def action_list(request, partnership_id: int, filters: Query[ActionFilter]):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.action_list(access=access, status=filters.status, party_id=filters.owner_party,
                                 owner_id=filters.owner, overdue=filters.overdue, meeting_id=filters.meeting)


@router.post(ACTIONS, response={201: ActionItemOut})
def action_create(request, partnership_id: int, payload: ActionItemIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    action = actions.action_create(access=access, **payload.dict())
    return Status(201, selectors.action_get(access=access, action_id=action.pk))


@router.patch(ACTIONS + "/{int:action_id}", response=ActionItemOut)
def action_update(request, partnership_id: int, action_id: int, payload: ActionItemPatchIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    action = selectors.action_get(access=access, action_id=action_id)
    fields = payload.dict(exclude_unset=True)
    if "status" in fields:
        fields["status"] = str(fields["status"])
    actions.action_update(access=access, action=action, **fields)
    return selectors.action_get(access=access, action_id=action_id)


@router.get(ACTIONS + "/on-time", response=list[OnTimeRateOut])
def action_on_time_rates(request, partnership_id: int):
    """"Done on time" per party: of the actions due so far (cancelled ones aside), the share done by their date."""
    return selectors.on_time_rates(access=partnership_access(request.user, partnership_id=partnership_id))


from . import escalation_api  # noqa: E402,F401  (its routes join this router)
