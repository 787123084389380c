"""API shapes of audits; every class name starts with ``Audit`` (names are unique across the API)."""

import datetime
from decimal import Decimal

from ninja import Field, Schema


class AuditItemIn(Schema):
    code: str
    text: str
    weight: Decimal = Decimal("1")
    scale: str = Field("yes_no", description='"yes_no", or "0-N" such as "0-4"')
    allow_na: bool = False


class AuditSectionIn(Schema):
    code: str
    name: str
    items: list[AuditItemIn]


class AuditTemplateIn(Schema):
    code: str
    name: str
    kind: str = Field("other", description="cleaning, security, food_service, workplace_experience or other")
    indicator: str | None = Field(None, description="the code of a shared indicator that completed audits feed")
    sections: list[AuditSectionIn]


class AuditItemOut(Schema):
    code: str
    text: str
    weight: Decimal
    scale: str
    allow_na: bool


class AuditSectionOut(Schema):
    code: str
    name: str
    items: list[AuditItemOut]

    @staticmethod
    def resolve_items(section):
        return list(section.items.all())


class AuditTemplateOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    version: int
    indicator: str | None
    sections: list[AuditSectionOut]


def template_out(template, version) -> dict:
    return {"id": template.pk, "code": template.code, "name": template.name, "kind": template.kind,
            "version": version.number, "indicator": version.indicator.code if version.indicator else None,
            "sections": list(version.sections.all())}


class AuditAnswerIn(Schema):
    item: str
    answer: int | str = Field(description='"yes", "no", an integer 0..N, or "na"')
    comment: str = ""


class AuditFindingIn(Schema):
    text: str
    owner: int = Field(description="a person (user id) of the owner party")
    owner_party: int
    due_date: datetime.date
    item: str | None = None


class AuditIn(Schema):
    template: str = Field(description="the template's code; the audit uses its latest version")
    site: str | None = None
    market: str | None = Field(None, description="for an audit of a whole market (else the site's market)")
    date: datetime.date
    auditor: int | None = Field(None, description="a person of either party; the caller by default")
    answers: list[AuditAnswerIn] = []
    findings: list[AuditFindingIn] = []


class AuditAnswersIn(Schema):
    answers: list[AuditAnswerIn] = []
    findings: list[AuditFindingIn] = []


class AuditAnswerOut(Schema):
    item: str = Field(alias="item.code")
    answer: int | str
    comment: str


class AuditFindingOut(Schema):
    id: int
    text: str
    item: str | None
    owner: int = Field(alias="owner_id")
    owner_party: int = Field(alias="owner_party_id")
    due_date: datetime.date
    action: int | None = Field(alias="action_id")
    status: str | None

    @staticmethod
    def resolve_item(finding):
        return finding.item.code if finding.item_id else None

    @staticmethod
    def resolve_status(finding):
        return finding.action.status if finding.action_id else None


class AuditPhotoOut(Schema):
    id: int
    item: str = Field(alias="item.code")
    content_type: str
    size: int
    uploaded_at: datetime.datetime


class AuditOut(Schema):
    id: int
    template: str = Field(alias="version.template.code")
    version: int = Field(alias="version.number")
    market: str = Field(alias="market.code")
    site: str | None
    auditor: int = Field(alias="auditor_id")
    date: datetime.date
    status: str
    score: Decimal | None = Field(description="rounded once, to one decimal; null until completed")
    answers: list[AuditAnswerOut]
    findings: list[AuditFindingOut]
    photos: list[AuditPhotoOut]

    @staticmethod
    def resolve_site(audit):
        return audit.site.code if audit.site_id else None

    @staticmethod
    def resolve_score(audit):
        return audit.score_shown

    @staticmethod
    def resolve_answers(audit):
        return list(audit.answers.all())

    @staticmethod
    def resolve_findings(audit):
        return list(audit.findings.all())

    @staticmethod
    def resolve_photos(audit):
        return list(audit.photos.all())


class AuditListOut(Schema):
    id: int
    template: str = Field(alias="version.template.code")
    version: int = Field(alias="version.number")
    market: str = Field(alias="market.code")
    site: str | None
    date: datetime.date
    status: str
    score: Decimal | None

    @staticmethod
    def resolve_site(audit):
        return audit.site.code if audit.site_id else None

    @staticmethod
    def resolve_score(audit):
        return audit.score_shown


class AuditSectionScoreOut(Schema):
    code: str
    score: Decimal | None


class AuditMeasurementOut(Schema):
    indicator: str
    period: datetime.date
    value: Decimal
    source: str
    audits: list[int] = Field(description="the completed audits the value combines")


class AuditCompleteOut(Schema):
    score: Decimal
    sections: list[AuditSectionScoreOut]
    measurement: AuditMeasurementOut | None
