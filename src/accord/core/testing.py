"""The shared test world: alice (client), bob (provider), charlie (no part in the partnership).

Fixtures live in the repository's ``conftest.py``; this module builds the world through the
same services the product uses, so tests exercise real paths.
"""

from dataclasses import dataclass

from django.test import Client

from accord.accounts.models import Role
from accord.accounts.services import api_token_create, organization_create, user_create
from accord.partnerships import services as partnership_services
from accord.partnerships.access import partnership_access

PASSWORD = "correct-horse-battery-staple"


@dataclass
class World:
    alice: object
    bob: object
    charlie: object
    victor: object  # a viewer in alice's organization
    maya: object  # a contributor in bob's organization
    client_org: object
    provider_org: object
    outsider_org: object
    partnership: object

    def access(self, user):
        return partnership_access(user, partnership_id=self.partnership.pk)


def make_user(username: str, organization, role=Role.ADMIN):
    return user_create(username=username, email=f"{username}@example.com", password=PASSWORD,
                       organization=organization, role=role, first_name=username.title(), check_password=False)


def build_world() -> World:
    client_org = organization_create(name="Northwind Health")
    provider_org = organization_create(name="Meridian Facility Services")
    outsider_org = organization_create(name="Harborview Consulting")
    alice = make_user("alice", client_org)
    victor = make_user("victor", client_org, Role.VIEWER)
    bob = make_user("bob", provider_org)
    maya = make_user("maya", provider_org, Role.CONTRIBUTOR)
    charlie = make_user("charlie", outsider_org)
    partnership = partnership_services.partnership_create(
        acting_user=alice, name="Patient Experience Partnership", role="client",
        engagement_type="strategic_partnership",
    )
    invitation = partnership_services.party_invite(
        access=partnership_access(alice, partnership_id=partnership.pk), organization_name=provider_org.name,
        role="provider",
    )
    partnership_services.party_respond(acting_user=bob, party_id=invitation.party.pk, accept=True)
    partnership.refresh_from_db()
    return World(alice=alice, bob=bob, charlie=charlie, victor=victor, maya=maya, client_org=client_org,
                 provider_org=provider_org, outsider_org=outsider_org, partnership=partnership)


def indicator_agreed(*, owner_access, other_access, **fields):
    """A shared indicator created by ``owner_access``'s party and accepted by the other party: agreed, so it
    counts in the shared scorecard, as the test world's indicators should."""
    from accord.metrics.indicators import definitions
    from accord.metrics.indicators import services as indicator_services

    indicator = indicator_services.indicator_create(access=owner_access, **fields)
    if not indicator.is_private:
        definitions.indicator_creation_accept(access=other_access, indicator=indicator)
        indicator.refresh_from_db()
    return indicator


class ApiClient:
    """The Django test client with a bearer token for one user, speaking JSON."""

    def __init__(self, user):
        self.user = user
        self.client = Client()
        _, self.token = api_token_create(user=user, name="tests")

    def _headers(self):
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path, params=None):
        return self.client.get(path, params or {}, headers=self._headers())

    def post(self, path, data=None):
        return self.client.post(path, data or {}, content_type="application/json", headers=self._headers())

    def patch(self, path, data=None):
        return self.client.patch(path, data or {}, content_type="application/json", headers=self._headers())

    def delete(self, path):
        return self.client.delete(path, headers=self._headers())
