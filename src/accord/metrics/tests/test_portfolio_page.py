"""The portfolio page, API and export: filters, sorting, pages, who sees what — all from the stored rows."""

import datetime
from decimal import Decimal

from accord.core.testing import ApiClient
from accord.metrics import periods
from accord.metrics.measurements import services as measurement_services
from accord.metrics.models import PortfolioPeriod
from accord.partnerships.models import Party


def _month(last_month, months_ago):
    return periods.shift(last_month, periods.MONTHLY, -months_ago)


def test_a_correction_refreshes_only_the_months_it_moves(world, metrics, last_month):
    bob = world.access(world.bob)
    for months_ago in range(3, 20):
        measurement_services.measurement_record(access=bob, indicator=metrics["otd"],
                                                period=_month(last_month, months_ago), value=Decimal("95"))
    ids = dict(PortfolioPeriod.objects.filter(partnership=world.partnership).values_list("period", "id"))
    measurement_services.measurement_record(access=bob, indicator=metrics["otd"], period=_month(last_month, 15),
                                            value=Decimal("60"))
    after = dict(PortfolioPeriod.objects.filter(partnership=world.partnership).values_list("period", "id"))
    moved = {period for period in after if after[period] != ids[period]}
    # That month and the five after it, whose warnings read it; nothing before it, nothing later.
    assert moved == {_month(last_month, n) for n in range(10, 16)}


def test_filters_narrow_and_bad_values_are_named(world, web, metrics):
    alice, bob = ApiClient(world.alice), ApiClient(world.bob)
    assert alice.get("/api/v1/portfolio", {"role": "client"}).json()["count"] == 1
    assert alice.get("/api/v1/portfolio", {"role": "provider"}).json()["count"] == 0
    assert bob.get("/api/v1/portfolio", {"role": "provider", "status": "green"}).json()["count"] == 1
    assert bob.get("/api/v1/portfolio", {"status": "red"}).json()["count"] == 0
    assert alice.get("/api/v1/portfolio", {"phase": world.partnership.phase}).json()["count"] == 1
    response = alice.get("/api/v1/portfolio", {"status": "purple", "phase": "x", "engagement_type": "' OR 1=1",
                                                "role": "charlie", "sort": "--score"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status", "phase", "engagement_type", "role", "sort"}
    page = web("alice").get("/portfolio/", {"status": "purple"})
    assert page.status_code == 400 and "Check the filters" in page.content.decode()
    export = web("alice").get("/portfolio/export/", {"role": "nobody"})
    assert export.status_code == 400 and b"role" in export.content
    csv = web("alice").get("/portfolio/export/", {"status": "red"}).content.decode()
    assert world.partnership.slug not in csv  # the export holds what the page's filters hold


def test_pages_past_the_end_and_huge_numbers_answer_calmly(world, web, metrics):
    for page in ("2", "999999999999999999999", "-1", "x"):
        response = web("alice").get("/portfolio/", {"page": page})
        assert response.status_code == 200 and world.partnership.name in response.content.decode()
    api = ApiClient(world.alice)
    assert api.get("/api/v1/portfolio", {"offset": 5000}).json() == {"items": [], "count": 1}
    assert api.get("/api/v1/portfolio", {"offset": 10**20}).status_code == 400


def test_a_viewer_sees_the_portfolio_and_an_outsider_sees_nothing_of_it(world, web, metrics):
    viewer = ApiClient(world.victor).get("/api/v1/portfolio").json()
    assert [row["slug"] for row in viewer["items"]] == [world.partnership.slug]
    assert viewer["items"][0] == ApiClient(world.alice).get("/api/v1/portfolio").json()["items"][0]
    for path in ("/portfolio/", "/portfolio/export/", "/portfolio/export/?format=xlsx"):
        body = web("charlie").get(path).content
        assert world.partnership.slug.encode() not in body and world.partnership.name.encode() not in body
    assert ApiClient(world.charlie).get("/api/v1/portfolio").json() == {"items": [], "count": 0}
    # An invitation not yet accepted shows nothing either.
    Party.objects.create(partnership=world.partnership, organization=world.outsider_org, role="partner",
                         status="invited", invited_by=world.alice)
    assert ApiClient(world.charlie).get("/api/v1/portfolio").json() == {"items": [], "count": 0}


def test_the_row_carries_the_heat_map_months_and_the_latest_figures(world, metrics, last_month):
    row = ApiClient(world.bob).get("/api/v1/portfolio").json()["items"][0]
    assert row["period"] == last_month.isoformat() and row["status"] == "green" and row["score"] == 100
    assert (row["green"], row["amber"], row["red"], row["cpi_breaches"], row["warnings"]) == (2, 0, 0, 0, 0)
    assert len(row["history"]) == 12 and row["history"][-1]["period"] == last_month.isoformat()
    assert [point["status"] for point in row["history"][-3:]] == ["green"] * 3
    assert row["history"][0]["status"] == "no_data" and row["updating"] is False
    assert row["statement"] is None and row["next_meeting"] and row["role"] == "provider"  # a board meets
    assert isinstance(datetime.date.fromisoformat(row["period"]), datetime.date)


def test_open_escalations_count_for_both_parties_until_resolved(world, metrics):
    from accord.governance.ladder import escalation_raise, escalation_resolve

    escalation = escalation_raise(access=world.access(world.alice), category="other", severity="high",
                                  description="Late reports")
    for person in (world.alice, world.bob):
        assert ApiClient(person).get("/api/v1/portfolio").json()["items"][0]["open_escalations"] == 1
    escalation_resolve(access=world.access(world.bob), escalation=escalation, resolution="Reports weekly",
                       agreed_by=[world.alice.pk, world.bob.pk])
    assert ApiClient(world.bob).get("/api/v1/portfolio").json()["items"][0]["open_escalations"] == 0
