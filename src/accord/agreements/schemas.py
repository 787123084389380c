import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from accord.partnerships.schemas import NoteOut, VisibilityName

NegotiabilityName = Literal["non_negotiable", "flexible"]
RenewalName = Literal["automatic", "mutual_consent"]
FeePeriodName = Literal["one_off", "monthly", "quarterly", "annual", ""]
DeliverableStatusName = Literal["planned", "in_progress", "delivered", "accepted", "late"]
PurposeName = Literal["formal_updates", "quick_queries", "meetings", "escalations"]
LegalKindName = Literal["nda", "data_privacy", "data_sharing", "ip_ownership", "other"]
RegimeName = Literal["gdpr", "hipaa", "ccpa", "other", ""]
IpOwnershipName = Literal["joint", "party", ""]
LegalStatusName = Literal["not_started", "in_review", "agreed", "signed"]
TermName = Literal["responsibilities", "deliverables", "milestones", "communication", "legal", "revenue_sharing",
                   "licence_fee", "duration", "notice_period", "exit"]


# Output ------------------------------------------------------------------------------------

class AgreementPartyOut(Schema):
    """A party as the agreement names it (the partnership's ``PartyOut`` carries the organization's id too)."""

    id: int
    organization: str = Field(description="The party's organization, by name.")
    role: str


class AgreementSignatureOut(Schema):
    party: int
    organization: str
    user: str
    signed_at: datetime.datetime


class AreaOut(Schema):
    id: int
    name: str
    decision_authority: str
    reporting_line: str
    negotiability: str
    roles: dict[str, str]  # party id -> R/A/C/I (blank cells left out)


class DeliverableOut(Schema):
    id: int
    title: str
    owner_party: int
    due_date: datetime.date | None
    acceptance_criteria: str
    status: str
    negotiability: str
    overdue: bool


class MilestoneOut(Schema):
    id: int
    title: str
    date: datetime.date
    description: str
    negotiability: str


class ChannelOut(Schema):
    purpose: str
    channel: str
    cadence: str
    negotiability: str


class LiaisonOut(Schema):
    party: int
    user_id: int
    user: str


class LegalItemOut(Schema):
    id: int
    kind: str
    title: str
    regime: str
    ip_ownership: str
    ip_owner_party: int | None
    status: str
    document_reference: str
    negotiability: str


class RevenueShareOut(Schema):
    party: int
    organization: str
    share_percent: Decimal


class SharedCostOut(Schema):
    id: int
    description: str
    amount: Decimal
    currency: str
    split: str
    negotiability: str


class ExitClauseOut(Schema):
    id: int
    trigger: str
    notice: str
    consequence: str
    shared_assets: str
    negotiability: str


class AgreementKeyDatesOut(Schema):
    term_end: datetime.date | None
    notice_deadline: datetime.date | None
    notice_flag: str  # "passed" | "approaching" (within 90 days) | ""
    renewal_decision_date: datetime.date | None
    renewal_flag: str
    renewal_term_end: datetime.date | None


class AgreementVersionSummaryOut(Schema):
    number: int
    status: str
    created_by: str | None
    created_at: datetime.datetime
    proposed_at: datetime.datetime | None
    in_force_at: datetime.datetime | None
    superseded_at: datetime.datetime | None
    withdrawn_reason: str
    withdrawn_at: datetime.datetime | None
    based_on: int | None
    revision: int
    signatures: list[AgreementSignatureOut]


class AgreementVersionOut(AgreementVersionSummaryOut):
    parties: list[AgreementPartyOut]
    start_date: datetime.date | None
    end_date: datetime.date | None
    duration_months: int | None
    renewal: str
    renewal_term_months: int | None
    notice_period_days: int | None
    term_negotiability: str
    revenue_sharing_basis: str
    revenue_sharing_negotiability: str
    revenue_shares: list[RevenueShareOut]
    licence_fee_amount: Decimal | None
    licence_fee_currency: str
    licence_fee_period: str
    licence_fee_description: str
    licence_fee_negotiability: str
    key_dates: AgreementKeyDatesOut
    responsibilities: list[AreaOut]
    deliverables: list[DeliverableOut]
    milestones: list[MilestoneOut]
    communications: list[ChannelOut]
    liaisons: list[LiaisonOut]
    legal_items: list[LegalItemOut]
    shared_costs: list[SharedCostOut]
    exit_clauses: list[ExitClauseOut]


