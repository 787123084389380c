"""API shapes of the escalation ladder, attendance and preparation notes (names unique across ``src/``)."""

import datetime

from django.utils import timezone
from ninja import Field, Schema

from . import calculations
from .escalation_models import ConcernType, EscalationCategory, EscalationSeverity
from .models import AttendanceStatus
from .schemas import ActionItemOut


class EscalationConcernIn(Schema):
    type: ConcernType
    id: int | str = Field(description="The indicator, deliverable or statement id, or the term's name.")


class EscalationIn(Schema):
    category: EscalationCategory
    severity: EscalationSeverity
    description: str = Field(min_length=1, max_length=10_000)
    concerns: EscalationConcernIn | None = None


class EscalationRespondIn(Schema):
    text: str = Field(min_length=1, max_length=10_000)


class EscalationEscalateIn(Schema):
    text: str = Field("", max_length=10_000, description="Why it goes up a level (optional).")


class EscalationResolveIn(Schema):
    resolution: str = Field(min_length=1, max_length=10_000)
    agreed_by: list[int] = Field(description="The people (user ids) who agreed, at least one of each party.")


class EscalationConcernOut(Schema):
    type: str
    id: str
    label: str


class EscalationAgreedOut(Schema):
    user: int
    name: str
    party: int
    organization: str


class EscalationStepOut(Schema):
    kind: str
    level: str
    text: str
    actor: str | None
    party: int = Field(alias="party_id")
    organization: str = Field(alias="party.organization.name")
    at: datetime.datetime
    respond_by: datetime.date | None
    resolve_by: datetime.date | None
    responded_at: datetime.datetime | None
    agreed: list[EscalationAgreedOut]

    @staticmethod
    def resolve_actor(step):
        return step.actor.username if step.actor else None


class EscalationOut(Schema):
    id: int
    category: str
    severity: str
    description: str
    title: str
    concerns: EscalationConcernOut | None
    level: str
    status: str
    raised_by_party: int = Field(alias="owner_party_id")
    raised_by_organization: str = Field(alias="owner_party.organization.name")
    respond_by: datetime.date
    resolve_by: datetime.date
    acknowledged_at: datetime.datetime | None
    responded_at: datetime.datetime | None
    resolved_at: datetime.datetime | None
    resolution: str
    can_escalate: bool
    escalation_blocker: str = Field(description="Why it cannot go up a level now (empty when it can).")
    resolution_overdue: bool = Field(description="The level's resolution target passed: escalating is proposed.")
    created_at: datetime.datetime

    @staticmethod
    def resolve_concerns(escalation):
        if not escalation.concerns_type:
            return None
        return {"type": escalation.concerns_type, "id": escalation.concerns_id, "label": escalation.concerns_label}

    @staticmethod
    def resolve_escalation_blocker(escalation):
        return calculations.escalation_blocker(level=escalation.level, status=escalation.status,
                                               responded=escalation.responded_at is not None,
                                               resolve_by=escalation.resolve_by, today=timezone.localdate())

    @staticmethod
    def resolve_can_escalate(escalation):
        return not EscalationOut.resolve_escalation_blocker(escalation)

    @staticmethod
    def resolve_resolution_overdue(escalation):
        return calculations.overdue_for_escalation(status=escalation.status, level=escalation.level,
                                                   resolve_by=escalation.resolve_by, today=timezone.localdate())


class EscalationDetailOut(EscalationOut):
    history: list[EscalationStepOut]
    agreed_by: list[EscalationAgreedOut]
    actions: list[ActionItemOut]

    @staticmethod
    def resolve_history(escalation):
        return list(escalation.steps.all())

    @staticmethod
    def resolve_agreed_by(escalation):
        resolved = [step for step in escalation.steps.all() if step.kind == "resolved"]
        return resolved[-1].agreed if resolved else []

    @staticmethod
    def resolve_actions(escalation):
        return list(escalation.actions.all())


class EscalationTargetsOut(Schema):
    working_respond_days: int
    working_resolve_days: int
    operational_respond_days: int
    operational_resolve_days: int
    strategic_respond_days: int
    strategic_resolve_days: int
    feed_indicators: bool


class EscalationTargetsPatchIn(Schema):
    working_respond_days: int = Field(None, ge=1, le=250)
    working_resolve_days: int = Field(None, ge=1, le=250)
    operational_respond_days: int = Field(None, ge=1, le=250)
    operational_resolve_days: int = Field(None, ge=1, le=250)
    strategic_respond_days: int = Field(None, ge=1, le=250)
    strategic_resolve_days: int = Field(None, ge=1, le=250)
    feed_indicators: bool = None


class AttendanceEntryIn(Schema):
    user: int
    status: AttendanceStatus


class AttendanceIn(Schema):
    attendance: list[AttendanceEntryIn] = Field(max_length=500)


class PreparationNoteIn(Schema):
    text: str = Field(min_length=1, max_length=10_000)
    visibility: str = Field("private", pattern="^(private|shared)$")
