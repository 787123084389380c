"""Innovations entered on a statement, the year's workbook, the chart, and query counts that do not grow."""

import io

import pytest
from openpyxl import load_workbook

from accord.incentives import services
from accord.incentives.models import StatementInnovation

from .conftest import MODEL, months_back, record


@pytest.fixture
def with_innovation(money_world, month):
    """The model in force with a 10 % innovation incentive."""
    world = money_world
    alice, bob = world.access(world.alice), world.access(world.bob)
    version = services.model_draft_create(access=alice)
    services.model_update(access=alice, version=version, terms=MODEL | {
        "innovation": {"percent": "10"}, "applies_from": months_back(month, 2).isoformat()})
    services.model_propose(access=alice, version=version)
    services.model_sign(access=alice, version=version)
    services.model_sign(access=bob, version=version)
    return world


def base(world, month):
    return f"/api/v1/partnerships/{world.partnership.pk}/statements/{month:%Y-%m}"


def test_innovation_line_is_a_percentage_of_the_validated_value_and_survives_recomputing(with_innovation, api,
                                                                                        month):
    world = with_innovation
    response = api("bob").post(base(world, month) + "/innovations", {
        "title": "Robot floor scrubber", "validated_value": "12345.67", "validated_by": "Joint innovation board"})
    assert response.status_code == 201, response.json()
    lines = api("alice").get(base(world, month)).json()["lines"]
    innovation = next(line for line in lines if line["kind"] == "innovation")
    assert innovation["amount"] == "1234.57"
    assert innovation["label"] == "Innovation: Robot floor scrubber"
    assert "12,345.67 × 10% = 1234.567 → 1,234.57" in innovation["formula"]
    assert innovation["inputs"]["validated_by"] == "Joint innovation board"
    # A measurement changes: the statement is recomputed and keeps the innovation.
    record(world, "SL1", month, "90")
    lines = api("bob").get(base(world, month)).json()["lines"]
    assert [line["amount"] for line in lines if line["kind"] == "innovation"] == ["1234.57"]


def test_an_approved_statement_is_locked_against_innovations(with_innovation, api, web, month):
    world = with_innovation
    api("alice").post(base(world, month) + "/approve")
    api("bob").post(base(world, month) + "/approve")
    response = api("alice").post(base(world, month) + "/innovations", {
        "title": "Late idea", "validated_value": "100", "validated_by": "Board"})
    assert response.status_code == 400 and "locked" in response.json()["errors"]["period"][0]
    page = f"/partnerships/{world.partnership.slug}/incentives/statements/{month:%Y-%m}/"
    assert 'name="validated_value"' not in web("alice").get(page).content.decode()
    assert StatementInnovation.objects.count() == 0


def test_adding_an_innovation_lapses_an_approval_given_before(with_innovation, api, month):
    world = with_innovation
    api("alice").post(base(world, month) + "/approve")
    api("bob").post(base(world, month) + "/innovations", {
        "title": "Idea", "validated_value": "1000", "validated_by": "Board"})
    statement = api("bob").get(base(world, month)).json()
    assert statement["approvals"] == [] and statement["status"] == "draft"


@pytest.mark.parametrize("payload, field", [
    ({"title": "", "validated_value": "100", "validated_by": "Board"}, "title"),
    ({"title": "Idea", "validated_value": "-5", "validated_by": "Board"}, "validated_value"),
    ({"title": "Idea", "validated_value": "0", "validated_by": "Board"}, "validated_value"),
    ({"title": "Idea", "validated_value": "lots", "validated_by": "Board"}, "validated_value"),
    ({"title": "Idea", "validated_value": "100", "validated_by": " "}, "validated_by"),
])
def test_bad_innovation_is_400_naming_the_field(with_innovation, api, web, month, payload, field):
    world = with_innovation
    response = api("alice").post(base(world, month) + "/innovations", payload)
    assert response.status_code == 400 and field in response.json()["errors"]
    page = f"/partnerships/{world.partnership.slug}/incentives/statements/{month:%Y-%m}/innovations/"
    response = web("alice").post(page, payload)
    assert response.status_code == 400 and field in response.context["innovation_errors"]
    assert StatementInnovation.objects.count() == 0


def test_a_model_without_innovation_refuses_one(model_in_force, money_world, api, month):
    response = api("alice").post(base(money_world, month) + "/innovations", {
        "title": "Idea", "validated_value": "100", "validated_by": "Board"})
    assert response.status_code == 400 and "no innovation section" in response.json()["errors"]["period"][0]


