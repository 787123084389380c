import json
from decimal import Decimal

import pytest

from accord.metrics import periods
from accord.metrics.indicators import services as indicator_services
from accord.metrics.measurements import services as measurement_services
from accord.metrics.models import Indicator, Measurement, ScorecardSettings

from .conftest import month_text

BASE = "/api/v1/partnerships"


def _paths(world, metrics, last_month):
    pid = world.partnership.pk
    return [f"{BASE}/{pid}/indicators", f"{BASE}/{pid}/indicators/{metrics['otd'].pk}", f"{BASE}/{pid}/measurements",
            f"{BASE}/{pid}/scorecards/{month_text(last_month)}", f"{BASE}/{pid}/warnings"]


def test_outsider_gets_404_identical_to_missing(world, api, metrics, last_month):
    charlie = api("charlie")
    for path in _paths(world, metrics, last_month):
        mine = charlie.get(path)
        missing = charlie.get(path.replace(f"/{world.partnership.pk}/", "/999999/"))
        assert mine.status_code == missing.status_code == 404, path
        assert mine.json() == missing.json()
    pid = world.partnership.pk
    assert charlie.post(f"{BASE}/{pid}/indicators", {"code": "X", "name": "X", "target": 1}).status_code == 404
    assert charlie.post(f"{BASE}/{pid}/measurements", {"indicator": metrics["otd"].pk, "period": "2026-01",
                                                       "value": 1}).status_code == 404
    assert charlie.patch(f"{BASE}/{pid}/scorecard-settings", {"green_at": 50}).status_code == 404
    assert charlie.get("/api/v1/portfolio").json() == {"count": 0, "items": []}


def test_viewer_reads_but_cannot_write(world, api, metrics, last_month):
    pid = world.partnership.pk
    victor = api("victor")
    assert victor.get(f"{BASE}/{pid}/scorecards/{month_text(last_month)}").status_code == 200
    assert victor.post(f"{BASE}/{pid}/indicators", {"code": "X", "name": "X", "target": 1}).status_code == 403
    assert victor.patch(f"{BASE}/{pid}/indicators/{metrics['otd'].pk}", {"name": "Y"}).status_code == 403
    assert victor.post(f"{BASE}/{pid}/measurements", {"indicator": metrics["cpi"].pk, "period": month_text(last_month),
                                                      "value": 1}).status_code == 403
    assert victor.patch(f"{BASE}/{pid}/scorecard-settings", {"green_at": 50}).status_code == 403
    assert Indicator.objects.filter(code="X").count() == 0


def test_indicator_create_shape_and_patch(world, api):
    pid = world.partnership.pk
    body = {"code": "SLA", "name": "Service level", "kind": "cpi", "target": "98", "unit": "%",
            "bands": [{"low": None, "high": 95, "status": "red"}, {"low": 95, "high": 98, "status": "amber"},
                      {"low": 98, "high": None, "status": "green"}]}
    response = api("alice").post(f"{BASE}/{pid}/indicators", body)
    assert response.status_code == 201, response.content
    out = response.json()
    assert {"id", "code", "name", "description", "kind", "unit", "direction", "target", "baseline", "stretch", "bands",
            "frequency", "aggregation", "weight", "owner_party", "entry_by", "visibility", "data_source", "method",
            "active_from", "active_to"} <= set(out)
    assert out["target"] == 98 and out["bands"][1] == {"low": 95, "high": 98, "status": "amber"}
    assert out["owner_party"] == world.access(world.alice).party.pk
    patched = api("alice").patch(f"{BASE}/{pid}/indicators/{out['id']}", {"name": "SLA met", "revision": out["revision"]})
    assert patched.status_code == 200 and patched.json()["name"] == "SLA met"
    stale = api("alice").patch(f"{BASE}/{pid}/indicators/{out['id']}", {"name": "Late", "revision": out["revision"]})
    assert stale.status_code == 409


@pytest.mark.parametrize("payload,field", [
    ({"code": "OTD", "name": "Dup", "target": 1}, "code"),
    ({"code": "N", "name": "N", "target": 1, "kind": "vanity"}, "kind"),
    ({"code": "N", "name": "N", "target": "abc"}, "target"),
    ({"code": "N", "name": "N", "target": 1, "bands": [{"low": None, "high": 5, "status": "red"}]}, "bands"),
    ({"code": "N", "name": "N", "target": 1, "weight": -1}, "weight"),
    ({"code": "N", "name": "N", "target": 1, "owner_party": 999999}, "owner_party"),
])
def test_bad_indicator_input_names_the_field(world, api, metrics, payload, field):
    count = Indicator.objects.count()
    response = api("alice").post(f"{BASE}/{world.partnership.pk}/indicators", payload)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert Indicator.objects.count() == count


