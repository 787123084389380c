import datetime
from typing import Literal

from ninja import Schema

VersionStatusName = Literal["draft", "proposed", "in_force", "superseded"]


class CharterPartyRef(Schema):
    id: int
    name: str


class CharterValue(Schema):
    name: str
    description: str = ""


class CharterSignatureOut(Schema):
    party: CharterPartyRef
    user: str | None
    signed_at: datetime.datetime


class CharterReviewOut(Schema):
    purpose_values_due: datetime.date | None
    mission_vision_due: datetime.date | None
    purpose_values_months: int
    mission_vision_months: int
    purpose_values_overdue: bool
    mission_vision_overdue: bool
    overdue: bool
    due_soon: bool


class CharterVersionOut(Schema):
    number: int
    status: VersionStatusName
    purpose: str
    vision: str
    vision_horizon: datetime.date | None
    mission: str
    values: list[CharterValue]
    tagline: str
    card_purpose: str
    card_vision: str
    card_mission: str
    card_values: list[CharterValue]
    source: str
    withdrawn_reason: str
    withdrawn_at: datetime.datetime | None
    created_by: str | None
    created_at: datetime.datetime
    proposed_at: datetime.datetime | None
    in_force_at: datetime.date | None
    superseded_at: datetime.date | None
    revision: int
    signatures: list[CharterSignatureOut]


class CharterOut(CharterVersionOut):
    review: CharterReviewOut


class CharterVersionPage(Schema):
    count: int
    items: list[CharterVersionOut]


class CharterVersionCreateIn(Schema):
    template: str | None = None
    copy_from: int | None = None
    from_version: int | None = None
    purpose: str | None = None
    vision: str | None = None
    vision_horizon: datetime.date | None = None
    mission: str | None = None
    values: list[CharterValue] | None = None
    tagline: str | None = None
    card_purpose: str | None = None
    card_vision: str | None = None
    card_mission: str | None = None
    card_values: list[CharterValue] | None = None


class CharterVersionPatchIn(Schema):
    purpose: str | None = None
    vision: str | None = None
    vision_horizon: datetime.date | None = None
    mission: str | None = None
    values: list[CharterValue] | None = None
    tagline: str | None = None
    card_purpose: str | None = None
    card_vision: str | None = None
    card_mission: str | None = None
    card_values: list[CharterValue] | None = None
    revision: int | None = None


class CharterWithdrawIn(Schema):
    # Optional here so that the service answers a missing reason with a 400 naming the field,
    # after the access check (an outsider gets the same 404 as for a missing partnership).
    reason: str = ""


class CharterSignIn(Schema):
    party: int | None = None


class CharterChangeOut(Schema):
    field: str
    name: str | None = None
    before: object | None = None
    after: object | None = None


class CharterCadenceIn(Schema):
    purpose_values_review_months: int
    mission_vision_review_months: int
