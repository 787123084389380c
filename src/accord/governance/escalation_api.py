"""The API of the escalation ladder, meeting attendance and preparation notes (on the governance router)."""

from ninja import Query, Schema, Status
from ninja.pagination import paginate

from accord.core.pagination import Pagination
from accord.partnerships import notes
from accord.partnerships.access import partnership_access

from . import actions, attendance, ladder, selectors
from .api import MEETINGS, router
from .escalation_schemas import (
    AttendanceIn,
    EscalationDetailOut,
    EscalationEscalateIn,
    EscalationIn,
    EscalationOut,
    EscalationResolveIn,
    EscalationRespondIn,
    EscalationTargetsOut,
    EscalationTargetsPatchIn,
    PreparationNoteIn,
)
from .schemas import ActionItemIn, ActionItemOut, MeetingDetailOut, PreparationNoteOut

ESCALATIONS = "/partnerships/{int:partnership_id}/escalations"
ONE = ESCALATIONS + "/{int:escalation_id}"


class EscalationFilter(Schema):
    status: str = ""
    level: str = ""
    category: str = ""
    severity: str = ""


@router.get(ESCALATIONS, response=list[EscalationOut])
@paginate(Pagination)
def escalation_list(request, partnership_id: int, filters: Query[EscalationFilter]):
    """Every escalation of the partnership (shared), newest first; filters by status, level, category, severity."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.escalation_list(access=access, **filters.dict())


@router.post(ESCALATIONS, response={201: EscalationDetailOut})
def escalation_raise(request, partnership_id: int, payload: EscalationIn):
    """Raise a problem at the working level; ``concerns`` names an indicator, deliverable, term or statement."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    concerns = payload.concerns
    escalation = ladder.escalation_raise(access=access, category=str(payload.category), severity=str(payload.severity),
                                         description=payload.description,
                                         concerns_type=str(concerns.type) if concerns else "",
                                         concerns_id=concerns.id if concerns else None)
    return Status(201, selectors.escalation_get(access=access, escalation_id=escalation.pk))


@router.get(ONE, response=EscalationDetailOut)
def escalation_detail(request, partnership_id: int, escalation_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.escalation_get(access=access, escalation_id=escalation_id)


def _for_writing(request, partnership_id: int, escalation_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    return access, selectors.escalation_get(access=access, escalation_id=escalation_id)


@router.post(ONE + "/acknowledge", response=EscalationDetailOut)
def escalation_acknowledge(request, partnership_id: int, escalation_id: int):
    """The receiving party acknowledges it (403 for the party that raised it; 409 when already done)."""
    access, escalation = _for_writing(request, partnership_id, escalation_id)
    ladder.escalation_acknowledge(access=access, escalation=escalation)
    return selectors.escalation_get(access=access, escalation_id=escalation_id)


@router.post(ONE + "/respond", response=EscalationDetailOut)
def escalation_respond(request, partnership_id: int, escalation_id: int, payload: EscalationRespondIn):
    """A response at the current level: a proposal, mediation notes."""
    access, escalation = _for_writing(request, partnership_id, escalation_id)
    ladder.escalation_respond(access=access, escalation=escalation, text=payload.text)
    return selectors.escalation_get(access=access, escalation_id=escalation_id)


@router.post(ONE + "/escalate", response=EscalationDetailOut)
def escalation_escalate(request, partnership_id: int, escalation_id: int, payload: EscalationEscalateIn | None = None):
    """Up one level. 409 ("resolve at your level first") until a response is recorded at the current level,
    unless the level's resolution target has passed."""
    access, escalation = _for_writing(request, partnership_id, escalation_id)
    ladder.escalation_escalate(access=access, escalation=escalation, text=payload.text if payload else "")
    return selectors.escalation_get(access=access, escalation_id=escalation_id)


@router.post(ONE + "/resolve", response=EscalationDetailOut)
def escalation_resolve(request, partnership_id: int, escalation_id: int, payload: EscalationResolveIn):
    """Resolved: the resolution and the people of each party who agreed to it."""
    access, escalation = _for_writing(request, partnership_id, escalation_id)
    ladder.escalation_resolve(access=access, escalation=escalation, resolution=payload.resolution,
                              agreed_by=payload.agreed_by)
    return selectors.escalation_get(access=access, escalation_id=escalation_id)


@router.post(ONE + "/actions", response={201: ActionItemOut})
def escalation_action_add(request, partnership_id: int, escalation_id: int, payload: ActionItemIn):
    """An action that comes from the escalation (its ``source``)."""
    access, escalation = _for_writing(request, partnership_id, escalation_id)
    action = actions.action_create(access=access, escalation=escalation, **payload.dict())
    return Status(201, selectors.action_get(access=access, action_id=action.pk))


TARGETS = "/partnerships/{int:partnership_id}/escalation-targets"


@router.get(TARGETS, response=EscalationTargetsOut)
def escalation_targets(request, partnership_id: int):
    """Working days to respond and to resolve at each level (the defaults until set), and the feed setting."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    return ladder.targets_for(access.partnership)


@router.patch(TARGETS, response=EscalationTargetsOut)
def escalation_targets_update(request, partnership_id: int, payload: EscalationTargetsPatchIn):
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    return ladder.targets_update(access=access, **{name: value for name, value in payload.dict(exclude_unset=True).items()
                                                   if value is not None})


@router.post(MEETINGS + "/{int:meeting_id}/attendance", response=MeetingDetailOut)
def attendance_record(request, partnership_id: int, meeting_id: int, payload: AttendanceIn):
    """Replace who attended (present, absent, apologies): members of the body and guests named on the parties."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    meeting = selectors.meeting_get(access=access, meeting_id=meeting_id)
    attendance.attendance_record(access=access, meeting=meeting,
                                 entries=[{"user": row.user, "status": str(row.status)} for row in payload.attendance])
    return selectors.meeting_with_proceedings(access=access, meeting_id=meeting_id)


@router.post(MEETINGS + "/{int:meeting_id}/preparation-notes", response={201: PreparationNoteOut})
def preparation_note_add(request, partnership_id: int, meeting_id: int, payload: PreparationNoteIn):
    """Your party's preparation for the meeting: private to your party unless ``visibility`` is ``shared``."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    meeting = selectors.meeting_get(access=access, meeting_id=meeting_id)
    note = notes.note_create(access=access, kind=attendance.PREPARATION_NOTES, meeting=meeting, text=payload.text,
                             visibility=payload.visibility)
    return Status(201, notes.note_get(access=access, kind=attendance.PREPARATION_NOTES, note_id=note.pk))
