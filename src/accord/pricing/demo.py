"""Demo prices: three service lines over the hospital partnership's four markets for the last three months,
with PPP conversion factors of the World Bank's kind (LCU per international $), imported as one CSV."""

from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accord.audits.demo import FACILITIES, markets_and_sites
from accord.core.demo import DemoWorld
from accord.partnerships.access import partnership_access

from . import services
from .models import PricePoint, ServiceLine

LINES = [("CLEAN-HR", "Cleaning hour", "hour"), ("GUARD-HR", "Security guard hour", "hour"),
         ("MEAL", "Staff restaurant meal", "meal")]
# market → (PPP factor, prices of CLEAN-HR, GUARD-HR, MEAL in the market's currency)
PRICES = {"DE": ("0.73", "24.50", "29.00", "7.90"), "IE": ("0.80", "27.50", "30.50", "9.60"),
          "NL": ("0.78", "26.00", "31.00", "8.40"), "GB": ("0.68", "19.80", "21.50", "6.10")}


def seed(world: DemoWorld) -> None:
    partnership = world.partnerships.get(FACILITIES)
    if partnership is None or PricePoint.objects.filter(partnership=partnership).exists():
        return
    access = partnership_access(world.users["alice"], partnership_id=partnership.pk)
    markets_and_sites(partnership, access.party)
    for code, name, unit in LINES:
        if not ServiceLine.objects.filter(partnership=partnership, code=code).exists():
            services.service_line_create(access=access, code=code, name=name, unit=unit)
    this_month = timezone.localdate().replace(day=1)
    lines = ["service,market,period,price,factor,factor_source"]
    for months_ago, drift in ((3, "0.98"), (2, "0.99"), (1, "1.00")):
        period = (this_month - relativedelta(months=months_ago)).strftime("%Y-%m")
        for market, (factor, *prices) in PRICES.items():
            for (code, _name, _unit), price in zip(LINES, prices, strict=True):
                value = (Decimal(price) * Decimal(drift)).quantize(Decimal("0.01"))
                lines.append(f"{code},{market},{period},{value},{factor},World Bank ICP PPP 2024")
    services.price_points_import(access=access, data="\n".join(lines).encode(), file_name="demo-prices.csv")