def test_measurement_post_and_list(world, api, metrics, last_month):
    pid = world.partnership.pk
    response = api("bob").post(f"{BASE}/{pid}/measurements", {"indicator": metrics["otd"].pk,
                                                              "period": month_text(last_month), "value": "90.5"})
    assert response.status_code == 201, response.content
    assert response.json()["value"] == 90.5 and response.json()["source"] == "api"
    listing = api("bob").get(f"{BASE}/{pid}/measurements", {"indicator": metrics["otd"].pk,
                                                            "from": month_text(last_month)}).json()
    assert listing["count"] == 1 and listing["items"][0]["value"] == 90.5


@pytest.mark.parametrize("payload,field", [
    ({"period": "2026-02-30", "value": 1}, "period"),
    ({"period": "2026-Q1", "value": 1}, "period"),
    ({"period": "LAST", "value": "x"}, "value"),
    ({"indicator": 999999, "value": 1}, "indicator"),
])
def test_bad_measurement_names_the_field(world, api, metrics, last_month, payload, field):
    body = {"indicator": metrics["otd"].pk, "period": month_text(last_month), **payload}
    if body["period"] == "LAST":
        body["period"] = month_text(last_month)
    count = Measurement.objects.count()
    response = api("bob").post(f"{BASE}/{world.partnership.pk}/measurements", body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert Measurement.objects.count() == count


def test_entry_by_owner_is_403_for_the_other_party(world, api, metrics, last_month):
    response = api("alice").post(f"{BASE}/{world.partnership.pk}/measurements",
                                 {"indicator": metrics["otd"].pk, "period": month_text(last_month), "value": 1})
    assert response.status_code == 403


def test_scorecard_shape_and_numbers(world, api, metrics, last_month):
    pid = world.partnership.pk
    for period in (month_text(last_month), last_month.isoformat()):
        card = api("alice").get(f"{BASE}/{pid}/scorecards/{period}").json()
        assert card["period"] == last_month.isoformat()
        # OTD 95/95 = 1 (KPI); alice's private KFI never counts in the shared score
        assert card["score"] == 100 and card["status"] == "green"
        assert card["by_kind"]["kpi"] == {"score": 100, "status": "green", "explanation": card["by_kind"]["kpi"]["explanation"]}
        otd = next(i for i in card["indicators"] if i["code"] == "OTD")
        assert otd["attainment"] == 1 and otd["status"] == "green" and "95 ÷ 95" in otd["explanation"]
        assert isinstance(card["explanation"], str)
    assert api("alice").get(f"{BASE}/{pid}/scorecards/2026-13").status_code == 400
    assert "period" in api("alice").get(f"{BASE}/{pid}/scorecards/2026-01-15").json()["errors"]


def test_bob_never_sees_alices_private_indicator_or_its_numbers(world, api, metrics, last_month):
    pid = world.partnership.pk
    bob = api("bob")
    codes = [i["code"] for i in bob.get(f"{BASE}/{pid}/indicators").json()]
    assert "SECRET" not in codes and len(codes) == 2
    assert bob.get(f"{BASE}/{pid}/indicators/{metrics['secret'].pk}").status_code == 404
    measurements = bob.get(f"{BASE}/{pid}/measurements").json()
    assert measurements["count"] == 6 and metrics["secret"].pk not in {m["indicator"] for m in measurements["items"]}
    assert bob.get(f"{BASE}/{pid}/measurements", {"indicator": metrics["secret"].pk}).json()["count"] == 0
    card = bob.get(f"{BASE}/{pid}/scorecards/{month_text(last_month)}").json()
    assert "SECRET" not in json.dumps(card) and "kfi" not in card["by_kind"]
    assert card["score"] == 100 and card["status"] == "green"  # only OTD counts for bob
    portfolio = bob.get("/api/v1/portfolio").json()["items"][0]
    assert portfolio["score"] == 100
    assert api("alice").get("/api/v1/portfolio").json()["items"][0]["score"] == 100
    # Warnings too: make the secret worsen and red, and bob hears nothing of it.
    for months_ago, value in ((3, 1000), (2, 2000), (1, 3000), (0, 4000)):
        month = periods.shift(last_month, "monthly", -months_ago)
        measurement_services.measurement_record(access=world.access(world.alice), indicator=metrics["secret"], period=month,
                                    value=Decimal(value))
    private = api("alice").get(f"{BASE}/{pid}/scorecards/{month_text(last_month)}/private").json()
    assert any(w["code"] == "SECRET" for w in private["warnings"])
    assert api("alice").get(f"{BASE}/{pid}/warnings").json()["items"] == []
    assert bob.get(f"{BASE}/{pid}/scorecards/{month_text(last_month)}/private").json()["indicators"] == []
    assert bob.get(f"{BASE}/{pid}/warnings").json()["items"] == []
    assert bob.get("/api/v1/portfolio").json()["items"][0]["warnings"] == 0


def test_cpi_breach_and_warnings(world, api, metrics, last_month):
    measurement_services.measurement_record(access=world.access(world.bob), indicator=metrics["cpi"], period=last_month,
                                value=Decimal("97"))
    pid = world.partnership.pk
    card = api("bob").get(f"{BASE}/{pid}/scorecards/{month_text(last_month)}").json()
    assert card["status"] == "critical_breach" and card["cpi_breaches"] == ["PRIV"]
    warnings = api("bob").get(f"{BASE}/{pid}/warnings").json()
    rule = next(w for w in warnings["items"] if w["rule"] == "cpi_red")
    assert rule["numbers"] == {"actual": 97, "target": 100} and "97" in rule["message"]
    row = api("alice").get("/api/v1/portfolio").json()["items"][0]
    assert row["status"] == "critical_breach" and row["cpi_breaches"] == 1 and row["warnings"] >= 1


def test_scorecard_settings_patch(world, api, metrics, last_month):
    pid = world.partnership.pk
    response = api("alice").patch(f"{BASE}/{pid}/scorecard-settings", {"green_at": 60, "amber_at": 50})
    assert response.status_code == 200 and response.json() == {"green_at": 60, "amber_at": 50}
    assert api("alice").get(f"{BASE}/{pid}/scorecards/{month_text(last_month)}").json()["status"] == "green"
    bad = api("alice").patch(f"{BASE}/{pid}/scorecard-settings", {"amber_at": 70})
    assert bad.status_code == 400 and "amber_at" in bad.json()["errors"]
    assert ScorecardSettings.objects.get().amber_at == 50


def test_no_data_month_is_no_data(world, api, metrics, last_month):
    empty = periods.shift(last_month, "monthly", -12)
    card = api("alice").get(f"{BASE}/{world.partnership.pk}/scorecards/{month_text(empty)}").json()
    assert card["status"] == "no_data" and card["score"] is None
    assert all(i["status"] == "no_data" and i["attainment"] is None for i in card["indicators"])


@pytest.mark.parametrize("extra", [0, 6])
def test_scorecard_query_count_is_flat(world, api, metrics, last_month, django_assert_max_num_queries, extra):
    bob = world.access(world.bob)
    for i in range(extra):
        indicator = indicator_services.indicator_create(access=bob, code=f"K{i}", name=f"K{i}", target=Decimal("10"))
        measurement_services.measurement_record(access=bob, indicator=indicator, period=last_month, value=Decimal("9"))
    client = api("bob")
    client.get(f"{BASE}/{world.partnership.pk}/indicators")  # warm the token's last-used stamp
    with django_assert_max_num_queries(7):
        assert client.get(f"{BASE}/{world.partnership.pk}/scorecards/{month_text(last_month)}").status_code == 200


@pytest.mark.parametrize("extra", [0, 5])
def test_portfolio_query_count_is_flat(world, api, metrics, last_month, django_assert_max_num_queries, extra):
    from accord.partnerships.access import partnership_access
    from accord.partnerships.services import partnership_create

    for i in range(extra):
        partnership = partnership_create(acting_user=world.alice, name=f"Extra {i}", role="client")
        access = partnership_access(world.alice, partnership_id=partnership.pk)
        indicator = indicator_services.indicator_create(access=access, code="X", name="X", target=Decimal("10"))
        measurement_services.measurement_record(access=access, indicator=indicator, period=last_month, value=Decimal("9"))
    client = api("alice")
    client.get("/api/v1/me")
    with django_assert_max_num_queries(9):
        assert client.get("/api/v1/portfolio").json()["count"] == 1 + extra


def test_portfolio_paginates_and_puts_partnerships_without_data_last_either_way(world, api, metrics):
    from accord.partnerships.services import partnership_create

    for name in ("Aardvark Alliance", "Zebra Works"):
        partnership_create(acting_user=world.alice, name=name, role="client")  # no indicators: no data
    client = api("alice")
    for sort in ("score", "-score", "status", "-status", "warnings", "-warnings"):
        body = client.get("/api/v1/portfolio", {"sort": sort}).json()
        assert body["count"] == 3
        assert [row["status"] for row in body["items"]][-2:] == ["no_data", "no_data"], sort
        assert body["items"][0]["name"] == world.partnership.name, sort
    page = client.get("/api/v1/portfolio", {"sort": "name", "limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and [row["name"] for row in page["items"]] == [world.partnership.name]
    assert client.get("/api/v1/portfolio", {"offset": 10**20}).status_code == 400


def test_measurements_can_be_filtered_by_indicator_code_or_id(world, api, metrics):
    url = f"{BASE}/{world.partnership.pk}/measurements"
    by_code = api("bob").get(url, {"indicator": "otd"}).json()
    by_id = api("bob").get(url, {"indicator": str(metrics["otd"].pk)}).json()
    assert by_code == by_id and by_code["count"] == 3 and {m["code"] for m in by_code["items"]} == {"OTD"}
    assert api("bob").get(url, {"indicator": "SECRET"}).json()["count"] == 0  # alice's private one
    assert api("bob").get(url, {"indicator": "9" * 30}).json()["count"] == 0
    assert api("bob").get(url, {"limit": 5000}).json()["count"] == 6
