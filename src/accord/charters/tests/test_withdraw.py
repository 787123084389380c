"""Taking a proposed charter back to draft needs a reason, and the other party sees it."""

from accord.charters import services
from accord.charters.models import CharterVersion
from accord.core.models import AuditEvent


def _api(world):
    return f"/api/v1/partnerships/{world.partnership.pk}/charter/versions/1/withdraw"


def _page(world, suffix):
    return f"/partnerships/{world.partnership.slug}/charter/versions/1/{suffix}"


def test_api_withdraw_without_a_reason_is_a_400_naming_the_field_and_changes_nothing(world, api, proposed):
    services.charter_version_sign(access=world.access(world.alice), version=proposed)
    response = api("bob").post(_api(world), {})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    proposed.refresh_from_db()
    assert proposed.status == "proposed" and proposed.signatures.count() == 1


def test_api_withdraw_with_a_reason_shows_it_to_the_other_party(world, api, proposed):
    response = api("bob").post(_api(world), {"reason": "Our legal team needs a week."})
    assert response.status_code == 200
    assert response.json()["status"] == "draft" and response.json()["withdrawn_reason"] == "Our legal team needs a week."
    assert api("alice").get(f"/api/v1/partnerships/{world.partnership.pk}/charter/versions/1").json()[
        "withdrawn_reason"] == "Our legal team needs a week."


def test_page_withdraw_needs_a_reason_and_the_other_party_reads_it(world, web, proposed):
    bob = web("bob")
    refused = bob.post(_page(world, "withdraw/"), {"reason": ""}, follow=True)
    assert "Say why you take the charter back from signature" in refused.content.decode()
    assert CharterVersion.objects.get(pk=proposed.pk).status == "proposed"
    bob.post(_page(world, "withdraw/"), {"reason": "The values miss safety."})
    page = web("alice").get(_page(world, "")).content.decode()
    assert "Taken back from signature" in page and "The values miss safety." in page
    activity = web("alice").get(f"/partnerships/{world.partnership.slug}/activity/").content.decode()
    assert "The values miss safety." in activity
    assert AuditEvent.objects.filter(record_id=proposed.pk, changes__icontains="withdrawal_reason").exists()


def test_consequential_buttons_ask_for_confirmation(world, web, proposed):
    page = web("alice").get(_page(world, "")).content.decode()
    assert 'data-confirm-title="Sign for Northwind Health?"' in page
    assert 'name="reason"' in page and "required" in page and "data-confirm-danger" in page
    assert 'id="confirm-dialog"' in page and "accord/confirm.js" in page
    assert "<script>" not in page  # no inline script: the content security policy forbids it
