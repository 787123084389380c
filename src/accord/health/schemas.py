"""API schemas of relationship health (names unique across ``src/``: the OpenAPI document keys them)."""

import datetime
from typing import Any

from ninja import Field, Schema


class SurveyQuestionOut(Schema):
    code: str
    text: str
    scale: str
    anchors: list[str]
    group: str = ""


class SurveyTemplateOut(Schema):
    code: str
    name: str
    description: str = ""
    based_on: str = ""
    questions: list[SurveyQuestionOut]
    free_text: dict[str, str]


class SurveyCustomQuestionIn(Schema):
    code: str
    text: str
    scale: str = "1-5"
    anchors: list[str] = []


class SurveyTemplateCopyIn(Schema):
    based_on: str
    name: str = ""
    questions: list[SurveyCustomQuestionIn] = []


class SurveyRoundIn(Schema):
    template: str
    title: str
    opens: datetime.date
    closes: datetime.date
    period: datetime.date | None = None
    respondents: list[int] | None = None
    threshold: int = 3


class SurveyRoundOut(Schema):
    id: int
    title: str
    template: str
    template_name: str
    period: datetime.date
    opens: datetime.date
    closes: datetime.date
    threshold: int
    status: str
    closed_on: datetime.date | None
    asked: int
    answered: int


class SurveyRoundDetailOut(SurveyRoundOut):
    questions: list[SurveyQuestionOut]
    free_text: dict[str, str]
    you_are_asked: bool
    you_have_answered: bool


class SurveyAnswerIn(Schema):
    answers: dict[str, Any]
    comments: dict[str, Any] = {}


class SurveyAnswerOut(Schema):
    detail: str


class SurveyDimensionOut(Schema):
    code: str
    label: str = ""
    mean: float | None
    score: float | None


class SurveyNpsOut(Schema):
    value: float | None
    promoters: int
    passives: int
    detractors: int
    answers: int


class SurveyPartyResultOut(Schema):
    party: int
    name: str
    responses: int
    status: str
    dimensions: list[SurveyDimensionOut]
    nps: SurveyNpsOut | None
    overall: float | None
    comments: list[str]


class SurveyGapOut(Schema):
    code: str
    label: str = ""
    gap: float
    higher: int | None
    higher_name: str = ""


class SurveyAlertOut(Schema):
    kind: str
    code: str
    party: int | None
    text: str


class SurveyResultsOut(Schema):
    threshold: int
    status: str = Field(description="open: live results; closed: frozen at close")
    parties: list[SurveyPartyResultOut]
    gaps: list[SurveyGapOut]
    alerts: list[SurveyAlertOut]
    trend: list[dict[str, Any]]


class SurveyActionIn(Schema):
    code: str
    kind: str = Field(description="low_score or gap")
    owner: int
    owner_party: int
    due_date: datetime.date


class SurveyActionOut(Schema):
    id: int
    title: str
    source: str
    due_date: datetime.date


class PhaseCriterionOut(Schema):
    stage: str
    code: str
    label: str
    met: bool
    evidence: str


class PhaseOut(Schema):
    phase: str
    phase_label: str
    next_phase: str | None
    criteria: list[PhaseCriterionOut]


class PhaseMoveIn(Schema):
    phase: str
    reason: str = ""


class HealthComponentOut(Schema):
    value: float | None
    status: str
    weight: float
    explanation: str
    inputs: dict[str, Any]


class HealthComponentsOut(Schema):
    operational: HealthComponentOut
    relationship: HealthComponentOut
    behavioural: HealthComponentOut


class HealthIndexOut(Schema):
    period: str
    period_label: str
    index: float | None
    formula: str
    weights: dict[str, float]
    window: dict[str, str]
    components: HealthComponentsOut


class HealthSettingsIn(Schema):
    operational_weight: float | None = None
    relationship_weight: float | None = None
    behavioural_weight: float | None = None
    gap_alert: float | None = None
    low_score_alert: float | None = None


class HealthSettingsOut(Schema):
    operational_weight: float
    relationship_weight: float
    behavioural_weight: float
    gap_alert: float
    low_score_alert: float
