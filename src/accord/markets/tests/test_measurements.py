"""Measurements per market and site through the one writer: files, the bulk API, one value; the rules and
errors of every way in."""

import io
from decimal import Decimal

import pytest

from accord.core.testing import indicator_agreed
from accord.metrics.measurements import services as measurement_services
from accord.metrics.models import Measurement, MeasurementRevision


def csv_file(text: str, name="values.csv"):
    data = io.BytesIO(text.encode())
    data.name = name
    return data


def import_file(world, text, user="alice"):
    return measurement_services.measurements_import(user=getattr(world, user), rows_or_file=csv_file(text),
                                                    access=world.access(getattr(world, user)))


@pytest.fixture
def whole(world, places):
    """OTD: measured for the whole partnership."""
    return indicator_agreed(owner_access=world.access(world.alice), other_access=world.access(world.bob), code="OTD",
                            name="On-time delivery", target=Decimal("95"), entry_by="both")


@pytest.fixture
def per_site(world, places):
    return indicator_agreed(owner_access=world.access(world.alice), other_access=world.access(world.bob), code="CLEAN",
                            name="Cleaning score", target=Decimal("90"), scope="site", rollup="average",
                            entry_by="both")


def test_a_file_with_a_market_column_writes_one_value_per_market(world, per_market, whole, month):
    text = (f"indicator,period,value,market\nCSAT,{month},90,DE\nCSAT,{month},80,FR\nOTD,{month},96,\n")
    result = import_file(world, text)
    assert result.ok, result.errors
    assert result.created == 3
    stored = {(m.indicator.code, m.market.code if m.market else None): m.value
              for m in Measurement.objects.select_related("indicator", "market")}
    assert stored == {("CSAT", "DE"): Decimal("90"), ("CSAT", "FR"): Decimal("80"), ("OTD", None): Decimal("96")}
    again = import_file(world, text)  # idempotent: the same file again changes nothing
    assert (again.created, again.corrected, again.unchanged) == (0, 0, 3)
    corrected = import_file(world, f"indicator,period,value,market\nCSAT,{month},91,DE\n")
    assert corrected.corrected == 1
    revision = MeasurementRevision.objects.get()
    assert revision.market.code == "DE" and revision.value == Decimal("90")


def test_a_wrong_market_code_is_a_named_row_error_and_nothing_is_written(world, per_market, whole, month):
    text = f"indicator,period,value,market\nCSAT,{month},90,DE\nCSAT,{month},80,XX\nOTD,{month},90,\n"
    result = import_file(world, text)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "market")]
    assert "no market with code 'XX'" in result.errors[0].message
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize(("rows", "column", "message"), [
    ("OTD,{month},90,DE,", "market", "OTD is measured for the whole partnership"),
    ("CSAT,{month},90,,", "market", "CSAT is measured per market: give the market's code"),
    ("CSAT,{month},90,DE,BER", "site", "CSAT is measured per market, not per site"),
    ("CLEAN,{month},90,DE,", "site", "CLEAN is measured per site: give the site's code"),
    ("CLEAN,{month},90,FR,BER", "market", "site 'BER' is in market 'DE', not 'FR'"),
    ("CLEAN,{month},90,,NOPE", "site", "no site with code 'NOPE'"),
    ("NOPE,{month},90,ZZ,", "market", "no market with code 'ZZ'"),
])
def test_place_rules_name_the_row_and_column(world, per_market, whole, per_site, month, rows, column, message):
    result = import_file(world, f"indicator,period,value,market,site\nOTD,{month},90,,\n"
                         + rows.format(month=month) + "\n")
    assert not result.ok
    assert any(e.row == 3 and e.column == column and message in e.message for e in result.errors), result.errors
    assert Measurement.objects.count() == 0


def test_a_site_value_implies_its_market(world, per_site, month):
    result = import_file(world, f"indicator,period,value,site\nCLEAN,{month},88,BER\nCLEAN,{month},92,MUC\n")
    assert result.ok, result.errors
    assert {(m.market.code, m.site.code) for m in Measurement.objects.select_related("market", "site")} == {
        ("DE", "BER"), ("DE", "MUC")}


def test_one_value_per_indicator_market_and_period_in_one_file(world, per_market, month):
    result = import_file(world, f"indicator,period,value,market\nCSAT,{month},90,DE\nCSAT,{month},91,DE\n")
    assert [(e.row, e.column) for e in result.errors] == [(3, "period")]


def test_bulk_api_and_one_value_api_take_market_codes(world, per_market, api, month):
    base = f"/api/v1/partnerships/{world.partnership.pk}/measurements"
    answer = api("bob").post(f"{base}/bulk", [{"indicator": "CSAT", "period": month, "value": "90", "market": "DE"},
                                              {"indicator": "CSAT", "period": month, "value": "70", "market": "XX"}])
    assert answer.status_code == 400
    assert answer.json()["errors"]["rows"] == [{"row": 2, "column": "market",
                                                "message": "no market with code 'XX' in "
                                                           f"'{world.partnership.slug}'"}]
    assert Measurement.objects.count() == 0
    answer = api("bob").post(f"{base}/bulk", [{"indicator": "CSAT", "period": month, "value": "90", "market": "DE"}])
    assert answer.status_code == 200 and answer.json()["created"] == 1
    one = api("bob").post(base, {"indicator": per_market.pk, "period": month, "value": "75", "market": "FR"})
    assert one.status_code == 201, one.json()
    assert (one.json()["market"], one.json()["site"]) == ("FR", None)
    missing = api("bob").post(base, {"indicator": per_market.pk, "period": month, "value": "75"})
    assert missing.status_code == 400 and "market" in missing.json()["errors"]
    listed = api("alice").get(base, {"indicator": "CSAT"}).json()["items"]
    assert sorted(item["market"] for item in listed) == ["DE", "FR"]


def test_the_market_of_another_partnership_is_an_unknown_code(world, per_market, month):
    from accord.markets import services
    from accord.partnerships import services as partnership_services
    from accord.partnerships.access import partnership_access

    other = partnership_services.partnership_create(acting_user=world.alice, name="Other", role="client",
                                                    engagement_type="strategic_partnership")
    services.market_create(access=partnership_access(world.alice, partnership_id=other.pk), code="NL",
                           name="Netherlands", country="NL", currency="EUR")
    result = import_file(world, f"indicator,period,value,market\nCSAT,{month},90,NL\n")
    assert [(e.row, e.column) for e in result.errors] == [(2, "market")]


def test_reads_by_indicator_have_an_index_over_every_row():
    """SQLite uses a partial index only for queries that repeat its condition: the one unique index of measurements
    covers every row and leads with the indicator, so scorecards and the portfolio read through it."""
    from accord.metrics.models import Measurement

    unique = [c for c in Measurement._meta.constraints if getattr(c, "expressions", None) or getattr(c, "fields", None)]
    assert len(unique) == 1 and unique[0].condition is None
    assert unique[0].expressions[0].name == "indicator"
