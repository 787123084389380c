"""The health index per period (missing components left out) and the phase with its criteria."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.core.testing import indicator_agreed
from accord.governance.actions import action_create, action_update
from accord.health import phase, surveys
from accord.health.index import health_for_period, health_for_periods
from accord.health.services import health_settings_update
from accord.metrics import periods
from accord.metrics.measurements.services import measurement_record
from accord.metrics.models import PortfolioPeriod
from accord.metrics.scorecards.selectors import last_full_month

from .conftest import answer, start_round

pytestmark = pytest.mark.django_db


def _measure(world, value="96", kind="kpi", code="OTD"):
    alice, bob = world.access(world.alice), world.access(world.bob)
    indicator = indicator_agreed(owner_access=bob, other_access=alice, code=code, name=code, kind=kind,
                                 target=Decimal("95"))
    month = last_full_month()
    measurement_record(access=bob, indicator=indicator, period=month, value=Decimal(value))
    return month


def test_no_component_has_data(world):
    health = health_for_period(world.partnership)
    assert health["index"] is None
    assert {name: c["status"] for name, c in health["components"].items()} == {
        "operational": "no_data", "relationship": "no_data", "behavioural": "no_data"}


def test_operational_alone_carries_the_index(world):
    month = _measure(world)
    health = health_for_period(world.partnership, month.strftime("%Y-%m"))
    operational = health["components"]["operational"]
    assert operational["status"] == "ok" and health["index"] == operational["value"]
    assert health["formula"].endswith(f"÷ 50 = {health['index']}")  # only the operational weight


def test_every_component_and_the_batch_agrees_with_one_period(people):
    month = _measure(people)
    alice, bob = people.access(people.alice), people.access(people.bob)
    # behavioural: one action due last month, done late (today) → 0 of 1 on time
    action = action_create(access=alice, title="Late", owner=people.bob.pk, owner_party=bob.party.pk,
                           due_date=month + datetime.timedelta(days=3))
    action_update(access=bob, action=action, status="done")
    # relationship: a closed round, client 4.0 mean (75), provider below the threshold
    survey = start_round(people)
    for user in (people.alice, people.carla, people.chris):
        answer(people, user, survey, 4)
    answer(people, people.bob, survey, 1)
    surveys.round_close(access=alice, survey=survey)
    period = timezone.localdate().strftime("%Y-%m")
    health = health_for_period(people.partnership, period)
    relationship = health["components"]["relationship"]
    assert relationship["value"] == Decimal("75.0")
    assert relationship["inputs"]["parties"] == {"Northwind Health": Decimal("4.00")}
    assert relationship["inputs"]["below_threshold"] == ["Meridian Facility Services"]
    behavioural = health["components"]["behavioural"]
    assert behavioural["inputs"]["events"]["actions"] == {"due": 1, "on_time": 0}
    # this month: no scorecard data yet → operational left out; (75 × 30 + 0 × 20) ÷ 50 = 45
    assert health["components"]["operational"]["status"] == "no_data"
    assert health["index"] == Decimal("45.0")
    # The batch gives the same as one period at a time.
    months = [month.strftime("%Y-%m"), period]
    assert health_for_periods(people.partnership, months) == [health_for_period(people.partnership, m)
                                                              for m in months]
    # The round closed this month: last month's health has no relationship component.
    last = health_for_period(people.partnership, month.strftime("%Y-%m"))
    assert last["components"]["relationship"]["status"] == "no_data"
    # The stored portfolio row of last month was refreshed by the action's write: the same index, late action included.
    assert last["components"]["behavioural"]["value"] == Decimal("0")
    assert PortfolioPeriod.objects.get(partnership=people.partnership, period=month).health_index == last["index"]
    health_settings_update(access=alice, operational_weight="20")
    reweighted = health_for_period(people.partnership, month.strftime("%Y-%m"))["index"]
    assert reweighted != last["index"]
    assert PortfolioPeriod.objects.get(partnership=people.partnership, period=month).health_index == reweighted


def test_a_bad_period_is_refused_naming_it(world, api):
    response = api("alice").get(f"/api/v1/partnerships/{world.partnership.pk}/health", {"period": "2026-13"})
    assert response.status_code == 400 and "period" in response.json()["errors"]
    ok = api("bob").get(f"/api/v1/partnerships/{world.partnership.pk}/health")
    assert ok.status_code == 200 and set(ok.json()["components"]) == {"operational", "relationship", "behavioural"}


def test_weights_change_the_index(world, api):
    _measure(world)
    api("alice").patch(f"/api/v1/partnerships/{world.partnership.pk}/health/settings", {"operational_weight": 10})
    health = health_for_period(world.partnership)
    assert health["weights"]["operational"] == Decimal("10") and "÷ 10 =" in health["formula"]


def _criteria(world):
    return {c["code"]: c for c in phase.phase_view(access=world.access(world.alice))["criteria"]}


def test_alignment_criteria_with_evidence(world):
    criteria = _criteria(world)
    assert not criteria["charter_in_force"]["met"] and "No charter" in criteria["charter_in_force"]["evidence"]
    assert not criteria["agreement_in_force"]["met"]
    assert not criteria["indicators_defined"]["met"]
    _measure(world, kind="cpi", code="SAFE")
    assert not _criteria(world)["indicators_defined"]["met"]
    _measure(world, kind="kpi", code="OTD")
    assert _criteria(world)["indicators_defined"]["met"]


def test_execution_criteria(people):
    criteria = _criteria(people)
    assert not criteria["scored_periods"]["met"] and "0 months" in criteria["scored_periods"]["evidence"]
    assert criteria["no_recent_cpi_breach"]["met"]
    assert not criteria["survey_every_party"]["met"]
    assert "meetings_on_cadence" in criteria  # the partnership has governance bodies
    survey = start_round(people)
    for user in (people.alice, people.carla, people.chris, people.bob, people.pia, people.pete):
        answer(people, user, survey, 4)
    surveys.round_close(access=people.access(people.alice), survey=survey)
    assert _criteria(people)["survey_every_party"]["met"]


def test_a_cpi_breach_in_the_last_three_periods(world):
    alice, bob = world.access(world.alice), world.access(world.bob)
    cpi = indicator_agreed(owner_access=bob, other_access=alice, code="SAFE", name="Safety", kind="cpi",
                           target=Decimal("100"))
    measurement_record(access=bob, indicator=cpi, period=periods.shift(last_full_month(), periods.MONTHLY, -1),
                       value=Decimal("10"))
    criterion = _criteria(world)["no_recent_cpi_breach"]
    assert not criterion["met"] and "Breaches in" in criterion["evidence"]


def test_moving_past_unmet_criteria_needs_a_reason(world):
    alice = world.access(world.alice)
    with pytest.raises(ValidationError) as error:
        phase.phase_move(access=alice, phase="execution")
    assert "charter_in_force" in error.value.message_dict["reason"][0]
    world.partnership.refresh_from_db()
    assert world.partnership.phase == "alignment"
    phase.phase_move(access=alice, phase="execution", reason="Board decision of 3 March")
    world.partnership.refresh_from_db()
    assert world.partnership.phase == "execution"
    event = AuditEvent.objects.filter(event_type="partnership.changed").latest("id")
    assert event.details["reason"] == "Board decision of 3 March"
    assert "charter_in_force" in event.details["unmet_criteria"]
    phase.phase_move(access=alice, phase="alignment")  # moving back needs no reason


def test_only_managers_move_the_phase(world, api):
    with pytest.raises(PermissionDenied):
        phase.phase_move(access=world.access(world.maya), phase="execution", reason="x")
    assert api("victor").post(f"/api/v1/partnerships/{world.partnership.pk}/phase",
                              {"phase": "execution", "reason": "x"}).status_code == 403
    bad = api("alice").post(f"/api/v1/partnerships/{world.partnership.pk}/phase", {"phase": "done"})
    assert bad.status_code == 400 and "phase" in bad.json()["errors"]
    view = api("bob").get(f"/api/v1/partnerships/{world.partnership.pk}/phase").json()
    assert view["phase"] == "alignment" and view["next_phase"] == "execution"
    assert {"code", "label", "met", "evidence", "stage"} <= set(view["criteria"][0])


def test_escalation_responses_count_as_behavioural_evidence(world):
    """A level answered by its respond-by date is on time; one left unanswered past it is not; one still
    within its target is not due yet and does not count."""
    from accord.governance.escalation_models import EscalationStep
    from accord.governance.ladder import escalation_raise, escalation_respond

    alice, bob = world.access(world.alice), world.access(world.bob)
    month = last_full_month()
    answered = escalation_raise(access=alice, category="other", severity="low", description="Answered in time")
    escalation_respond(access=bob, escalation=answered, text="On it")
    late = escalation_raise(access=alice, category="other", severity="low", description="Never answered")
    escalation_raise(access=alice, category="other", severity="low", description="Still within target")
    # The first two fell due last month (the answer came before that date only for the first).
    EscalationStep.objects.filter(escalation__in=[answered, late]).update(respond_by=month + datetime.timedelta(days=5))
    EscalationStep.objects.filter(escalation=answered).update(
        responded_at=timezone.make_aware(datetime.datetime.combine(month + datetime.timedelta(days=2), datetime.time(9))))
    behavioural = health_for_period(world.partnership, month.strftime("%Y-%m"))["components"]["behavioural"]
    assert behavioural["inputs"]["events"] == {"escalation responses": {"due": 2, "on_time": 1}}
    assert behavioural["value"] == Decimal("50")