def test_innovation_roles_outsider_viewer_and_the_page_form(with_innovation, api, web, month):
    world = with_innovation
    payload = {"title": "Idea", "validated_value": "100", "validated_by": "Board"}
    assert api("charlie").post(base(world, month) + "/innovations", payload).status_code == 404
    assert api("victor").post(base(world, month) + "/innovations", payload).status_code == 403
    page = f"/partnerships/{world.partnership.slug}/incentives/statements/{month:%Y-%m}/"
    assert web("charlie").post(page + "innovations/", payload).status_code == 404
    assert web("victor").post(page + "innovations/", payload).status_code == 403
    assert StatementInnovation.objects.count() == 0
    assert web("bob").post(page + "innovations/", payload).status_code == 302
    text = web("alice").get(page).content.decode()
    assert "Idea: validated value 100.00, validated by Board" in text and "Innovation: Idea" in text


def test_the_years_statements_as_one_workbook(model_in_force, money_world, api, web, month):
    world = money_world
    services.statement_approve(access=world.access(world.alice), period=months_back(month, 2))
    url = f"/partnerships/{world.partnership.slug}/incentives/years/{month.year}/statements.xlsx"
    for response in (web("bob").get(url),
                     api("alice").get(f"/api/v1/partnerships/{world.partnership.pk}/statements-of-year/"
                                      f"{month.year}.xlsx")):
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(response.content))
        summary = workbook.worksheets[0]
        rows = list(summary.iter_rows(values_only=True))
        assert rows[0][:4] == ("Period", "Status", "Model version", "Currency")
        by_period = {row[0]: row for row in rows[1:]}
        assert by_period[f"{month:%Y-%m}"][1] == "draft (0 approvals)"
        assert by_period[f"{months_back(month, 2):%Y-%m}"][1] == "draft (1 approval)"
        assert f"{month:%Y-%m}" in workbook.sheetnames
        lines = list(workbook[f"{month:%Y-%m}"].iter_rows(values_only=True))
        assert any("savings = baseline − actual" in str(row[3]) for row in lines)
        if month.month > 3:
            assert "No signed financial model applies" in by_period[f"{months_back(month, 3):%Y-%m}"][1]
    assert web("charlie").get(url).status_code == 404
    assert web("alice").get(url.replace(str(month.year), "year")).status_code == 400
    assert api("alice").get(f"/api/v1/partnerships/{world.partnership.pk}/statements-of-year/1800.xlsx"
                            ).status_code == 400


def test_the_home_page_chart_and_its_table(model_in_force, money_world, web, month):
    text = web("alice").get(f"/partnerships/{money_world.partnership.slug}/incentives/").content.decode()
    assert '<svg class="chart"' in text and "Base fee, deductions, bonuses and gainshare of the last 12" in text
    assert "<th scope=\"col\" class=\"num\">Deductions</th>" in text
    assert "Base fee: " in text  # the chart's text alternative names each series


def _grow(world, month, extra_months):
    """More months of measurements and another signed version: what must not add queries."""
    for ago in range(3, 3 + extra_months):
        for code, value in (("SL1", "105"), ("SAFE", "100"), ("COST", "60000")):
            record(world, code, months_back(month, ago), value)


def test_query_counts_do_not_grow_with_periods(model_in_force, money_world, api, web, month,
                                               django_assert_max_num_queries):
    """One of each kind of row first, then more of each (months, approved statements, notes, versions): the
    list endpoints, the statement page and the incentives page ask the database as often as before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = money_world
    alice, bob = world.access(world.alice), world.access(world.bob)
    pid, slug = world.partnership.pk, world.partnership.slug
    urls = [(api("alice"), f"/api/v1/partnerships/{pid}/financial-model/versions"),
            (api("alice"), f"/api/v1/partnerships/{pid}/statements/{month:%Y-%m}/notes"),
            (web("alice"), f"/partnerships/{slug}/incentives/statements/{month:%Y-%m}/"),
            (web("alice"), f"/partnerships/{slug}/incentives/")]

    def counts():
        found = []
        for client, url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured))
        return found

    services.statement_note_create(access=alice, period=month, text="note 0")
    for party in (alice, bob):
        services.statement_approve(access=party, period=months_back(month, 2))
    draft = services.model_draft_create(access=alice)
    counts()  # the first request of each client settles its session and token
    before = counts()
    _grow(world, month, 6)
    services.statement_note_create(access=bob, period=month, text="note 1", visibility="shared")
    for party in (alice, bob):
        services.statement_approve(access=party, period=months_back(month, 1))
    services.model_update(access=alice, version=draft, terms=MODEL | {"applies_from": month.isoformat()})
    services.model_propose(access=alice, version=draft)
    for party in (alice, bob):
        services.model_sign(access=party, version=draft)
    services.model_draft_create(access=alice)
    assert counts() == before
    for (client, url), limit in zip(urls, [6, 6, 30, 30], strict=True):
        with django_assert_max_num_queries(limit):
            client.get(url)
