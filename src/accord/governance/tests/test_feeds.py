"""The relationship indicators fed by governance, when the partnership opts in; and governance's
"waiting on you" items."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from accord.core.waiting import items_for
from accord.governance import actions, ladder, proceedings, services
from accord.governance.models import Escalation, EscalationStep, GovernanceBody
from accord.metrics.models import Indicator, Measurement
from accord.partnerships.access import partnership_accesses

from .conftest import members


def targets_url(world):
    return f"/api/v1/partnerships/{world.partnership.pk}/escalation-targets"


def test_nothing_is_fed_without_opting_in(named):
    alice, bob = named.access(named.alice), named.access(named.bob)
    escalation = ladder.escalation_raise(access=alice, category="other", severity="low", description="A")
    ladder.escalation_respond(access=bob, escalation=escalation, text="On it")
    assert not Indicator.objects.filter(code__startswith="PROBT").exists()
    assert not Measurement.objects.exists()


def test_opting_in_creates_the_indicators_and_each_change_writes_its_month(named, api):
    alice, bob = named.access(named.alice), named.access(named.bob)
    assert api("alice").patch(targets_url(named), {"feed_indicators": True}).status_code == 200
    codes = set(Indicator.objects.filter(partnership=named.partnership).values_list("code", flat=True))
    assert codes == {"PROBT", "ONTIME-CLIENT", "ONTIME-PROVIDER"}
    probt = Indicator.objects.get(code="PROBT")
    assert probt.kind == "relationship" and probt.entry_by == "both" and probt.visibility == "shared"

    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)

    def due_on(escalation, day):
        Escalation.objects.filter(pk=escalation.pk).update(respond_by=day, resolve_by=day)
        EscalationStep.objects.filter(escalation=escalation).update(respond_by=day, resolve_by=day)
        escalation.refresh_from_db()

    answered = ladder.escalation_raise(access=alice, category="other", severity="low", description="Answered")
    due_on(answered, today)
    ladder.escalation_respond(access=bob, escalation=answered, text="On it")
    first = Measurement.objects.get(indicator__code="PROBT", period=today.replace(day=1))
    assert first.value == Decimal("100.0") and first.source == "governance"
    late = ladder.escalation_raise(access=alice, category="other", severity="low", description="Left unanswered")
    due_on(late, yesterday)
    ladder.escalation_escalate(access=alice, escalation=late)  # leaves the working level unanswered: one miss
    missed = Measurement.objects.get(indicator__code="PROBT", period=yesterday.replace(day=1))
    assert missed.value == (Decimal("50.0") if yesterday.month == today.month else Decimal("0.0"))

    past = today.replace(day=1)
    action = actions.action_create(access=alice, title="Send the plan", owner=named.bob.pk, owner_party=bob.party.pk,
                                   due_date=past)
    actions.action_update(access=bob, action=action, status="done")
    ontime = Measurement.objects.get(indicator__code="ONTIME-PROVIDER", period=past)
    expected = Decimal("100") if today == past else Decimal("0")  # done today: on time only if due today
    assert ontime.value == expected and ontime.source == "governance"


def test_targets_page_opts_in_for_managers_only(named, web):
    page = reverse("governance:escalation_targets", args=[named.partnership.slug])
    form = {"working_respond_days": 2, "working_resolve_days": 10, "operational_respond_days": 5,
            "operational_resolve_days": 20, "strategic_respond_days": 10, "strategic_resolve_days": 40,
            "feed_indicators": "on"}
    assert web("maya").post(page, form).status_code == 403
    bad = web("alice").post(page, {**form, "strategic_resolve_days": 3})
    assert bad.status_code == 422 and "fewer days than responding" in bad.content.decode()
    assert web("alice").post(page, form).status_code == 302
    assert Indicator.objects.filter(code="PROBT").exists()
    assert "Feed the relationship indicators" not in web("victor").get(page).content.decode()


def test_waiting_on_you(named):
    alice, bob = named.access(named.alice), named.access(named.bob)
    escalation = ladder.escalation_raise(access=alice, category="other", severity="high", description="Rota gaps")
    actions.action_create(access=alice, title="Overdue plan", owner=named.bob.pk, owner_party=bob.party.pk,
                          due_date=datetime.date(2020, 1, 1))
    body = GovernanceBody.objects.get(partnership=named.partnership, tier="operational")
    services.body_update(access=alice, body=body, members=members(named))  # alice chairs
    held = services.meeting_create(access=alice, body=body, starts_at=timezone.now() - datetime.timedelta(days=2))
    proceedings.minute_add(access=bob, meeting=held, text="Discussed the rota")

    def titles(user):
        return [item.title for item in items_for(user, partnership_accesses(user))]

    assert f"Acknowledge escalation #{escalation.pk}: Rota gaps" in titles(named.bob)
    assert "Overdue plan" in titles(named.bob)
    assert f"Approve the minutes of {body.name}" in titles(named.alice)
    assert not [t for t in titles(named.alice) if "escalation" in t or t == "Overdue plan"]
    assert not [t for t in titles(named.bob) if t.startswith("Approve the minutes")]
    assert not titles(named.charlie) or all("Rota" not in t for t in titles(named.charlie))
    ladder.escalation_respond(access=bob, escalation=escalation, text="Extra shift from Monday")
    proceedings.minutes_approve(access=alice, meeting=held)
    assert not [t for t in titles(named.bob) if "escalation" in t]
    # Past its resolution target, escalating is proposed to both parties.
    past = timezone.localdate() - datetime.timedelta(days=1)
    Escalation.objects.filter(pk=escalation.pk).update(respond_by=past, resolve_by=past)
    assert f"Escalate #{escalation.pk}: Rota gaps" in titles(named.alice)
    assert f"Escalate #{escalation.pk}: Rota gaps" in titles(named.bob)
    assert not [t for t in titles(named.alice) if t.startswith("Approve the minutes")]
