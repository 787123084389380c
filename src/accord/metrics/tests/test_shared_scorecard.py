"""One truth both sides trust: the shared scorecard is the same bytes for every party and role (issue 9, item 1)."""

import re
from decimal import Decimal

import pytest

from accord.core.demo import build_demo
from accord.core.testing import ApiClient, indicator_agreed
from accord.metrics import periods
from accord.metrics.indicators import services as indicator_services
from accord.metrics.measurements import services as measurement_services
from accord.metrics.models import Indicator
from accord.metrics.scorecards.selectors import last_full_month
from accord.partnerships.models import Party, PartyStatus

from .conftest import month_text

BASE = "/api/v1/partnerships"
PEOPLE = ("alice", "bob", "victor", "maya")  # admin and viewer of the client, admin and contributor of the provider


@pytest.fixture
def both_private(world, metrics, last_month):
    """Besides alice's private KFI, bob's party has a private KPI with data in the same months."""
    bob = world.access(world.bob)
    ours = indicator_services.indicator_create(access=bob, code="MARGIN", name="Our margin", kind="kpi",
                                               target=Decimal("20"), visibility="private")
    for months_ago in range(3):
        measurement_services.measurement_record(access=bob, indicator=ours, period=periods.shift(
            last_month, periods.MONTHLY, -months_ago), value=Decimal("12"))
    return ours


def _shared_part(html: str) -> str:
    start = html.index('data-testid="shared-scorecard"')
    end = html.find('data-testid="private-indicators"')
    return html[start:end if end != -1 else html.index("</main>")]


def test_the_shared_scorecard_is_the_same_bytes_for_every_party_and_role(world, api, metrics, both_private, last_month):
    pid = world.partnership.pk
    for month in (periods.shift(last_month, periods.MONTHLY, -i) for i in range(4)):
        paths = [f"{BASE}/{pid}/scorecards/{month_text(month)}", f"{BASE}/{pid}/warnings?period={month_text(month)}"]
        for path in paths:
            bodies = {name: api(name).get(path).content for name in PEOPLE}
            assert len(set(bodies.values())) == 1, path
            assert b"SECRET" not in bodies["alice"] and b"MARGIN" not in bodies["alice"]
    rows = {name: api(name).get("/api/v1/portfolio").json()["items"] for name in PEOPLE}
    scores = {name: [(r["score"], r["status"], r["cpi_breaches"], r["warnings"]) for r in items]
              for name, items in rows.items()}
    assert len({repr(value) for value in scores.values()}) == 1


def test_the_shared_part_of_the_page_is_the_same_for_everyone(world, web, metrics, both_private, last_month):
    slug = world.partnership.slug
    pages = {name: web(name).get(f"/partnerships/{slug}/scorecard/", {"period": month_text(last_month)}).content.decode()
             for name in PEOPLE}
    shared = {name: _shared_part(html) for name, html in pages.items()}
    assert len(set(shared.values())) == 1
    assert "SECRET" not in shared["alice"] and "MARGIN" not in shared["alice"]
    # Each party's private indicators are in its own section, apart, with their own statuses and private score.
    assert "SECRET" in pages["alice"] and "MARGIN" not in pages["alice"]
    assert "MARGIN" in pages["bob"] and "SECRET" not in pages["bob"]
    private = pages["bob"][pages["bob"].index('data-testid="private-indicators"'):]
    assert "Our private indicators" in private and "Private score (our KPIs and KFIs only): <strong>60</strong>" in private


def test_the_private_section_through_the_api(world, api, metrics, both_private, last_month):
    pid, period = world.partnership.pk, month_text(last_month)
    alice = api("alice").get(f"{BASE}/{pid}/scorecards/{period}/private").json()
    bob = api("bob").get(f"{BASE}/{pid}/scorecards/{period}/private").json()
    assert [i["code"] for i in alice["indicators"]] == ["SECRET"] and alice["indicators"][0]["status"] == "red"
    assert [i["code"] for i in bob["indicators"]] == ["MARGIN"] and bob["score"] == 60
    assert "never part of the shared scorecard" in bob["label"] and bob["explanation"].startswith("Private score")
    assert api("charlie").get(f"{BASE}/{pid}/scorecards/{period}/private").status_code == 404


