"""The markets pages and the CSV import of markets and sites."""

import io

from accord.markets import services
from accord.markets.models import Market, Site


def page(world, *tail):
    return "/".join([f"/partnerships/{world.partnership.slug}/markets", *map(str, tail)]) + "/"


def upload(text: str, name="markets.csv"):
    data = io.BytesIO(text.encode())
    data.name = name
    return data


MARKETS_CSV = ("code,name,country,currency,region,weight\n"
               "IT,Italy,IT,EUR,EMEA,2\nUS,United States,us,usd,Americas,\n")


def test_managers_add_markets_and_sites_on_the_pages(world, places, web):
    answer = web("bob").post(page(world), {"code": "IT", "name": "Italy", "country": "IT", "currency": "EUR"})
    assert answer.status_code == 302
    italy = Market.objects.get(code="IT")
    answer = web("bob").post(page(world, italy.pk), {"code": "ROM", "name": "Rome", "market": "IT"})
    assert answer.status_code == 302 and Site.objects.get(code="ROM").market == italy
    answer = web("alice").post(page(world, italy.pk, "edit"), {"code": "IT", "name": "Italia", "country": "IT",
                                                               "currency": "EUR", "revision": italy.revision})
    assert answer.status_code == 302
    rome = Site.objects.get(code="ROM")
    answer = web("alice").post(page(world, "sites", rome.pk, "edit"), {"code": "ROM", "name": "Roma",
                                                                       "market": "DE", "revision": rome.revision})
    assert answer.status_code == 302 and Site.objects.get(code="ROM").market.code == "DE"
    listed = web("victor").get(page(world)).content.decode()
    assert "Italia" in listed and "Add a market" not in listed  # a viewer reads, never sees the forms


def test_bad_input_on_the_page_is_shown_beside_the_field(world, places, web):
    answer = web("alice").post(page(world), {"code": "IT", "name": "Italy", "country": "ZZ", "currency": "XYZ"})
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "Unknown country" in text and "Unknown currency" in text
    assert not Market.objects.filter(code="IT").exists()


def test_viewers_and_outsiders_cannot_write(world, places, web):
    de = places["markets"]["DE"]
    assert web("victor").post(page(world), {"code": "IT", "name": "Italy", "country": "IT",
                                            "currency": "EUR"}).status_code == 403
    assert web("maya").get(page(world, de.pk, "edit")).status_code == 403
    for path in (page(world), page(world, de.pk), page(world, "heat-map"), page(world, de.pk, "edit")):
        assert web("charlie").get(path).status_code == 404
    assert not Market.objects.filter(code="IT").exists()


def test_importing_markets_is_all_or_nothing_and_idempotent(world, places):
    alice = world.access(world.alice)
    result = services.places_import(access=alice, kind="market", rows_or_file=upload(MARKETS_CSV))
    assert result.ok and (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert Market.objects.get(code="US").currency == "USD"
    again = services.places_import(access=alice, kind="market", rows_or_file=upload(MARKETS_CSV))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    bad = services.places_import(access=alice, kind="market", rows_or_file=upload(
        "code,name,country,currency\nPT,Portugal,PT,EUR\nXX,Nowhere,QQ,EUR\nDE,Germany,DE,GBX\n"))
    assert [(row, column) for row, column, _message in bad.errors] == [(3, "country"), (4, "currency")]
    assert not Market.objects.filter(code__in=["PT", "XX"]).exists()
    assert Market.objects.get(code="DE").currency == "EUR"


def test_importing_sites_names_a_wrong_market_code(world, places):
    alice = world.access(world.alice)
    result = services.places_import(access=alice, kind="site", rows_or_file=upload(
        "code,name,market\nLYO,Lyon,FR\nXXX,Nowhere,ZZ\nLYO,Lyon again,FR\n"))
    assert [(row, column) for row, column, _message in result.errors] == [(3, "market"), (4, "code")]
    assert not Site.objects.filter(code="LYO").exists()
    header = services.places_import(access=alice, kind="site", rows_or_file=upload("code,name\nLYO,Lyon\n"))
    assert header.errors and header.errors[0][:2] == (1, "market")


def test_the_import_page(world, places, web):
    answer = web("alice").post(page(world, "import"), {"kind": "market", "file": upload("code,name,country,currency\n"
                                                                                         "PT,Portugal,PT,EUR\n")})
    assert answer.status_code == 302 and Market.objects.filter(code="PT").exists()
    answer = web("alice").post(page(world, "import"), {"kind": "market", "file": upload(
        "code,name,country,currency\nNL,Netherlands,NL,EURO\n")})
    assert answer.status_code == 422 and "Row 2, currency" in answer.content.decode()
    assert web("victor").post(page(world, "import"), {"kind": "market", "file": upload(MARKETS_CSV)}).status_code == 403
    assert not Market.objects.filter(code="NL").exists()


def test_market_events_link_to_the_market_on_the_activity_page(world, places, web):
    de = places["markets"]["DE"]
    text = web("bob").get(f"/partnerships/{world.partnership.slug}/activity/").content.decode()
    assert f"/partnerships/{world.partnership.slug}/markets/{de.pk}/" in text
