"""The stored portfolio stays equal to a fresh ``scorecard_for_period`` after every kind of write."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from accord.core.testing import ApiClient, indicator_agreed
from accord.metrics import periods
from accord.metrics.indicators import definitions
from accord.metrics.indicators import services as indicator_services
from accord.metrics.measurements import services as measurement_services
from accord.metrics.measurements import writing
from accord.metrics.models import Measurement, PortfolioPeriod, PortfolioStanding
from accord.metrics.portfolio import refresh
from accord.metrics.scorecards import services as scorecard_services
from accord.metrics.scorecards.selectors import scorecard_for_period

EMPTY = {"score": None, "status": "no_data", "cpi_breaches": 0, "red": 0, "amber": 0, "green": 0, "warnings": 0,
         "no_data": True}
FIELDS = tuple(EMPTY)


def stored(partnership) -> dict:
    return {row.period: {name: getattr(row, name) for name in FIELDS}
            for row in PortfolioPeriod.objects.filter(partnership=partnership)}


def assert_stored_equals_fresh(access, months=40):
    """Every month of the last ``months`` (and every stored one): the stored row, or no row for an empty
    no-data month, equals the summary of a fresh shared scorecard; the standing names the latest month."""
    rows = stored(access.partnership)
    this_month = periods.period_start(datetime.date.today(), periods.MONTHLY)
    checked = set(periods.months_back(this_month, months)) | set(rows)
    for month in sorted(checked):
        fresh = refresh.scorecard_summary(scorecard_for_period(access, month))
        assert rows.get(month, EMPTY) == fresh, month
    standing = PortfolioStanding.objects.filter(partnership=access.partnership).select_related("latest").first()
    latest = Measurement.objects.filter(partnership=access.partnership, indicator__visibility="shared",
                                        indicator__status="agreed").order_by("-period").first()
    if latest is None:
        assert standing is None or standing.latest is None
    else:
        assert standing.latest.period == latest.period.replace(day=1)
        assert not standing.refresh_pending


def _month(last_month, months_ago):
    return periods.shift(last_month, periods.MONTHLY, -months_ago)


def test_values_by_hand_and_their_correction_refresh_that_month_and_the_warnings_after_it(world, metrics, last_month):
    alice, bob = world.access(world.alice), world.access(world.bob)
    assert_stored_equals_fresh(alice)
    assert PortfolioPeriod.objects.filter(partnership=world.partnership).count() == 3
    # A falling trend: red twice, worsening — warnings in later months rest on earlier ones.
    for months_ago, value in ((5, "99"), (4, "97"), (3, "90")):
        measurement_services.measurement_record(access=bob, indicator=metrics["otd"],
                                                period=_month(last_month, months_ago), value=Decimal(value))
    assert_stored_equals_fresh(alice)
    before = stored(world.partnership)
    measurement_services.measurement_record(access=bob, indicator=metrics["otd"], period=_month(last_month, 4),
                                            value=Decimal("80"))  # a correction four months back
    after = stored(world.partnership)
    assert after[_month(last_month, 4)] != before[_month(last_month, 4)]
    assert_stored_equals_fresh(alice)
    # The private KFI moves no shared number and refreshes nothing.
    stamp = PortfolioStanding.objects.get(partnership=world.partnership).refreshed_at
    measurement_services.measurement_record(access=alice, indicator=metrics["secret"], period=last_month,
                                            value=Decimal("1"))
    assert PortfolioStanding.objects.get(partnership=world.partnership).refreshed_at == stamp


def test_a_file_import_and_the_bulk_api_refresh_in_the_writing_transaction(world, metrics, last_month, tmp_path):
    alice, bob = world.access(world.alice), world.access(world.bob)
    path = tmp_path / "values.csv"
    path.write_text("indicator,period,value\n" + "".join(
        f"OTD,{_month(last_month, n):%Y-%m},{90 + n}\n" for n in range(3, 9)))
    result = measurement_services.measurements_import(user=world.bob, rows_or_file=str(path), access=bob,
                                                      file_name="values.csv")
    assert result.ok and result.created == 6
    assert_stored_equals_fresh(alice)
    response = ApiClient(world.bob).post(f"/api/v1/partnerships/{world.partnership.pk}/measurements/bulk", [
        {"indicator": "OTD", "period": _month(last_month, 10).strftime("%Y-%m"), "value": 50},
        {"indicator": "OTD", "period": _month(last_month, 1).strftime("%Y-%m"), "value": 70}])
    assert response.status_code == 200, response.content
    assert_stored_equals_fresh(alice)
    assert stored(world.partnership)[_month(last_month, 1)]["status"] == "red"


def test_a_large_import_refreshes_in_a_task_and_the_page_says_updating_until_then(
        world, metrics, last_month, monkeypatch, web, django_capture_on_commit_callbacks):
    alice = world.access(world.alice)
    monkeypatch.setattr(writing, "COMMIT_EVERY", 2)  # "large" from three values: the commit-in-parts path
    queued, task = [], refresh.portfolio_refresh_task

    class Queue:  # a worker that has not run yet
        enqueue = staticmethod(queued.append)

    monkeypatch.setattr(refresh, "portfolio_refresh_task", Queue)
    rows = [{"indicator": "OTD", "period": _month(last_month, n).strftime("%Y-%m"), "value": str(80 + n)}
            for n in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        result = measurement_services.measurements_import(user=world.bob, rows_or_file=rows,
                                                          access=world.access(world.bob))
    assert result.ok and result.corrected == 3 and result.created == 1
    # From the first month written to the last whose warnings read the latest value (5 months on).
    assert queued == [[[world.partnership.pk, _month(last_month, 3).isoformat(), _month(last_month, -5).isoformat()]]]
    assert PortfolioStanding.objects.get(partnership=world.partnership).refresh_pending
    page = web("alice").get("/portfolio/").content.decode()
    assert 'data-testid="portfolio-updating"' in page
    assert ApiClient(world.bob).get("/api/v1/portfolio").json()["items"][0]["updating"] is True
    task.func(queued[0])  # what the worker runs
    assert_stored_equals_fresh(alice)
    assert 'data-testid="portfolio-updating"' not in web("alice").get("/portfolio/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_large_import_outside_any_transaction_refreshes_after_its_last_part(world, metrics, last_month,
                                                                               monkeypatch):
    """As in production: the parts commit one by one, then the task (here the immediate backend) runs."""
    monkeypatch.setattr(writing, "COMMIT_EVERY", 2)
    rows = [{"indicator": "OTD", "period": _month(last_month, n).strftime("%Y-%m"), "value": str(70 + n)}
            for n in range(5)]
    result = measurement_services.measurements_import(user=world.bob, rows_or_file=rows,
                                                      access=world.access(world.bob))
    assert result.ok and result.created == 2 and result.corrected == 3
    assert_stored_equals_fresh(world.access(world.alice))
    assert stored(world.partnership)[_month(last_month, 4)]["status"] == "red"


def test_a_deleted_value_refreshes_its_month_and_the_latest_month_moves_back(world, metrics, last_month):
    alice = world.access(world.alice)
    for indicator in (metrics["otd"], metrics["cpi"]):
        value = Measurement.objects.get(indicator=indicator, period=last_month)
        writing.measurement_delete(access=world.access(world.bob), measurement=value)
    assert_stored_equals_fresh(alice)
    assert PortfolioStanding.objects.get(partnership=world.partnership).latest.period == _month(last_month, 1)
    assert last_month not in stored(world.partnership)


def test_agreeing_an_indicator_and_a_change_of_its_definition_refresh_from_its_start(world, metrics, last_month):
    alice, bob = world.access(world.alice), world.access(world.bob)
    kfi = indicator_agreed(owner_access=alice, other_access=bob, code="COST", name="Cost", kind="kfi",
                           direction="lower_is_better", target=Decimal("100"), entry_by="both")
    measurement_services.measurement_record(access=alice, indicator=kfi, period=_month(last_month, 1),
                                            value=Decimal("150"))
    assert_stored_equals_fresh(alice)
    # A new target from two months back, proposed by bob and accepted by alice's manager: retroactive.
    change = definitions.indicator_change_propose(access=bob, indicator=kfi, fields={"target": "200"},
                                                  effective_from=_month(last_month, 2).isoformat())
    before = stored(world.partnership)
    definitions.indicator_change_accept(access=alice, change_id=change.pk)
    assert stored(world.partnership) != before
    assert_stored_equals_fresh(alice)
    # A shared indicator proposed but not agreed counts nowhere; the agreement of its creation counts at once.
    proposed = indicator_services.indicator_create(access=bob, code="NEWK", name="New KPI", kind="kpi",
                                                   target=Decimal("10"))
    measurement_services.measurement_record(access=bob, indicator=proposed, period=_month(last_month, 5),
                                            value=Decimal("1"))
    assert _month(last_month, 5) not in stored(world.partnership)
    assert_stored_equals_fresh(alice)
    definitions.indicator_creation_accept(access=alice, indicator=proposed)
    assert stored(world.partnership)[_month(last_month, 5)]["red"] == 1
    assert_stored_equals_fresh(alice)


def test_a_threshold_change_refreshes_every_month(world, metrics, last_month):
    alice = world.access(world.alice)
    assert stored(world.partnership)[last_month]["status"] == "green"
    scorecard_services.scorecard_settings_update(access=alice, green_at=Decimal("120"), amber_at=Decimal("110"))
    assert {row["status"] for row in stored(world.partnership).values()} == {"red"}
    assert_stored_equals_fresh(alice)


def test_a_party_joining_reads_the_same_stored_rows(world, metrics, last_month):
    from accord.partnerships.access import partnership_access
    from accord.partnerships.services import party_invite, party_respond

    party_invite(access=world.access(world.alice), organization_name=world.outsider_org.name, role="partner")
    assert ApiClient(world.charlie).get("/api/v1/portfolio").json() == {"items": [], "count": 0}
    party = world.partnership.parties.get(organization=world.outsider_org)
    party_respond(acting_user=world.charlie, party_id=party.pk, accept=True)
    charlie = partnership_access(world.charlie, partnership_id=world.partnership.pk)
    assert_stored_equals_fresh(charlie)
    rows = {name: ApiClient(user).get("/api/v1/portfolio").json()["items"]
            for name, user in (("alice", world.alice), ("charlie", world.charlie))}
    assert rows["charlie"][0]["role"] == "partner"
    assert {**rows["charlie"][0], "role": "client"} == rows["alice"][0]


def test_contributors_fill_the_health_columns_and_the_portfolio_shows_them(world, metrics, last_month):
    def health(rows):
        for row in rows:
            row.health_index = None if row.score is None else min(row.score, Decimal("100")) - 10
            row.health_status = "ok"

    refresh.register_period_contributor(health)
    try:
        assert refresh.register_period_contributor(health) is health and refresh._CONTRIBUTORS.count(health) == 1
        measurement_services.measurement_record(access=world.access(world.bob), indicator=metrics["otd"],
                                                period=_month(last_month, 1), value=Decimal("90"))
    finally:
        refresh.unregister_period_contributor(health)
    months = PortfolioPeriod.objects.filter(partnership=world.partnership).order_by("period")
    assert [row.health_index for row in months][-2:] == [Decimal("84.74"), Decimal("90")]
    row = ApiClient(world.alice).get("/api/v1/portfolio").json()["items"][0]
    assert row["health_index"] == 90 and row["health_status"] == "ok" and row["health_change"] == 5.26


def test_the_rebuild_command_and_the_migration_step_store_every_partnership(world, metrics, last_month):
    before = {row.period: row.score for row in PortfolioPeriod.objects.all()}
    PortfolioPeriod.objects.all().delete()
    PortfolioStanding.objects.all().delete()
    from accord.metrics.apps import _store_missing_portfolio_rows

    _store_missing_portfolio_rows(sender=None)
    assert {row.period: row.score for row in PortfolioPeriod.objects.all()} == before
    out = io.StringIO()
    call_command("portfolio-rebuild", stdout=out)
    assert "rebuilt for 1 partnerships" in out.getvalue()
    assert_stored_equals_fresh(world.access(world.alice))


@pytest.mark.parametrize("extra", [0, 5])
def test_api_query_count_is_flat_and_another_organization_never_appears(world, metrics, last_month, extra,
                                                                         django_assert_max_num_queries):
    from accord.partnerships.access import partnership_access
    from accord.partnerships.services import partnership_create

    for i in range(extra):  # charlie's own partnerships, with data: never in alice's or bob's portfolio
        partnership = partnership_create(acting_user=world.charlie, name=f"Charlie {i}", role="client")
        access = partnership_access(world.charlie, partnership_id=partnership.pk)
        indicator = indicator_services.indicator_create(access=access, code="X", name="X", target=Decimal("10"))
        measurement_services.measurement_record(access=access, indicator=indicator, period=last_month,
                                                value=Decimal("9"))
    client = ApiClient(world.charlie)
    client.get("/api/v1/me")
    with django_assert_max_num_queries(9):
        assert client.get("/api/v1/portfolio").json()["count"] == extra
    for user in (world.alice, world.bob):
        items = ApiClient(user).get("/api/v1/portfolio", {"limit": 1000}).json()["items"]
        assert [row["slug"] for row in items] == [world.partnership.slug]


def test_per_market_values_roll_up_in_the_stored_rows_as_on_the_scorecard(world, metrics, last_month):
    """The stored month of a per-market indicator is its markets' roll-up (not one market's value), and a
    market's new weight moves every month of a weighted roll-up."""
    from accord.markets import services as market_services
    from accord.markets.models import Market

    alice, bob = world.access(world.alice), world.access(world.bob)
    market_services.market_create(access=alice, code="DE", name="Germany", country="DE", currency="EUR", weight="3")
    market_services.market_create(access=alice, code="FR", name="France", country="FR", currency="EUR", weight="1")
    indicator_agreed(owner_access=bob, other_access=alice, code="SAT", name="Satisfaction", kind="kpi",
                     target=Decimal("90"), scope="market", rollup="weighted")
    rows = [{"indicator": "SAT", "period": _month(last_month, ago).isoformat(), "market": market, "value": value}
            for ago in range(2) for market, value in (("DE", "80"), ("FR", "100"))]
    assert writing.measurements_save(user=world.bob, access=bob, source="api", rows=rows).ok
    assert_stored_equals_fresh(alice)
    card = scorecard_for_period(alice, last_month)
    sat = next(row for row in card["indicators"] if row["code"] == "SAT")
    assert Decimal(str(sat["actual"])) == Decimal("85")  # (80 × 3 + 100 × 1) ÷ 4
    market_services.market_update(access=alice, market=Market.objects.get(code="DE"), weight="1")
    assert_stored_equals_fresh(alice)
    sat = next(row for row in scorecard_for_period(alice, last_month)["indicators"] if row["code"] == "SAT")
    assert Decimal(str(sat["actual"])) == Decimal("90")