class TermNoteOut(NoteOut):
    term: str


# Input -------------------------------------------------------------------------------------

class AgreementVersionPatchIn(Schema):
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    duration_months: int | None = None
    renewal: RenewalName | None = None
    renewal_term_months: int | None = None
    notice_period_days: int | None = None
    term_negotiability: NegotiabilityName | None = None
    revenue_sharing_basis: str | None = None
    revenue_sharing_negotiability: NegotiabilityName | None = None
    revenue_shares: dict[str, Decimal | None] | None = None  # party id -> percent; replaces all shares
    licence_fee_amount: Decimal | None = None
    licence_fee_currency: str | None = None
    licence_fee_period: FeePeriodName | None = None
    licence_fee_description: str | None = None
    licence_fee_negotiability: NegotiabilityName | None = None
    revision: int | None = None


class AreaIn(Schema):
    name: str
    decision_authority: str = ""
    reporting_line: str = ""
    negotiability: NegotiabilityName = "flexible"
    roles: dict[str, str] = {}


class ResponsibilitiesIn(Schema):
    areas: list[AreaIn]
    revision: int | None = None


class ChannelIn(Schema):
    purpose: PurposeName
    channel: str
    cadence: str = ""
    negotiability: NegotiabilityName = "flexible"


class CommunicationsIn(Schema):
    channels: list[ChannelIn] = []
    liaisons: dict[str, int | None] = {}  # party id -> user id
    revision: int | None = None


class DeliverableIn(Schema):
    title: str
    owner_party: int
    due_date: datetime.date | None = None
    acceptance_criteria: str = ""
    status: DeliverableStatusName = "planned"
    negotiability: NegotiabilityName = "flexible"


class DeliverablePatchIn(Schema):
    title: str | None = None
    owner_party: int | None = None
    due_date: datetime.date | None = None
    acceptance_criteria: str | None = None
    status: DeliverableStatusName | None = None
    negotiability: NegotiabilityName | None = None


class MilestoneIn(Schema):
    title: str
    date: datetime.date
    description: str = ""
    negotiability: NegotiabilityName = "flexible"


class MilestonePatchIn(Schema):
    title: str | None = None
    date: datetime.date | None = None
    description: str | None = None
    negotiability: NegotiabilityName | None = None


class LegalItemIn(Schema):
    kind: LegalKindName
    title: str
    regime: RegimeName = ""
    ip_ownership: IpOwnershipName = ""
    ip_owner_party: int | None = None
    status: LegalStatusName = "not_started"
    document_reference: str = ""
    negotiability: NegotiabilityName = "non_negotiable"


class LegalItemPatchIn(Schema):
    kind: LegalKindName | None = None
    title: str | None = None
    regime: RegimeName | None = None
    ip_ownership: IpOwnershipName | None = None
    ip_owner_party: int | None = None
    status: LegalStatusName | None = None
    document_reference: str | None = None
    negotiability: NegotiabilityName | None = None


class SharedCostIn(Schema):
    description: str
    amount: Decimal
    currency: str
    split: str
    negotiability: NegotiabilityName = "flexible"


class SharedCostPatchIn(Schema):
    description: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    split: str | None = None
    negotiability: NegotiabilityName | None = None


class ExitClauseIn(Schema):
    trigger: str
    notice: str = ""
    consequence: str = ""
    shared_assets: str = ""
    negotiability: NegotiabilityName = "non_negotiable"


class ExitClausePatchIn(Schema):
    trigger: str | None = None
    notice: str | None = None
    consequence: str | None = None
    shared_assets: str | None = None
    negotiability: NegotiabilityName | None = None


class AgreementSignIn(Schema):
    party: int | None = None  # optional; if given it must be the caller's own party


class AgreementProposeIn(Schema):
    revision: int | None = None


class TermNoteIn(Schema):
    term: TermName
    text: str
    visibility: VisibilityName = "private"


class TermNotePatchIn(Schema):
    term: TermName | None = None
    text: str | None = None
    visibility: VisibilityName | None = None
    revision: int | None = None


class AgreementDraftIn(Schema):
    reason: str = ""
