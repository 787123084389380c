"""API shapes of markets and sites."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from accord.metrics.schemas import Number, NumbersOut


class MarketOut(NumbersOut):
    id: int
    code: str
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    currency: str = Field(description="ISO 4217")
    region: str
    weight: Number | None = Field(description="the market's weight in weighted roll-ups")
    revision: int
    created_at: datetime.datetime


class MarketIn(Schema):
    code: str
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2, e.g. DE")
    currency: str = Field(description="ISO 4217, e.g. EUR")
    region: str = ""
    weight: Decimal | None = None


class MarketPatchIn(Schema):
    code: str | None = None
    name: str | None = None
    country: str | None = None
    currency: str | None = None
    region: str | None = None
    weight: Decimal | None = None
    revision: int | None = None


class SiteOut(Schema):
    id: int
    code: str
    name: str
    market: str = Field(description="the market's code")
    address: str
    revision: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_market(site) -> str:
        return site.market.code


class SiteIn(Schema):
    code: str
    name: str
    market: str = Field(description="the code of one of the partnership's markets")
    address: str = ""


class SitePatchIn(Schema):
    code: str | None = None
    name: str | None = None
    market: str | None = None
    address: str | None = None
    revision: int | None = None
