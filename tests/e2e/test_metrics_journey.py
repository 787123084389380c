from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accord.core.testing import build_world, indicator_agreed
from accord.metrics import periods
from accord.metrics.measurements import services as measurement_services
from accord.metrics.scorecards.selectors import last_full_month

from .conftest import confirm


@pytest.mark.django_db(transaction=True)
def test_alice_enters_a_value_and_the_scorecard_changes(page_for):
    world = build_world()
    alice_access = world.access(world.alice)
    csat = indicator_agreed(owner_access=alice_access, other_access=world.access(world.bob), code="CSAT",
                            name="Customer satisfaction", kind="kpi", target=Decimal("90"), unit="%")
    month = last_full_month()
    measurement_services.measurement_record(access=alice_access, indicator=csat, period=month, value=Decimal("90"))

    alice = page_for("alice")
    alice.get_by_role("link", name=world.partnership.name).click()
    alice.get_by_role("navigation", name="Partnership sections").get_by_role("link", name="Metrics").click()
    expect(alice.get_by_role("heading", name=f"Scorecard for {periods.label(month, 'monthly')}")).to_be_visible()
    expect(alice.get_by_test_id("overall-score")).to_have_text("100")

    alice.get_by_role("navigation", name="Metrics").get_by_role("link", name="Measurements").click()
    cell = alice.get_by_label(f"CSAT {periods.label(month, 'monthly')}")
    expect(cell).to_have_value("90")
    cell.fill("81")
    alice.get_by_role("button", name="Save values").click()
    expect(alice.get_by_text("Saved 1 value(s).")).to_be_visible()

    alice.get_by_role("link", name="Scorecard", exact=True).first.click()
    # 81 ÷ 90 = 0.9 → 90 (amber at the default thresholds).
    expect(alice.get_by_test_id("overall-score")).to_have_text("90")
    expect(alice.locator("#overall")).to_contain_text("Amber")
    expect(alice.locator("#indicator-CSAT")).to_contain_text("actual ÷ target = 81 ÷ 90 = 0.9")


@pytest.mark.django_db(transaction=True)
def test_alice_corrects_a_value_sees_its_history_and_deletes_it(page_for):
    world = build_world()
    alice_access = world.access(world.alice)
    csat = indicator_agreed(owner_access=alice_access, other_access=world.access(world.bob), code="CSAT",
                            name="Customer satisfaction", kind="kpi", target=Decimal("90"), unit="%")
    month = last_full_month()
    label = periods.label(month, "monthly")
    measurement_services.measurement_record(access=alice_access, indicator=csat, period=month, value=Decimal("90"))
    measurement_services.measurement_record(access=alice_access, indicator=csat, period=month, value=Decimal("85"))

    alice = page_for("alice")
    alice.get_by_role("link", name=world.partnership.name).click()
    alice.get_by_role("navigation", name="Partnership sections").get_by_role("link", name="Metrics").click()
    alice.get_by_role("navigation", name="Metrics").get_by_role("link", name="Indicators").click()
    alice.get_by_role("link", name="History").first.click()
    expect(alice.get_by_role("heading", name="CSAT — Customer satisfaction")).to_be_visible()
    rows = alice.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("85")
    expect(rows.nth(1)).to_contain_text("corrected by")

    alice.get_by_role("button", name=f"Delete the value of CSAT for {label}").click()
    confirm(alice, "Delete")
    expect(alice.get_by_text("it stays in the history below")).to_be_visible()
    expect(alice.locator("tbody")).to_contain_text("deleted by")
    expect(alice.get_by_role("button", name=f"Delete the value of CSAT for {label}")).to_have_count(0)
