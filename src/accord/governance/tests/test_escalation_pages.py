"""The escalation pages: list with filters, raise form, the ladder and its steps."""

from django.urls import reverse

from accord.governance import ladder
from accord.governance.models import ActionItem, Escalation


def page(world, name, *args):
    return reverse(f"governance:{name}", args=[world.partnership.slug, *args])


def test_raise_respond_escalate_and_resolve_from_the_pages(named, web):
    alice, bob = web("alice"), web("bob")
    bad = alice.post(page(named, "escalation_raise"), {"category": "other", "severity": "high", "description": ""})
    assert bad.status_code == 422 and not Escalation.objects.exists()
    raised = alice.post(page(named, "escalation_raise"), {"category": "financial_disagreement", "severity": "high",
                                                          "description": "Invoice for October is double",
                                                          "concerns_type": "term", "concerns_id": "licence_fee"})
    escalation = Escalation.objects.get()
    assert raised.status_code == 302 and raised.url == page(named, "escalation", escalation.pk)
    assert escalation.concerns_label == "Licence fee"
    refused = alice.post(page(named, "escalation_step", escalation.pk, "escalate"), follow=True)
    assert "Resolve at your level first" in refused.content.decode()
    assert Escalation.objects.get().level == "working"
    assert bob.post(page(named, "escalation_step", escalation.pk, "acknowledge")).status_code == 302
    assert bob.post(page(named, "escalation_step", escalation.pk, "respond"), {"respond-text": "We credit half"}).status_code == 302
    action = bob.post(page(named, "escalation_step", escalation.pk, "action"), {
        "action-title": "Issue the credit note", "action-owner": f"{named.access(named.bob).party.pk}:{named.bob.pk}",
        "action-due_date": "2030-01-10"})
    assert action.status_code == 302 and ActionItem.objects.get().source == "escalation"
    one_side = bob.post(page(named, "escalation_step", escalation.pk, "resolve"),
                        {"resolve-resolution": "Credit note", "resolve-agreed_by": [named.bob.pk]})
    assert one_side.status_code == 422 and "each party" in one_side.content.decode()
    resolved = bob.post(page(named, "escalation_step", escalation.pk, "resolve"),
                        {"resolve-resolution": "Credit note",
                         "resolve-agreed_by": [named.bob.pk, named.alice.pk]})
    assert resolved.status_code == 302 and Escalation.objects.get().status == "resolved"
    detail = alice.get(page(named, "escalation", escalation.pk)).content.decode()
    assert "Resolved" in detail and "Credit note" in detail and "We credit half" in detail
    assert "Issue the credit note" in detail


def test_list_filters_and_isolation(named, web):
    alice = named.access(named.alice)
    high = ladder.escalation_raise(access=alice, category="other", severity="high", description="Loud problem")
    ladder.escalation_raise(access=alice, category="other", severity="low", description="Quiet problem")
    listing = web("bob").get(page(named, "escalations"), {"severity": "high"}).content.decode()
    assert "Loud problem" in listing and "Quiet problem" not in listing
    assert web("bob").get(page(named, "escalation_step", high.pk, "respond")).status_code == 405
    assert web("bob").post(page(named, "escalation_step", high.pk, "nonsense")).status_code == 404
    charlie = web("charlie")
    for url in (page(named, "escalations"), page(named, "escalation", high.pk), page(named, "escalation_raise"),
                page(named, "escalation_targets")):
        assert charlie.get(url).status_code == 404
    assert charlie.post(page(named, "escalation_step", high.pk, "respond"), {"text": "x"}).status_code == 404
    victor = web("victor")
    assert victor.get(page(named, "escalation_raise")).status_code == 403
    assert victor.post(page(named, "escalation_step", high.pk, "respond"), {"text": "x"}).status_code == 403
    assert "Record response" not in victor.get(page(named, "escalation", high.pk)).content.decode()
