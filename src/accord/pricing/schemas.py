"""API shapes of P3; class names start with ``Pricing``/``ServiceLine``/``PricePoint`` (unique across the API)."""

import datetime
from decimal import Decimal

from ninja import Field, Schema


class ServiceLineIn(Schema):
    code: str
    name: str
    unit: str


class ServiceLineOut(Schema):
    id: int
    code: str
    name: str
    unit: str


class PricePointIn(Schema):
    service: str = Field(description="the service line's code")
    market: str = Field(description="the market's code")
    period: str = Field(description="the month: YYYY-MM-01 (its first day) or YYYY-MM")
    price: Decimal = Field(description="in the market's currency")
    currency: str = Field("", description="optional; must be the market's currency when given")
    factor: Decimal = Field(description="normalisation factor > 0: by default the World Bank PPP conversion "
                                        "factor, local currency units per international dollar")
    factor_source: str = ""


class PricePointOut(Schema):
    id: int
    service: str = Field(alias="service_line.code")
    market: str = Field(alias="market.code")
    period: datetime.date
    price: Decimal
    currency: str
    factor: Decimal
    factor_source: str


class PricingMarketOut(Schema):
    market: str
    price: Decimal
    currency: str
    factor: Decimal
    normalised: Decimal = Field(description="price ÷ factor, shown to 4 decimals")
    index: Decimal | None = Field(description="normalised ÷ median × 100, one decimal, half-up")
    flag: str = Field(description="ok, above or below (outside ± tolerance)")


class PricingServiceOut(Schema):
    service: str
    median: Decimal | None
    markets: list[PricingMarketOut]


class PricingParityOut(Schema):
    period: datetime.date
    tolerance_percent: Decimal
    services: list[PricingServiceOut]


class PricingSettingsIn(Schema):
    tolerance_percent: Decimal


class PricingSettingsOut(Schema):
    tolerance_percent: Decimal
