"""Scorecards per market and rolled up to the partnership; the heat map; the same for every party."""

import json
from decimal import Decimal

import pytest

from accord.core.testing import indicator_agreed
from accord.metrics.measurements import services as measurement_services
from accord.metrics.scorecards import selectors


@pytest.fixture
def measured(world, per_market, month):
    """CSAT: DE 90, FR 70, ES no data (weighted: (3 × 90 + 1 × 70) ÷ 4 = 85 → green; FR red)."""
    result = measurement_services.measurements_import(
        user=world.bob, access=world.access(world.bob),
        rows_or_file=[{"indicator": "CSAT", "period": month, "value": "90", "market": "DE"},
                      {"indicator": "CSAT", "period": month, "value": "70", "market": "FR"}])
    assert result.ok, result.errors
    return per_market


def scorecard_url(world, month):
    return f"/api/v1/partnerships/{world.partnership.pk}/scorecards/{month}"


def test_the_partnership_scorecard_uses_the_roll_up_and_shows_the_markets(world, measured, api, month):
    card = api("alice").get(scorecard_url(world, month)).json()
    row = next(r for r in card["indicators"] if r["code"] == "CSAT")
    assert (row["scope"], row["rollup"], row["actual"], row["status"]) == ("market", "weighted", 85, "green")
    assert row["markets"] == [{"market": "DE", "actual": 90, "status": "green"},
                              {"market": "ES", "actual": None, "status": "no_data"},
                              {"market": "FR", "actual": 70, "status": "red"}]
    assert row["consistency"] == {"cv": 0.125, "min": 70, "max": 90, "worst": "FR", "best": "DE", "flagged": ["FR"]}
    assert row["explanation"].startswith("Roll-up: weighted average of 2 markets: (3 × 90 (DE) + 1 × 70 (FR)) ÷ 4")
    assert "left out, no data: ES" in row["explanation"]
    assert card["score"] == 100  # attainment 85 ÷ 85


def test_the_scorecard_is_the_same_for_every_party_and_role(world, measured, api, month):
    answers = {name: api(name).get(scorecard_url(world, month)).content for name in ("alice", "bob", "victor", "maya")}
    assert len(set(answers.values())) == 1
    market = {name: api(name).get(scorecard_url(world, month), {"market": "FR"}).content for name in ("alice", "bob")}
    assert len(set(market.values())) == 1


def test_one_markets_scorecard(world, measured, api, month):
    answer = api("bob").get(scorecard_url(world, month), {"market": "FR"})
    assert answer.status_code == 200, answer.json()
    card = answer.json()
    assert (card["market"], card["market_name"]) == ("FR", "France")
    assert [(r["code"], r["actual"], r["status"]) for r in card["indicators"]] == [("CSAT", 70, "red")]
    assert card["status"] == "red" and card["score"] == 82.35  # 70 ÷ 85
    unknown = api("bob").get(scorecard_url(world, month), {"market": "XX"})
    assert unknown.status_code == 400 and "market" in unknown.json()["errors"]
    assert api("charlie").get(scorecard_url(world, month), {"market": "FR"}).status_code == 404


def test_a_whole_partnership_indicator_has_no_markets(world, measured, month):
    otd = indicator_agreed(owner_access=world.access(world.alice), other_access=world.access(world.bob), code="OTD",
                           name="On-time delivery", target=Decimal("95"))
    measurement_services.measurement_record(access=world.access(world.alice), indicator=otd, period=month,
                                            value=Decimal("96"))
    card = selectors.scorecard_for_period(world.access(world.alice), month)
    row = next(r for r in card["indicators"] if r["code"] == "OTD")
    assert row["markets"] == [] and row["consistency"] is None and row["actual"] == Decimal("96")


@pytest.mark.parametrize(("rollup", "actual"), [("sum", 160), ("average", 80), ("worst", 70)])
def test_each_roll_up_kind_reaches_the_scorecard(world, measured, month, rollup, actual):
    from accord.metrics.indicators import definitions

    change = definitions.indicator_change_propose(access=world.access(world.alice), indicator=measured,
                                                  fields={"rollup": rollup}, effective_from=f"{month}-01")
    definitions.indicator_change_accept(access=world.access(world.bob), change_id=change.pk)
    row = next(r for r in selectors.scorecard_for_period(world.access(world.bob), month)["indicators"])
    assert (row["rollup"], row["actual"]) == (rollup, Decimal(actual))


def test_the_heat_map_page(world, measured, web, month):
    page = web("bob").get(f"/partnerships/{world.partnership.slug}/markets/heat-map/", {"period": month})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="heat-map"' in text and "CSAT" in text and "flagged" in text
    assert web("charlie").get(f"/partnerships/{world.partnership.slug}/markets/heat-map/").status_code == 404


def test_the_scorecard_page_has_a_market_selector(world, measured, web, month):
    page = web("alice").get(f"/partnerships/{world.partnership.slug}/scorecard/", {"period": month, "market": "FR"})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="market-scorecard"' in text and "FR — France" in text
    assert "red while the roll-up is green: FR" in text


def test_api_json_round_trips(world, measured, api, month):
    body = api("alice").get(scorecard_url(world, month)).content
    assert json.loads(body)["indicators"][0]["consistency"]["worst"] == "FR"
