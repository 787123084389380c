"""P3 through the API, pages and the CSV import: bad input named, all-or-nothing, isolation, roles, portfolio."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.markets.models import Market
from accord.partnerships import services as partnerships
from accord.partnerships.access import partnership_access
from accord.pricing import services
from accord.pricing.models import PricePoint

pytestmark = pytest.mark.django_db

MARKETS = {"DE": "EUR", "FR": "EUR", "PL": "PLN", "US": "USD"}


def _markets(partnership, party):
    for code, currency in MARKETS.items():
        Market.objects.get_or_create(partnership=partnership, code=code, defaults={
            "owner_party": party, "name": code, "country": code[:2], "currency": currency})


@pytest.fixture
def priced(world):
    access = world.access(world.alice)
    _markets(world.partnership, access.party)
    services.service_line_create(access=access, code="CLEAN-HR", name="Cleaning hour", unit="hour")
    for market, price, factor in (("DE", "30", "0.75"), ("FR", "33", "0.75"), ("PL", "60", "2"), ("US", "50", "1")):
        services.price_point_save(access=access, service="CLEAN-HR", market=market, period="2026-03", price=price,
                                  factor=factor)
    return access


def _url(world, tail):
    return f"/api/v1/partnerships/{world.partnership.pk}/{tail}"


def test_parity_api(world, api, priced):
    answer = api("bob").get(_url(world, "pricing-parity"), {"period": "2026-03"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["period"] == "2026-03-01" and body["tolerance_percent"] == "10.00"
    service = body["services"][0]
    assert service["service"] == "CLEAN-HR" and service["median"] == "42.0000"
    assert [(m["market"], m["index"], m["flag"]) for m in service["markets"]] == [
        ("DE", "95.2", "ok"), ("FR", "104.8", "ok"), ("PL", "71.4", "below"), ("US", "119.0", "above")]
    assert service["markets"][2]["currency"] == "PLN" and service["markets"][2]["normalised"] == "30.0000"
    # Every party gets the same bytes.
    assert api("alice").get(_url(world, "pricing-parity"), {"period": "2026-03"}).content == answer.content


def test_tolerance_is_settable_by_managers(world, api, priced):
    answer = api("alice").client.put(_url(world, "pricing-parity/settings"), {"tolerance_percent": "30"},
                                     content_type="application/json", headers=api("alice")._headers())
    assert answer.status_code == 200
    flags = [m["flag"] for m in api("alice").get(_url(world, "pricing-parity"), {"period": "2026-03"}).json()
             ["services"][0]["markets"]]
    assert flags == ["ok", "ok", "ok", "ok"]  # 71.4 and 119.0 are within ±30
    maya = api("maya").client.put(_url(world, "pricing-parity/settings"), {"tolerance_percent": "5"},
                                  content_type="application/json", headers=api("maya")._headers())
    assert maya.status_code == 403


@pytest.mark.parametrize(("change", "field"), [
    ({"market": "XX"}, "market"), ({"factor": "0"}, "factor"), ({"factor": "-1"}, "factor"),
    ({"currency": "USD"}, "currency"), ({"service": "NOPE"}, "service"), ({"period": "2026-03-15"}, "period"),
    ({"period": "March"}, "period"),
])
def test_bad_price_points_are_named(world, api, priced, change, field):
    body = {"service": "CLEAN-HR", "market": "DE", "period": "2026-04", "price": "31", "factor": "0.75", **change}
    answer = api("alice").post(_url(world, "price-points"), body)
    assert answer.status_code == 400 and field in answer.json()["errors"], answer.json()
    assert not PricePoint.objects.filter(period="2026-04-01").exists()


def test_price_point_api_accepts_a_month_and_corrects(world, api, priced):
    answer = api("alice").post(_url(world, "price-points"), {"service": "clean-hr", "market": "DE", "period": "2026-03-01",
                                                             "price": "32", "currency": "EUR", "factor": "0.75"})
    assert answer.status_code == 201 and answer.json()["price"] == "32.0000"
    assert PricePoint.objects.filter(market__code="DE").count() == 1
    listed = api("bob").get(_url(world, "price-points"), {"period": "2026-03"}).json()
    assert listed["count"] == 4
    assert api("alice").get(_url(world, "service-lines")).json()["items"][0]["code"] == "CLEAN-HR"


CSV_OK = ("service,market,period,price,currency,factor,factor_source\n"
          "CLEAN-HR,DE,2026-04,31,EUR,0.75,\nCLEAN-HR,PL,2026-04,61,PLN,2,World Bank 2025\n")


def test_csv_import_all_or_nothing_rows_named(world, priced):
    result = services.price_points_import(access=priced, data=CSV_OK.encode())
    assert result == {"rows": 2, "created": 2, "changed": 0}
    bad = ("service,market,period,price,currency,factor\n"
           "CLEAN-HR,DE,2026-05,31,EUR,0.75\n"
           "CLEAN-HR,XX,2026-05,31,EUR,0.75\n"
           "CLEAN-HR,PL,2026-05,31,EUR,0\n")
    with pytest.raises(services.ValidationError) as raised:
        services.price_points_import(access=priced, data=bad.encode())
    messages = raised.value.message_dict["file"]
    assert "row 3: market: No market with code XX." in messages
    assert "row 4: currency: Market PL prices in PLN, not EUR." in messages
    assert any(m.startswith("row 4: factor:") for m in messages)
    assert not PricePoint.objects.filter(period="2026-05-01").exists()
    with pytest.raises(services.ValidationError, match="Missing column"):
        services.price_points_import(access=priced, data=b"service,market\nA,B\n")


def test_pages_isolation_and_import_page(world, web, priced):
    slug = world.partnership.slug
    page = web("bob").get(f"/partnerships/{slug}/pricing/?period=2026-03")
    text = page.content.decode()
    assert page.status_code == 200 and "<svg" in text and "119.0" in text and "42.0000" in text
    for url in (f"/partnerships/{slug}/pricing/", f"/partnerships/{slug}/pricing/import/"):
        assert web("charlie").get(url).status_code == 404
    upload = SimpleUploadedFile("prices.csv", (b"service,market,period,price,factor\nCLEAN-HR,XX,2026-06,1,1\n"))
    answer = web("alice").post(f"/partnerships/{slug}/pricing/import/", {"file": upload})
    assert answer.status_code == 422 and "row 2: market" in answer.content.decode()
    assert web("victor").post(f"/partnerships/{slug}/pricing/import/", {}).status_code == 403


def test_api_isolation(world, api, priced):
    for path in ("service-lines", "price-points", "pricing-parity?period=2026-03"):
        assert api("charlie").get(_url(world, path)).status_code == 404
    assert api("victor").post(_url(world, "service-lines"), {"code": "X", "name": "X", "unit": "h"}).status_code == 403


def test_portfolio_side_by_side_and_nothing_of_others(world, web, priced):
    second = partnerships.partnership_create(acting_user=world.alice, name="Second provider", role="client")
    access = partnership_access(world.alice, partnership_id=second.pk)
    _markets(second, access.party)
    services.service_line_create(access=access, code="clean-hr", name="Cleaning hour", unit="hour")
    services.price_point_save(access=access, service="CLEAN-HR", market="DE", period="2026-03", price="45",
                              factor="0.75")
    page = web("alice").get("/portfolio/pricing/?period=2026-03").content.decode()
    assert "Second provider" in page and world.partnership.name in page
    assert "Second provider" not in web("bob").get("/portfolio/pricing/?period=2026-03").content.decode()
    assert "60.0000" in page  # 45 ÷ 0.75: the second partnership's only (so median) normalised price


def test_parity_takes_a_fixed_number_of_queries(world, api, priced, django_assert_max_num_queries):
    client = api("bob")
    client.get(_url(world, "service-lines"))
    with django_assert_max_num_queries(10):
        assert len(client.get(_url(world, "pricing-parity"), {"period": "2026-03"}).json()["services"][0]["markets"]) == 4
