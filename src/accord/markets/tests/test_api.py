"""The markets and sites API: shapes, bad input naming the field, roles and isolation."""

from accord.markets.models import Market, Site


def url(world, *tail):
    return "/".join([f"/api/v1/partnerships/{world.partnership.pk}", *map(str, tail)])


NEW_MARKET = {"code": "IT", "name": "Italy", "country": "it", "currency": "EUR", "region": "EMEA", "weight": 2}


def test_markets_list_create_get_patch(world, places, api):
    answer = api("alice").post(url(world, "markets"), NEW_MARKET)
    assert answer.status_code == 201, answer.json()
    created = answer.json()
    assert (created["code"], created["country"], created["currency"], created["weight"]) == ("IT", "IT", "EUR", 2)
    for name in ("alice", "bob", "victor"):
        listed = api(name).get(url(world, "markets")).json()
        assert [m["code"] for m in listed["items"]] == ["DE", "ES", "FR", "IT"]
    assert api("bob").get(url(world, "markets", created["id"])).json() == created
    patched = api("bob").patch(url(world, "markets", created["id"]), {"name": "Italia", "weight": None})
    assert patched.status_code == 200, patched.json()
    assert patched.json()["name"] == "Italia" and patched.json()["weight"] is None


def test_sites_list_create_get_patch(world, places, api):
    answer = api("bob").post(url(world, "sites"), {"code": "PAR", "name": "Paris HQ", "market": "FR"})
    assert answer.status_code == 201, answer.json()
    site = answer.json()
    assert site["market"] == "FR"
    assert [s["code"] for s in api("alice").get(url(world, "sites"), {"market": "DE"}).json()["items"]] == ["BER", "MUC"]
    moved = api("alice").patch(url(world, "sites", site["id"]), {"market": "DE"})
    assert moved.status_code == 200 and moved.json()["market"] == "DE"
    assert api("alice").get(url(world, "sites", site["id"])).json()["market"] == "DE"


def test_bad_input_names_the_field_and_changes_nothing(world, places, api):
    before = (Market.objects.count(), Site.objects.count())
    for payload, field in (({**NEW_MARKET, "country": "XX"}, "country"),
                           ({**NEW_MARKET, "country": "Italy"}, "country"),
                           ({**NEW_MARKET, "currency": "ABC"}, "currency"),
                           ({**NEW_MARKET, "code": "DE"}, "code"),
                           ({**NEW_MARKET, "weight": -1}, "weight"),
                           ({**NEW_MARKET, "weight": 1e30}, "weight"),
                           ({**NEW_MARKET, "weight": 0.123456}, "weight"),
                           ({**NEW_MARKET, "name": "  "}, "name")):
        answer = api("alice").post(url(world, "markets"), payload)
        assert answer.status_code == 400, payload
        assert field in answer.json()["errors"], answer.json()
    for payload, field in (({"code": "X1", "name": "X", "market": "ZZ"}, "market"),
                           ({"code": "BER", "name": "X", "market": "DE"}, "code")):
        answer = api("alice").post(url(world, "sites"), payload)
        assert answer.status_code == 400 and field in answer.json()["errors"], answer.json()
    de = places["markets"]["DE"]
    answer = api("alice").patch(url(world, "markets", de.pk), {"currency": "EURO"})
    assert answer.status_code == 400 and "currency" in answer.json()["errors"]
    assert (Market.objects.count(), Site.objects.count()) == before
    de.refresh_from_db()
    assert de.currency == "EUR"


def test_only_managers_manage_markets_and_sites(world, places, api):
    de = places["markets"]["DE"]
    for name in ("victor", "maya"):  # a viewer, a contributor
        assert api(name).post(url(world, "markets"), NEW_MARKET).status_code == 403
        assert api(name).patch(url(world, "markets", de.pk), {"name": "X"}).status_code == 403
        assert api(name).post(url(world, "sites"), {"code": "S", "name": "S", "market": "DE"}).status_code == 403
    assert not Market.objects.filter(code="IT").exists()


def test_another_organization_gets_404_everywhere(world, places, api):
    de, ber = places["markets"]["DE"], places["sites"]["BER"]
    for method, path, body in (("get", url(world, "markets"), None), ("get", url(world, "markets", de.pk), None),
                               ("post", url(world, "markets"), NEW_MARKET),
                               ("patch", url(world, "markets", de.pk), {"name": "X"}),
                               ("get", url(world, "sites"), None), ("get", url(world, "sites", ber.pk), None),
                               ("patch", url(world, "sites", ber.pk), {"name": "X"})):
        answer = getattr(api("charlie"), method)(path, body) if body is not None else api("charlie").get(path)
        assert answer.status_code == 404, (method, path)
    de.refresh_from_db()
    assert de.name == "Germany"


def test_a_site_of_another_partnership_is_not_found(world, places, api):
    from accord.markets import services
    from accord.partnerships import services as partnership_services
    from accord.partnerships.access import partnership_access

    other = partnership_services.partnership_create(acting_user=world.alice, name="Other", role="client",
                                                    engagement_type="strategic_partnership")
    other_access = partnership_access(world.alice, partnership_id=other.pk)
    services.market_create(access=other_access, code="NL", name="Netherlands", country="NL", currency="EUR")
    answer = api("alice").post(url(world, "sites"), {"code": "AMS", "name": "Amsterdam", "market": "NL"})
    assert answer.status_code == 400 and "market" in answer.json()["errors"]
    ber = places["sites"]["BER"]
    assert api("alice").get(f"/api/v1/partnerships/{other.pk}/sites/{ber.pk}").status_code == 404
