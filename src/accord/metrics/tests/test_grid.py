"""The measurement grid: every cell under its own month's label, and more than six periods to edit."""

import re
from decimal import Decimal

from accord.metrics import periods
from accord.metrics.measurements.selectors import GRID_PERIODS
from accord.metrics.models import Measurement


def _cells(html: str) -> list[tuple[str, str, str]]:
    """(period start, label, shown value or input value) of every cell of the page."""
    found = []
    for period, body in re.findall(r'<div class="cell[^"]*" data-period="([\d-]+)">(.*?)</div>', html, re.S):
        label = re.search(r'<(?:label|span class="cell-label")[^>]*>([^<]+)<', body)[1]
        value = re.search(r'value="([^"]*)"', body) or re.search(r'class="readonly">([^<]*)<', body)
        found.append((period, label, value[1]))
    return found


def test_every_cell_is_labelled_with_its_own_month(world, web, metrics, last_month):
    slug = world.partnership.slug
    # alice may not enter bob's OTD: its cells are read-only; her CPI cells are inputs.
    html = web("alice").get(f"/partnerships/{slug}/measurements/").content.decode()
    cells = _cells(html)
    assert len(cells) >= 3 * GRID_PERIODS == 36
    for period, label, _ in cells:
        start = periods.parse_period(period, periods.MONTHLY)
        assert label == periods.label(start, periods.MONTHLY), (period, label)
    readonly = [c for c in cells if f'id="v-{metrics["otd"].pk}-{c[0]}"' in html and
                f'<span id="v-{metrics["otd"].pk}-{c[0]}" class="readonly">' in html]
    values = {period: value for period, _, value in readonly}
    assert values[last_month.isoformat()] == "95"
    assert values[periods.shift(last_month, periods.MONTHLY, -3).isoformat()] == "—"  # none entered then


def test_a_save_beyond_six_periods(world, web, metrics, last_month):
    slug, cpi = world.partnership.slug, metrics["cpi"]
    ten_ago = periods.shift(last_month, periods.MONTHLY, -9)
    key = f"v-{cpi.pk}-{ten_ago.isoformat()}"
    assert key in web("alice").get(f"/partnerships/{slug}/measurements/").content.decode()
    response = web("alice").post(f"/partnerships/{slug}/measurements/", {"periods": "12", key: "97"})
    assert response.status_code == 302 and response["Location"].endswith("?periods=12")
    assert Measurement.objects.get(indicator=cpi, period=ten_ago).value == Decimal("97")
    # A range of 24 periods reaches further still; the short range of 6 leaves that cell out.
    far = periods.shift(last_month, periods.MONTHLY, -20)
    far_key = f"v-{cpi.pk}-{far.isoformat()}"
    assert far_key not in web("alice").get(f"/partnerships/{slug}/measurements/", {"periods": "6"}).content.decode()
    web("alice").post(f"/partnerships/{slug}/measurements/", {"periods": "24", far_key: "98"})
    assert Measurement.objects.get(indicator=cpi, period=far).value == Decimal("98")
    web("alice").post(f"/partnerships/{slug}/measurements/", {"periods": "6", far_key: "1"})
    assert Measurement.objects.get(indicator=cpi, period=far).value == Decimal("98")  # outside the range: ignored