def test_an_unagreed_shared_indicator_never_moves_the_shared_score(world, api, metrics, last_month):
    pid, period = world.partnership.pk, month_text(last_month)
    before = api("bob").get(f"{BASE}/{pid}/scorecards/{period}").content
    alice = world.access(world.alice)
    proposed = indicator_services.indicator_create(access=alice, code="NEWKPI", name="New", target=Decimal("100"),
                                                   entry_by="both")
    measurement_services.measurement_record(access=alice, indicator=proposed, period=last_month, value=Decimal("10"))
    assert proposed.status == "proposed"
    assert api("bob").get(f"{BASE}/{pid}/scorecards/{period}").content == before
    assert api("alice").get(f"{BASE}/{pid}/scorecards/{period}").content == before


@pytest.mark.parametrize("extra", [0, 5])
def test_scorecard_queries_stay_flat_with_more_indicators_and_definitions(world, api, metrics, last_month, extra,
                                                                           django_assert_max_num_queries):
    from accord.metrics.indicators import definitions

    alice, bob = world.access(world.alice), world.access(world.bob)
    for i in range(extra):
        indicator = indicator_agreed(owner_access=bob, other_access=alice, code=f"K{i}", name=f"K{i}",
                                     target=Decimal("10"))
        change = definitions.indicator_change_propose(access=bob, indicator=indicator, fields={"target": 12 + i},
                                                      effective_from=last_month)
        definitions.indicator_change_accept(access=alice, change_id=change.pk)
        measurement_services.measurement_record(access=bob, indicator=indicator, period=last_month, value=Decimal("9"))
    client = api("bob")
    client.get("/api/v1/me")  # the token's first use is written once; count the scorecard's reads only
    with django_assert_max_num_queries(5):  # token, membership, party; definitions (+ thresholds), values
        assert client.get(f"{BASE}/{world.partnership.pk}/scorecards/{month_text(last_month)}").status_code == 200


@pytest.mark.django_db
def test_every_demo_partnership_and_period_has_one_shared_scorecard():
    from accord.metrics.tests.test_portfolio_stored import assert_stored_equals_fresh
    from accord.partnerships.access import partnership_access

    demo = build_demo()
    last = last_full_month()
    months = [month_text(periods.shift(last, periods.MONTHLY, -i)) for i in range(24)]
    for partnership in demo.partnerships.values():
        organizations = Party.objects.filter(partnership=partnership, status=PartyStatus.ACCEPTED).values_list(
            "organization_id", flat=True)
        users = [user for user in demo.users.values()
                 if getattr(user, "membership", None) and user.membership.organization_id in organizations]
        roles = {user.membership.role for user in users}
        assert len(users) >= 2 and len(roles) >= 1
        clients = [ApiClient(user) for user in users]
        assert Indicator.objects.filter(partnership=partnership, visibility="shared").exclude(status="agreed").count() == 0
        for month in months:
            bodies = {client.get(f"{BASE}/{partnership.pk}/scorecards/{month}").content for client in clients}
            assert len(bodies) == 1, (partnership.name, month)
        warnings = {client.get(f"{BASE}/{partnership.pk}/warnings").content for client in clients}
        assert len(warnings) == 1
        assert b"INT-COST" not in next(iter(bodies))
        # The demo stores its portfolio through the writer, like any write: equal to a fresh computation.
        assert_stored_equals_fresh(partnership_access(users[0], partnership_id=partnership.pk), months=26)
    rows = {}
    for user in demo.users.values():
        if getattr(user, "membership", None):
            for row in ApiClient(user).get("/api/v1/portfolio").json()["items"]:
                rows.setdefault(row["slug"], set()).add((row["score"], row["status"], row["cpi_breaches"],
                                                         row["warnings"], row["period"]))
    assert rows and all(len(values) == 1 for values in rows.values())
    assert re.match(r"\d{4}-\d{2}", months[0])
