"""The escalation ladder: its services and its API (isolation, roles, "resolve at your level first")."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.core.testing import indicator_agreed
from accord.governance import calculations, ladder
from accord.governance.models import Escalation, EscalationStep, EscalationTargets
from accord.governance.selectors import escalation_response_events
from accord.metrics.indicators.services import indicator_create


def url(world, *tail):
    return "/".join([f"/api/v1/partnerships/{world.partnership.pk}/escalations", *map(str, tail)])


RAISE = {"category": "communication_breakdown", "severity": "high",
         "description": "Weekly reports stopped arriving in October.\nWe escalated by mail twice."}


@pytest.fixture
def raised(named, api):
    """An escalation alice's party raised through the API."""
    answer = api("alice").post(url(named), RAISE)
    assert answer.status_code == 201, answer.json()
    return answer.json()


def test_raise_starts_at_the_working_level_with_working_day_targets(raised, named):
    today = timezone.localdate()
    assert raised["level"] == "working" and raised["status"] == "open"
    assert raised["respond_by"] == calculations.add_working_days(today, 2).isoformat()
    assert raised["resolve_by"] == calculations.add_working_days(today, 10).isoformat()
    assert raised["title"] == "Weekly reports stopped arriving in October."
    assert raised["raised_by_organization"] == "Northwind Health"
    assert [step["kind"] for step in raised["history"]] == ["raised"]
    assert raised["can_escalate"] is False and "Resolve at your level first" in raised["escalation_blocker"]
    event = AuditEvent.objects.get(record_type="governance.escalation", record_id=str(raised["id"]))
    assert event.action == "create"


def test_escalating_needs_a_response_at_the_current_level(raised, named, api):
    refused = api("alice").post(url(named, raised["id"], "escalate"))
    assert refused.status_code == 409
    assert "Resolve at your level first" in refused.json()["detail"]
    # The raising party's own note does not open the way: the other party has not answered.
    api("alice").post(url(named, raised["id"], "respond"), {"text": "Still nothing this week."})
    assert api("alice").post(url(named, raised["id"], "escalate")).status_code == 409
    assert Escalation.objects.get(pk=raised["id"]).level == "working"
    answered = api("bob").post(url(named, raised["id"], "respond"), {"text": "Proposal: a named report owner."})
    assert answered.status_code == 200 and answered.json()["status"] == "acknowledged"
    assert answered.json()["can_escalate"] is True
    up = api("alice").post(url(named, raised["id"], "escalate"), {"text": "The proposal was not kept."})
    assert up.status_code == 200, up.json()
    body = up.json()
    today = timezone.localdate()
    assert body["level"] == "operational" and body["status"] == "open" and body["responded_at"] is None
    assert body["respond_by"] == calculations.add_working_days(today, 5).isoformat()
    assert body["resolve_by"] == calculations.add_working_days(today, 20).isoformat()
    assert [s["kind"] for s in body["history"]] == ["raised", "responded", "responded", "escalated"]
    # The same request again (a double click, a second person at once) meets the new level: not answered there.
    again = api("bob").post(url(named, raised["id"], "escalate"))
    assert again.status_code == 409 and Escalation.objects.get(pk=raised["id"]).level == "operational"


def test_a_passed_resolution_target_makes_escalation_available_at_once(raised, named, api, web):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Escalation.objects.filter(pk=raised["id"]).update(respond_by=yesterday, resolve_by=yesterday)
    detail = api("bob").get(url(named, raised["id"])).json()
    assert detail["resolution_overdue"] is True and detail["can_escalate"] is True
    page = web("bob").get(f"/partnerships/{named.partnership.slug}/governance/").content.decode()
    assert "Escalation proposed" in page and f"#{raised['id']}" in page
    assert api("alice").post(url(named, raised["id"], "escalate")).status_code == 200


def test_the_top_of_the_ladder_and_a_resolved_escalation_refuse_to_move(raised, named, api):
    Escalation.objects.filter(pk=raised["id"]).update(level="strategic", responded_at=timezone.now())
    top = api("alice").post(url(named, raised["id"], "escalate"))
    assert top.status_code == 409 and "top of the ladder" in top.json()["detail"]
    alice_party, bob_party = named.access(named.alice).party.pk, named.access(named.bob).party.pk
    resolved = api("bob").post(url(named, raised["id"], "resolve"), {
        "resolution": "Reports every Friday; a named owner on each side.", "agreed_by": [named.alice.pk, named.bob.pk]})
    assert resolved.status_code == 200, resolved.json()
    body = resolved.json()
    assert body["status"] == "resolved" and body["resolution"].startswith("Reports every Friday")
    assert {person["party"] for person in body["agreed_by"]} == {alice_party, bob_party}
    for step in ("acknowledge", "escalate"):
        assert api("bob").post(url(named, raised["id"], step)).status_code == 409
    assert api("bob").post(url(named, raised["id"], "respond"), {"text": "late"}).status_code == 409


def test_a_resolution_needs_someone_of_each_party(raised, named, api):
    before = EscalationStep.objects.count()
    one_side = api("bob").post(url(named, raised["id"], "resolve"), {"resolution": "Done", "agreed_by": [named.bob.pk]})
    assert one_side.status_code == 400 and "each party" in one_side.json()["errors"]["agreed_by"][0]
    outsider = api("bob").post(url(named, raised["id"], "resolve"), {"resolution": "Done",
                                                                      "agreed_by": [named.bob.pk, named.charlie.pk]})
    assert outsider.status_code == 400 and "agreed_by" in outsider.json()["errors"]
    blank = api("bob").post(url(named, raised["id"], "resolve"), {"resolution": " ", "agreed_by": []})
    assert blank.status_code == 400
    assert EscalationStep.objects.count() == before and Escalation.objects.get(pk=raised["id"]).status == "open"


