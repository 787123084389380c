import datetime
from decimal import Decimal

import pytest

from accord.core.testing import indicator_agreed
from accord.metrics import periods
from accord.metrics.indicators import services as indicator_services
from accord.metrics.measurements import services as measurement_services
from accord.metrics.scorecards.selectors import last_full_month


@pytest.fixture
def last_month():
    return last_full_month()


@pytest.fixture
def metrics(world, last_month):
    """A shared KPI owned by bob's party, a shared CPI owned by alice's party (both may enter), and alice's
    private KFI with values; every one measured in the last full month."""
    alice, bob = world.access(world.alice), world.access(world.bob)
    otd = indicator_agreed(owner_access=bob, other_access=alice, code="OTD", name="On-time delivery", kind="kpi",
                           target=Decimal("95"))
    cpi = indicator_agreed(owner_access=alice, other_access=bob, code="PRIV", name="Data protection", kind="cpi",
                                    target=Decimal("100"), entry_by="both",
                                    bands=[{"low": None, "high": "100", "status": "red"},
                                           {"low": "100", "high": None, "status": "green"}])
    secret = indicator_services.indicator_create(access=alice, code="SECRET", name="Our internal cost", kind="kfi",
                                       direction="lower_is_better", target=Decimal("1000"), visibility="private")
    for months_ago in range(3):
        month = periods.shift(last_month, periods.MONTHLY, -months_ago)
        measurement_services.measurement_record(access=bob, indicator=otd, period=month, value=Decimal("95"))
        measurement_services.measurement_record(access=alice, indicator=cpi, period=month, value=Decimal("100"))
        measurement_services.measurement_record(access=alice, indicator=secret, period=month, value=Decimal("4000"))
    return {"otd": otd, "cpi": cpi, "secret": secret}


def month_text(day: datetime.date) -> str:
    return day.strftime("%Y-%m")
