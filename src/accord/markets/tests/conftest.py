from decimal import Decimal

import pytest

from accord.core.testing import indicator_agreed
from accord.markets import services
from accord.metrics.scorecards.selectors import last_full_month


@pytest.fixture
def places(world):
    """Three markets (DE weight 3, FR weight 1, ES weight 5) and two sites in DE, made by alice (a manager)."""
    alice = world.access(world.alice)
    markets = {
        "DE": services.market_create(access=alice, code="DE", name="Germany", country="DE", currency="EUR",
                                     region="EMEA", weight=Decimal("3")),
        "FR": services.market_create(access=alice, code="FR", name="France", country="fr", currency="eur",
                                     weight=Decimal("1")),
        "ES": services.market_create(access=alice, code="ES", name="Spain", country="ES", currency="EUR",
                                     weight=Decimal("5")),
    }
    sites = {code: services.site_create(access=alice, code=code, name=f"Site {code}", market="DE")
             for code in ("BER", "MUC")}
    return {"markets": markets, "sites": sites}


@pytest.fixture
def per_market(world, places):
    """CSAT, a per-market KPI (target 85, weighted roll-up), agreed; alice's party owns it, both enter values."""
    alice, bob = world.access(world.alice), world.access(world.bob)
    return indicator_agreed(owner_access=alice, other_access=bob, code="CSAT", name="Customer satisfaction",
                            kind="kpi", target=Decimal("85"), scope="market", rollup="weighted", entry_by="both")


@pytest.fixture
def month():
    return last_full_month().strftime("%Y-%m")