def test_acknowledging_is_for_the_receiving_party_once_per_level(raised, named, api):
    assert api("alice").post(url(named, raised["id"], "acknowledge")).status_code == 403
    first = api("bob").post(url(named, raised["id"], "acknowledge"))
    assert first.status_code == 200 and first.json()["status"] == "acknowledged"
    assert first.json()["acknowledged_at"] is not None
    assert api("maya").post(url(named, raised["id"], "acknowledge")).status_code == 409


def test_isolation_roles_and_bad_input(raised, named, api):
    assert api("charlie").get(url(named)).status_code == 404
    assert api("charlie").get(url(named, raised["id"])).status_code == 404
    assert api("charlie").post(url(named, raised["id"], "respond"), {"text": "x"}).status_code == 404
    assert api("victor").post(url(named), RAISE).status_code == 403
    assert api("victor").post(url(named, raised["id"], "respond"), {"text": "x"}).status_code == 403
    assert api("bob").get(url(named, 987654)).status_code == 404
    listed = api("bob").get(url(named), {"status": "open", "severity": "high"}).json()
    assert [item["id"] for item in listed["items"]] == [raised["id"]]
    assert api("bob").get(url(named), {"level": "strategic"}).json()["items"] == []
    bad = api("alice").post(url(named), {**RAISE, "category": "gossip"})
    assert bad.status_code == 400 and "category" in str(bad.json())
    count = Escalation.objects.count()
    missing = api("alice").post(url(named), {**RAISE, "concerns": {"type": "indicator", "id": 987654}})
    assert missing.status_code == 400 and missing.json()["errors"]["concerns"]
    assert Escalation.objects.count() == count


def test_what_it_concerns_is_resolved_inside_the_partnership(named, api):
    alice, bob = named.access(named.alice), named.access(named.bob)
    shared = indicator_agreed(owner_access=bob, other_access=alice, code="OTD", name="On-time delivery",
                              kind="kpi", target=Decimal("95"))
    secret = indicator_create(access=bob, code="MARGIN", name="Our margin", kind="kfi", target=Decimal("10"),
                              visibility="private")
    ok = api("alice").post(url(named), {**RAISE, "concerns": {"type": "indicator", "id": shared.pk}})
    assert ok.status_code == 201 and ok.json()["concerns"] == {"type": "indicator", "id": str(shared.pk),
                                                               "label": "OTD On-time delivery"}
    term = api("alice").post(url(named), {**RAISE, "concerns": {"type": "term", "id": "notice_period"}})
    assert term.json()["concerns"]["label"] == "Notice period"
    # bob's private indicator cannot be named in a shared escalation, even by bob: answered as not there.
    mine = api("bob").post(url(named), {**RAISE, "concerns": {"type": "indicator", "id": secret.pk}})
    nothing = api("bob").post(url(named), {**RAISE, "concerns": {"type": "indicator", "id": 987654}})
    assert mine.status_code == nothing.status_code == 400 and mine.json() == nothing.json()


def test_targets_are_settable_by_managers_and_apply_to_new_levels(named, api):
    targets = f"/api/v1/partnerships/{named.partnership.pk}/escalation-targets"
    assert api("bob").get(targets).json()["operational_respond_days"] == 5
    assert api("maya").patch(targets, {"working_respond_days": 1}).status_code == 403
    bad = api("alice").patch(targets, {"working_respond_days": 12})
    assert bad.status_code == 400 and "working_resolve_days" in bad.json()["errors"]
    assert not EscalationTargets.objects.exists()
    assert api("alice").patch(targets, {"working_respond_days": 1, "working_resolve_days": 3}).status_code == 200
    raised = api("bob").post(url(named), RAISE).json()
    assert raised["respond_by"] == calculations.add_working_days(timezone.localdate(), 1).isoformat()
    assert api("charlie").get(targets).status_code == 404


def test_response_events_for_the_health_index(named):
    alice, bob = named.access(named.alice), named.access(named.bob)
    answered = ladder.escalation_raise(access=alice, category="other", severity="low", description="A")
    ladder.escalation_respond(access=bob, escalation=answered, text="On it")
    silent = ladder.escalation_raise(access=alice, category="other", severity="low", description="B")
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=1), today + datetime.timedelta(days=30)
    events = escalation_response_events(named.partnership, start, end)
    assert [(due, responded is not None, on_time) for due, responded, on_time in events] == [
        (answered.respond_by, True, True), (silent.respond_by, False, False)]
    assert escalation_response_events(named.partnership, end, end + datetime.timedelta(days=30)) == []


def test_an_action_can_come_from_an_escalation(raised, named, api):
    answer = api("alice").post(url(named, raised["id"], "actions"), {
        "title": "Name a report owner", "owner": named.bob.pk, "owner_party": named.access(named.bob).party.pk,
        "due_date": "2030-01-01"})
    assert answer.status_code == 201 and answer.json()["source"] == "escalation"
    assert api("bob").get(url(named, raised["id"])).json()["actions"][0]["title"] == "Name a report owner"
