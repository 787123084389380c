"""Input and output shapes of the incentives API (class names unique across ``src/``)."""

import datetime
from decimal import Decimal

from ninja import Schema


class FinancialModelIn(Schema):
    """The model's terms: every section optional; amounts and percentages as decimal strings."""

    revision: int | None = None
    currency: str | None = None
    applies_from: datetime.date | None = None
    base_fee: dict | None = None
    at_risk: dict | None = None
    bonus: dict | None = None
    cpi_penalty: dict | None = None
    gainshare: dict | None = None
    revenue_share: dict | None = None
    innovation: dict | None = None
    caps: dict | None = None


class FinancialModelDraftIn(Schema):
    reason: str = ""


class FinancialModelProposeIn(Schema):
    revision: int | None = None


class FinancialModelSignIn(Schema):
    party: int | None = None  # optional; if given it must be the caller's own party


class FinancialModelSignatureOut(Schema):
    party: int
    organization: str
    user: str
    signed_at: datetime.datetime


class FinancialModelVersionOut(Schema):
    number: int
    status: str
    applies_from: datetime.date | None
    currency: str
    terms: dict
    based_on: int | None
    revision: int
    created_by: str | None
    created_at: datetime.datetime
    proposed_at: datetime.datetime | None
    in_force_at: datetime.datetime | None
    superseded_at: datetime.datetime | None
    signatures: list[FinancialModelSignatureOut]


class StatementLineOut(Schema):
    kind: str
    label: str
    indicator: str
    formula: str
    inputs: dict[str, str]
    amount: Decimal


class StatementApprovalOut(Schema):
    party: int
    organization: str
    user: str
    at: datetime.datetime


class IncentiveStatementOut(Schema):
    period: datetime.date
    currency: str
    status: str
    model_version: int | None
    approvals: list[StatementApprovalOut]
    lines: list[StatementLineOut]
    net_payable: Decimal


class StatementSimulateIn(Schema):
    period: datetime.date
    model: dict | None = None
    values: dict[str, Decimal] | None = None


class StatementNoteIn(Schema):
    text: str
    visibility: str = "private"


class StatementNoteOut(Schema):
    id: int
    period: datetime.date
    text: str
    visibility: str
    organization: str
    created_by: str | None
    created_at: datetime.datetime


class StatementInnovationIn(Schema):
    title: str
    validated_value: str  # a decimal string, e.g. "12345.67"
    validated_by: str


class StatementInnovationOut(Schema):
    id: int
    period: datetime.date
    title: str
    validated_value: Decimal
    validated_by: str
    created_by: str | None
    created_at: datetime.datetime
