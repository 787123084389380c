"""Withdrawing a proposed agreement to rework it needs a reason, and the other party sees it."""

from accord.agreements import services
from accord.agreements.models import AgreementVersion


def _api(world):
    return f"/api/v1/partnerships/{world.partnership.pk}/agreement/versions"


def test_api_rework_of_a_proposal_needs_a_reason(signed_world, draft, api):
    world = signed_world
    services.agreement_propose(access=world.access(world.alice), version=draft)
    refused = api("bob").post(_api(world), {})
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    assert AgreementVersion.objects.get(pk=draft.pk).status == "proposed"
    created = api("bob").post(_api(world), {"reason": "Exit clauses need our lawyer."})
    assert created.status_code == 201
    withdrawn = api("alice").get(f"{_api(world)}/{draft.number}").json()
    assert withdrawn["withdrawn_reason"] == "Exit clauses need our lawyer." and withdrawn["status"] == "superseded"


def test_page_rework_shows_the_reason_to_the_other_party(signed_world, draft, web):
    world = signed_world
    services.agreement_propose(access=world.access(world.alice), version=draft)
    page = web("bob").get(f"/partnerships/{world.partnership.slug}/agreement/versions/{draft.number}/").content.decode()
    assert "Withdraw and rework" in page and 'name="reason"' in page and "data-confirm-danger" in page
    web("bob").post(f"/partnerships/{world.partnership.slug}/agreement/versions/new/",
                    {"reason": "Exit clauses need our lawyer."})
    seen = web("alice").get(f"/partnerships/{world.partnership.slug}/agreement/versions/{draft.number}/")
    assert "Exit clauses need our lawyer." in seen.content.decode()
    new_draft = web("alice").get(f"/partnerships/{world.partnership.slug}/agreement/versions/{draft.number + 1}/")
    assert "Reworks version" in new_draft.content.decode()
