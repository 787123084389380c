"""Inviting a party without a directory of tenants: by exact name or by e-mail, one answer either way."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from accord.accounts.models import PartnershipInvitation, User
from accord.core.models import AuditEvent
from accord.partnerships import services
from accord.partnerships.models import PartyStatus

BASE = "/api/v1/partnerships"


def _slug_shape(slug: str) -> str:
    return re.sub(r"[0-9a-f]{6}$", "<random>", slug)


def test_slug_does_not_reveal_another_tenants_partnership_name(world):
    # charlie's organization has never seen "Patient Experience Partnership" (alice's and bob's).
    taken = services.partnership_create(acting_user=world.charlie, name=world.partnership.name, role="client")
    unused = services.partnership_create(acting_user=world.charlie, name="Patient Experience Partnershiq", role="client")
    assert _slug_shape(taken.slug) == "patient-experience-partnership-<random>"
    assert _slug_shape(unused.slug) == "patient-experience-partnershiq-<random>"
    assert len(taken.slug) == len(unused.slug) and taken.slug != world.partnership.slug


def test_invite_page_lists_no_organizations(world, web):
    page = web("alice").get(f"/partnerships/{world.partnership.slug}/parties/invite/").content.decode()
    assert "<select" in page  # the role
    assert world.outsider_org.name not in page and "<option value=\"" + str(world.outsider_org.pk) not in page


def test_invite_by_name_answers_the_same_whether_or_not_it_exists(world, api, django_capture_on_commit_callbacks):
    pid = world.partnership.pk
    answers = []
    for name in (world.outsider_org.name.lower(), "Harborview Consultinq"):
        with django_capture_on_commit_callbacks(execute=True):
            response = api("alice").post(f"{BASE}/{pid}/parties", {"organization_name": name, "role": "partner"})
        body = response.json()
        answers.append((response.status_code, sorted(body), body["detail"].replace(name, "<name>")))
    assert answers[0] == answers[1] and answers[0][0] == 202
    # The existing organization's admin was asked; the inviter still sees no difference anywhere.
    assert [m.to for m in mail.outbox] == [[world.charlie.email]]
    parties = api("alice").get(f"{BASE}/{pid}/parties").json()
    assert {p["organization"]["name"] for p in parties} == {world.client_org.name, world.provider_org.name}
    detail = api("alice").get(f"{BASE}/{pid}").json()
    assert world.outsider_org.name not in str(detail)
    feed = str(api("bob").get(f"{BASE}/{pid}/activity").json())
    assert world.outsider_org.name not in feed and "Harborview Consultinq" in feed
    page = Client()
    page.force_login(world.alice)
    sent = page.get(f"/partnerships/{world.partnership.slug}/parties/invite/").content.decode()
    assert world.outsider_org.name.lower() in sent and "Harborview Consultinq" in sent


def test_invite_page_says_the_same_for_an_unknown_name(world, web):
    alice = web("alice")
    texts = []
    for name in (world.outsider_org.name, "Nobody Ltd"):
        response = alice.post(f"/partnerships/{world.partnership.slug}/parties/invite/",
                              {"organization_name": name, "role": "partner"}, follow=True)
        texts.append(str(list(response.context["messages"])[0]).replace(name, "<name>"))
    assert texts[0] == texts[1] and "is on Accord" in texts[0]


def test_invite_by_email_of_an_existing_admin_invites_their_organization(world, api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api("alice").post(f"{BASE}/{world.partnership.pk}/parties",
                                     {"email": world.charlie.email.upper(), "role": "partner"})
    assert response.status_code == 202
    party = world.partnership.parties.get(organization=world.outsider_org)
    assert party.status == PartyStatus.INVITED and mail.outbox[0].to == [world.charlie.email]
    assert "accept or decline" in mail.outbox[0].body and "/partnerships/" in mail.outbox[0].body


def test_new_organization_joins_through_the_mailed_link(world, web, django_capture_on_commit_callbacks):
    alice = web("alice")
    slug = world.partnership.slug
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post(f"/partnerships/{slug}/parties/invite/", {"email": "Dana@Acme.example", "role": "partner"})
    assert response.status_code == 302
    link = re.search(r"http://\S+(/partnerships/join/[^/\s]+/)", mail.outbox[-1].body).group(1)
    assert mail.outbox[-1].to == ["dana@acme.example"]

    newcomer = Client()
    page = newcomer.get(link)
    assert page.status_code == 200 and world.partnership.name in page.content.decode()
    # A clash with an organization on the server is named on the field, nothing is created.
    response = newcomer.post(link, {"organization_name": world.outsider_org.name, "username": "dana",
                                    "password": "sunny-meadow-4217"})
    assert response.status_code == 200 and "organization_name" in response.context["form"].errors
    assert not User.objects.filter(username="dana").exists()
    response = newcomer.post(link, {"organization_name": "Acme Robotics", "username": "dana", "first_name": "Dana",
                                    "password": "sunny-meadow-4217"})
    assert response.status_code == 302 and response["Location"] == "/partnerships/"
    dana = User.objects.get(username="dana")
    assert dana.email == "dana@acme.example" and dana.membership.is_admin
    assert dana.membership.organization.name == "Acme Robotics"
    # The party invitation is now theirs to answer, with the existing accept/decline.
    listing = newcomer.get("/partnerships/").content.decode()
    assert "Invitations to your organization" in listing and world.partnership.name in listing
    party = world.partnership.parties.get(organization__name="Acme Robotics", status=PartyStatus.INVITED)
    response = newcomer.post(f"/partnerships/invitations/{party.pk}/respond/", {"answer": "accept"})
    assert response.status_code == 302
    assert newcomer.get(f"/partnerships/{slug}/").status_code == 200
    assert "Acme Robotics" in web("bob").get(f"/partnerships/{slug}/").content.decode()
    # The link works once; the new organization's trail starts with its creation.
    assert Client().get(link).status_code == 404
    assert AuditEvent.objects.filter(organization=dana.membership.organization,
                                     event_type="organization.created").exists()


def test_join_link_refuses_a_signed_in_visitor_and_a_bad_token(world, web, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.party_invite(access=world.access(world.alice), email="eve@elsewhere.example", role="partner")
    link = re.search(r"http://\S+(/partnerships/join/[^/\s]+/)", mail.outbox[-1].body).group(1)
    bob = web("bob")
    response = bob.post(link, {"organization_name": "Eve Co", "username": "eve", "password": "sunny-meadow-4217"})
    assert response.status_code == 200 and not User.objects.filter(username="eve").exists()
    assert Client().get("/partnerships/join/not-a-token/").status_code == 404


def test_other_party_and_outsider_cannot_invite(world, api):
    pid = world.partnership.pk
    assert api("maya").post(f"{BASE}/{pid}/parties", {"organization_name": "X", "role": "partner"}).status_code == 403
    assert api("charlie").post(f"{BASE}/{pid}/parties", {"organization_name": "X", "role": "partner"}).status_code == 404
    assert not PartnershipInvitation.objects.filter(organization_name="X").exists()


@override_settings(THROTTLE_RATES={"invite-organization": (2, 3600)})
def test_party_invitations_are_throttled_per_organization(world, api):
    pid = world.partnership.pk
    for name in ("One Ltd", "Two Ltd"):
        assert api("alice").post(f"{BASE}/{pid}/parties", {"organization_name": name, "role": "partner"}).status_code == 202
    response = api("alice").post(f"{BASE}/{pid}/parties", {"organization_name": "Three Ltd", "role": "partner"})
    assert response.status_code == 429 and "Too many invitations" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0  # says when to try again
    assert not PartnershipInvitation.objects.filter(organization_name="Three Ltd").exists()
    # Another organization is not slowed by alice's.
    other = services.partnership_create(acting_user=world.charlie, name="Charlie's", role="client")
    from accord.partnerships.access import partnership_access

    services.party_invite(access=partnership_access(world.charlie, partnership_id=other.pk),
                          organization_name="Three Ltd", role="partner")


@pytest.mark.parametrize("name", ["", "   "])
def test_partnership_without_a_sluggable_name_gets_a_random_slug(db, name):
    assert _slug_shape(services._unique_slug(name)) == "partnership-<random>"


def test_seeded_invitations_send_no_mail(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.party_invite(access=world.access(world.alice), organization_name=world.outsider_org.name,
                                           role="partner", notify=False)
    assert invitation.party is not None and mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_two_managers_inviting_the_same_organization_at_once_get_one_invitation():
    """The second of two simultaneous invitations is told it was already sent; nothing fails.

    On PostgreSQL both run in parallel threads with their own connections (without the row lock
    on the partnership, the second one hit the party's unique constraint and answered 500);
    SQLite has one writer at a time, so there they run one after another.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.core.exceptions import ValidationError
    from django.db import connection

    from accord.core.testing import build_world
    from accord.partnerships.access import partnership_access

    world = build_world()
    invitations_before = PartnershipInvitation.objects.filter(partnership=world.partnership).count()
    parallel = connection.vendor == "postgresql"
    start = threading.Barrier(2 if parallel else 1)

    def invite(_):
        from django.db import connection as thread_connection

        try:
            if parallel:
                start.wait(timeout=10)
            access = partnership_access(world.alice, partnership_id=world.partnership.pk, manage=True)
            try:
                services.party_invite(access=access, role="partner", organization_name=world.outsider_org.name,
                                      notify=False)
            except ValidationError as exc:
                return exc.message_dict
            return "sent"
        finally:
            if parallel:
                thread_connection.close()

    with ThreadPoolExecutor(max_workers=2 if parallel else 1) as pool:
        results = list(pool.map(invite, range(2)))
    assert results.count("sent") == 1
    refused = next(r for r in results if r != "sent")
    assert refused == {"organization_name": [f"{world.outsider_org.name} has already been invited."]}
    assert PartnershipInvitation.objects.filter(partnership=world.partnership).count() == invitations_before + 1
