"""The organization audit trail: what happens to an organization, readable by its admins only."""

from django.test import Client

from accord.accounts.services import api_token_create, api_token_revoke, invitation_create, membership_set_role
from accord.core.models import AuditEvent
from accord.partnerships import services as partnership_services

AUDIT = "/api/v1/organization/audit"


def _types(organization):
    return list(AuditEvent.objects.for_organization(organization).values_list("event_type", flat=True))


def test_organization_actions_leave_typed_events_with_details(world):
    membership_set_role(acting_user=world.alice, membership_id=world.victor.membership.pk, role="contributor")
    membership_set_role(acting_user=world.alice, membership_id=world.victor.membership.pk, role="contributor")  # no-op
    invitation_create(acting_user=world.alice, email="nora@northwind.example", role="manager")
    token, _ = api_token_create(user=world.victor, name="ERP")
    api_token_revoke(user=world.victor, token_id=token.pk)
    assert _types(world.client_org)[:4] == ["token.revoked", "token.created", "member.invited", "member.role_changed"]
    role = AuditEvent.objects.get(organization=world.client_org, event_type="member.role_changed")
    assert role.actor == world.alice
    assert role.details == {"username": "victor", "before": "viewer", "after": "contributor"}
    assert role.changes == [{"field": "role", "before": "viewer", "after": "contributor"}]
    created = AuditEvent.objects.get(organization=world.client_org, event_type="token.created", details__name="ERP")
    assert created.details == {"username": "victor", "name": "ERP", "hint": token.hint}
    # Nothing of it reaches the other organization's trail or any partnership's feed.
    assert "member.role_changed" not in _types(world.provider_org)
    assert not world.partnership.events.filter(event_type__startswith="token.").exists()


def test_party_invitations_sent_and_answered_are_on_the_organizations_trails(world):
    invitation = partnership_services.party_invite(access=world.access(world.alice),
                                                   organization_name=world.outsider_org.name, role="partner")
    partnership_services.party_respond(acting_user=world.charlie, party_id=invitation.party.pk, accept=False)
    assert "party.invited" in _types(world.client_org)
    assert _types(world.outsider_org) == ["party.declined"]


def test_admins_read_the_trail_page_and_api_others_do_not(world, web, api):
    api_token_create(user=world.alice, name="ERP")
    page = web("alice").get("/accounts/organization/audit/")
    assert page.status_code == 200 and "API token created" in page.content.decode()
    assert "Audit trail" in web("alice").get("/accounts/organization/").content.decode()
    body = api("alice").get(AUDIT).json()
    assert body["count"] >= 2 and {"event_type", "details", "actor", "at"} <= set(body["items"][0])
    assert body["items"][0]["actor"] == "alice"
    # bob's trail is his organization's: none of alice's events.
    assert all(item["details"].get("username") != "alice" for item in api("bob").get(AUDIT).json()["items"])
    assert web("victor").get("/accounts/organization/audit/").status_code == 403
    assert api("victor").get(AUDIT).status_code == 403
    assert api("maya").get(AUDIT).status_code == 403
    assert Client().get(AUDIT).status_code == 401
    assert Client().get("/accounts/organization/audit/").status_code == 302


def test_the_trail_is_paginated(world, api, django_assert_max_num_queries):
    for n in range(12):
        api_token_create(user=world.alice, name=f"token {n}")
    client = api("alice")
    client.get(AUDIT)  # the client's own token creation is written once
    first = client.get(AUDIT, {"limit": 5}).json()
    second = client.get(AUDIT, {"limit": 5, "offset": 5}).json()
    assert len(first["items"]) == 5 and len(second["items"]) == 5
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])
    with django_assert_max_num_queries(6):
        client.get(AUDIT, {"limit": 100})
