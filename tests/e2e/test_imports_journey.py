import datetime
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from accord.core.testing import build_world, indicator_agreed
from accord.metrics.models import Measurement


@pytest.mark.django_db(transaction=True)
def test_alice_uploads_measurements_and_sees_them_counted(page_for, tmp_path):
    world = build_world()
    indicator_agreed(owner_access=world.access(world.alice), other_access=world.access(world.bob), code="ONTIME",
                     name="On-time service requests", target=Decimal("95"), kind="kpi", frequency="monthly",
                     entry_by="both")
    slug = world.partnership.slug
    upload = tmp_path / "march.csv"
    upload.write_text("indicator,period,value,comment\nONTIME,2025-03,97.25,from the helpdesk export\n")

    alice = page_for("alice")
    alice.goto(f"/partnerships/{slug}/")
    alice.get_by_role("navigation", name="Partnership sections").get_by_role("link", name="Metrics").click()
    alice.get_by_role("navigation", name="Metrics").get_by_role("link", name="Import").click()
    expect(alice.get_by_role("heading", name="Import measurements")).to_be_visible()
    alice.get_by_label("CSV or XLSX file").set_input_files(str(upload))
    alice.get_by_role("button", name="Import").click()
    expect(alice.get_by_role("heading", name="Import done")).to_be_visible()
    expect(alice.get_by_role("status").first).to_contain_text("1 created, 0 corrected, 0 unchanged")
    measurement = Measurement.objects.get(period=datetime.date(2025, 3, 1))
    assert measurement.value == Decimal("97.25") and measurement.source == "file"

    # The same file again changes nothing; a bad one is reported row by row.
    alice.get_by_label("CSV or XLSX file").set_input_files(str(upload))
    alice.get_by_role("button", name="Import").click()
    expect(alice.get_by_role("status").first).to_contain_text("0 created, 0 corrected, 1 unchanged")
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,period,value\nONTIME,2025-04,lots\nNOPE,2025-04,1\n")
    alice.get_by_label("CSV or XLSX file").set_input_files(str(bad))
    alice.get_by_role("button", name="Import").click()
    expect(alice.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    expect(alice.locator("table")).to_contain_text("'lots' is not a number")
    expect(alice.locator("table")).to_contain_text("no indicator with code 'NOPE'")

    try:
        scorecard = reverse("metrics:scorecard", args=[slug])
    except NoReverseMatch:
        return
    alice.goto(f"{scorecard}?period=2025-03")
    expect(alice.locator("body")).to_contain_text("ONTIME")
    expect(alice.locator("body")).to_contain_text("97.25")
