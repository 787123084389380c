"""API shapes of indicators."""

import datetime
from decimal import Decimal

from ninja import Schema

from accord.metrics.schemas import (
    AggregationName,
    BandIn,
    BandOut,
    DirectionName,
    EntryByName,
    FrequencyName,
    KindName,
    Number,
    NumbersOut,
    RollupName,
    ScopeName,
    VisibilityName,
)


class IndicatorChangeOut(Schema):
    """A proposed (or decided) change of an indicator's score-moving fields; ``fields`` hold exact decimal text."""

    id: int
    indicator: int
    status: str
    is_creation: bool
    fields: dict
    effective_from: datetime.date | None
    reason: str
    proposed_by: str | None
    party: int
    proposed_at: datetime.datetime
    acceptances: list[dict]
    decided_by: str | None
    decided_at: datetime.datetime | None
    decline_reason: str


class IndicatorDefinitionOut(Schema):
    """One definition of an indicator's timeline: in force from ``effective_from`` (null: from the start)."""

    effective_from: datetime.date | None
    fields: dict
    agreed_on: datetime.date
    note: str


class IndicatorChangeIn(Schema):
    fields: dict
    effective_from: datetime.date | None = None
    reason: str = ""


class IndicatorChangeDeclineIn(Schema):
    reason: str = ""


class IndicatorOut(NumbersOut):
    id: int
    code: str
    name: str
    description: str
    kind: str
    unit: str
    direction: str
    target: Number
    baseline: Number | None
    stretch: Number | None
    bands: list[BandOut]
    frequency: str
    aggregation: str
    weight: Number
    scope: str
    rollup: str
    owner_party: int
    entry_by: str
    visibility: str
    data_source: str
    method: str
    active_from: datetime.date | None
    active_to: datetime.date | None
    revision: int
    status: str
    pending_changes: list[IndicatorChangeOut]
    history: list[IndicatorDefinitionOut]


class IndicatorIn(Schema):
    code: str
    name: str
    target: Decimal
    description: str = ""
    kind: KindName = "kpi"
    unit: str = ""
    direction: DirectionName = "higher_is_better"
    baseline: Decimal | None = None
    stretch: Decimal | None = None
    bands: list[BandIn] = []
    frequency: FrequencyName = "monthly"
    aggregation: AggregationName = "average"
    weight: Decimal = Decimal("1")
    scope: ScopeName = "partnership"
    rollup: RollupName = "average"
    owner_party: int | None = None
    entry_by: EntryByName = "owner"
    visibility: VisibilityName = "shared"
    data_source: str = ""
    method: str = ""
    active_from: datetime.date | None = None
    active_to: datetime.date | None = None


class IndicatorPatchIn(Schema):
    code: str | None = None
    name: str | None = None
    target: Decimal | None = None
    description: str | None = None
    kind: KindName | None = None
    unit: str | None = None
    direction: DirectionName | None = None
    baseline: Decimal | None = None
    stretch: Decimal | None = None
    bands: list[BandIn] | None = None
    frequency: FrequencyName | None = None
    aggregation: AggregationName | None = None
    weight: Decimal | None = None
    scope: ScopeName | None = None
    rollup: RollupName | None = None
    owner_party: int | None = None
    entry_by: EntryByName | None = None
    visibility: VisibilityName | None = None
    data_source: str | None = None
    method: str | None = None
    active_from: datetime.date | None = None
    active_to: datetime.date | None = None
    revision: int | None = None
    effective_from: datetime.date | None = None
    reason: str = ""
