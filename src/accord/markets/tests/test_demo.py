import pytest

from accord.core.demo import build_demo
from accord.markets.models import Market, Site
from accord.metrics.scorecards.selectors import market_heat_map
from accord.partnerships.access import partnership_access


@pytest.mark.django_db
def test_the_hospital_partnership_runs_in_four_markets_and_the_heat_map_shows_a_red_market():
    world = build_demo()
    hospital = world.partnerships["northwind-meridian"]
    assert Market.objects.filter(partnership=hospital).count() == 4
    assert Site.objects.filter(partnership=hospital).count() == 5
    access = partnership_access(world.users["bob"], partnership_id=hospital.pk)
    heat = market_heat_map(access)
    rows = {row["code"]: row for row in heat["rows"]}
    assert set(rows) == {"PXS", "CLN", "RSP"}
    assert rows["PXS"]["status"] == "green" and rows["PXS"]["consistency"]["flagged"] == ["NL"]
    assert all(cell["actual"] is not None for row in heat["rows"] for cell in row["cells"])
    build_demo()  # idempotent
    assert Market.objects.filter(partnership=hospital).count() == 4
