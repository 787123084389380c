from decimal import Decimal

import pytest

from accord.core.testing import indicator_agreed
from accord.incentives import services
from accord.metrics import periods
from accord.metrics.indicators import services as indicator_services
from accord.metrics.measurements import services as measurement_services
from accord.metrics.scorecards.selectors import last_full_month
from accord.partnerships.services import party_member_add

MODEL = {
    "currency": "EUR",
    "base_fee": {"kind": "fixed", "amount": "100000.00"},
    "at_risk": {"percent": "10", "allocations": [{"indicator": "SL1", "share": "70", "mode": "graded"},
                                                 {"indicator": "SAFE", "share": "30", "mode": "red"}],
                "earn_back_periods": 0},
    "bonus": {"floor_score": "100", "stretch_score": "110", "cap_percent": "5"},
    "cpi_penalty": {"amount": "2000"},
    "gainshare": {"indicator": "COST", "baseline": "80000", "provider_share_percent": "50", "pain_cap": "10000"},
}


@pytest.fixture
def month():
    return last_full_month()


def months_back(month, count):
    return periods.shift(month, periods.MONTHLY, -count)


@pytest.fixture
def money_world(world, month):
    return seed_money(world, month)


def seed_money(world, month):
    """Signatories on both sides; agreed shared SL1 (KPI), SAFE (CPI), COST (KFI) and alice's private SECRET
    (a KFI), measured over the last three months."""
    alice, bob = world.access(world.alice), world.access(world.bob)
    for user in (world.alice, world.bob):
        party_member_add(access=world.access(user), user_id=user.pk, role="signatory")
    world.indicators = {
        "SL1": indicator_agreed(owner_access=bob, other_access=alice, code="SL1", name="Response time met",
                                kind="kpi", target=Decimal("100")),
        "SAFE": indicator_agreed(owner_access=alice, other_access=bob, code="SAFE", name="Safety incidents",
                                 kind="cpi", target=Decimal("100"), entry_by="both",
                                 bands=[{"low": None, "high": "100", "status": "red"},
                                        {"low": "100", "high": None, "status": "green"}]),
        "COST": indicator_agreed(owner_access=bob, other_access=alice, code="COST", name="Cost of service",
                                 kind="kfi", direction="lower_is_better", target=Decimal("80000")),
        "SECRET": indicator_services.indicator_create(access=alice, code="SECRET", name="Our margin", kind="kfi",
                                                      target=Decimal("1"), visibility="private"),
    }
    for ago in range(3):
        period = months_back(month, ago)
        record(world, "SL1", period, "105")
        record(world, "SAFE", period, "100")
        record(world, "COST", period, "60000")
        measurement_services.measurement_record(access=alice, indicator=world.indicators["SECRET"], period=period,
                                                value=Decimal("5"))
    return world


def record(world, code, period, value):
    indicator = world.indicators[code]
    user = world.alice if code == "SAFE" else world.bob
    measurement_services.measurement_record(access=world.access(user), indicator=indicator, period=period,
                                            value=Decimal(value))


@pytest.fixture
def model_in_force(money_world, month):
    return sign_model(money_world, month)


def sign_model(world, month):
    """``MODEL`` signed by both parties, applying from two months back."""
    alice, bob = world.access(world.alice), world.access(world.bob)
    version = services.model_draft_create(access=alice)
    services.model_update(access=alice, version=version,
                          terms=MODEL | {"applies_from": months_back(month, 2).isoformat()})
    services.model_propose(access=alice, version=version)
    services.model_sign(access=alice, version=version)
    services.model_sign(access=bob, version=version)
    version.refresh_from_db()
    assert version.status == "in_force"
    return version
