import datetime
from decimal import Decimal

import pytest

from accord.core.testing import indicator_agreed
from accord.markets.models import Market, Site

from .. import templates_service


def place(world, *, market="DE", site="BER-1", currency="EUR"):
    """A market and a site of the test partnership, made directly (the markets app owns their services)."""
    access = world.access(world.alice)
    found = Market.objects.get_or_create(partnership=world.partnership, code=market, defaults={
        "owner_party": access.party, "name": f"Market {market}", "country": market[:2], "currency": currency})[0]
    if site:
        Site.objects.get_or_create(partnership=world.partnership, code=site, defaults={
            "owner_party": access.party, "market": found, "name": f"Site {site}"})
    return found


SECTIONS = [
    {"code": "A", "name": "Floors", "items": [
        {"code": "A1", "text": "Floors clean", "weight": 2, "scale": "0-4"},
        {"code": "A2", "text": "Bins emptied", "weight": 1, "scale": "yes_no", "allow_na": True}]},
    {"code": "B", "name": "Washrooms", "items": [
        {"code": "B1", "text": "Soap stocked", "weight": 3, "scale": "yes_no"},
        {"code": "B2", "text": "Mirrors clean", "weight": 1, "scale": "0-4", "allow_na": True}]},
]


@pytest.fixture
def setup(world):
    place(world)
    indicator = indicator_agreed(owner_access=world.access(world.bob), other_access=world.access(world.alice),
                                 code="CLEAN", name="Cleaning audit score", kind="kpi", target=Decimal("90"),
                                 unit="score", aggregation="average",
                                 entry_by="both")
    templates_service.template_save(access=world.access(world.bob), code="CLEAN", name="Cleaning",
                                    kind="cleaning", indicator="CLEAN", sections=SECTIONS)
    return indicator


def last_month_day(day=10) -> datetime.date:
    first = datetime.date.today().replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=day)
