import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accord.core.errors import Conflict
from accord.core.models import AuditEvent
from accord.partnerships import notes, services
from accord.partnerships.models import Partnership, Party, PartyNote, PartyStatus
from accord.partnerships.notes import PARTY_NOTES


def test_create_makes_creator_an_accepted_party_and_audits(world):
    p = services.partnership_create(acting_user=world.alice, name="  Cleaning  ", role="client")
    assert p.name == "Cleaning" and p.status == "proposed"
    assert list(p.parties.values_list("organization__name", "status")) == [("Northwind Health", "accepted")]
    # The partnership's own event; its default governance bodies have theirs (see governance tests).
    event = AuditEvent.objects.get(partnership=p, event_type="partnership.created")
    assert event.action == "create" and event.actor == world.alice
    assert {"field": "name", "before": None, "after": "Cleaning"} in event.changes


def test_create_rejects_bad_fields_and_writes_nothing(world):
    before = Partnership.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.partnership_create(acting_user=world.alice, name="", role="referee",
                                    engagement_type="marriage", start_date="2025-01-02", end_date="2025-01-01")
    errors = exc.value.message_dict
    assert {"name", "role", "engagement_type", "end_date"} <= set(errors)
    assert Partnership.objects.count() == before


def test_create_cannot_start_active_with_one_party(world):
    with pytest.raises(ValidationError) as exc:
        services.partnership_create(acting_user=world.alice, name="Solo", role="client", status="active")
    assert "status" in exc.value.message_dict
    assert not Partnership.objects.filter(name="Solo").exists()


def test_viewer_and_contributor_cannot_create(world):
    for user in (world.victor, world.maya):
        with pytest.raises(PermissionDenied):
            services.partnership_create(acting_user=user, name="Nope", role="client")


def test_activation_needs_two_accepted_parties(world):
    solo = services.partnership_create(acting_user=world.alice, name="Solo", role="client")
    from accord.partnerships.access import partnership_access

    access = partnership_access(world.alice, partnership_id=solo.pk)
    services.party_invite(access=access, organization_name=world.outsider_org.name, role="provider")
    with pytest.raises(ValidationError) as exc:
        services.partnership_update(access=access, status="active")
    assert "status" in exc.value.message_dict
    solo.refresh_from_db()
    assert solo.status == "proposed"
    # With the world's two accepted parties it works.
    p = services.partnership_update(access=world.access(world.alice), status="active")
    assert p.status == "active"


def test_invite_unknown_or_repeated_organization(world):
    access = world.access(world.alice)
    unknown = services.party_invite(access=access, organization_name="No Such Company", role="provider")
    assert unknown.party is None and unknown.organization_name == "No Such Company"
    with pytest.raises(ValidationError) as exc:  # the inviter sees the accepted parties anyway
        services.party_invite(access=access, organization_name=world.provider_org.name.upper(), role="provider")
    assert "already a party" in exc.value.message_dict["organization_name"][0]
    services.party_invite(access=access, organization_name=world.outsider_org.name, role="partner")
    with pytest.raises(ValidationError) as exc:  # repeated as typed, so it says nothing about existence
        services.party_invite(access=access, organization_name=f" {world.outsider_org.name.lower()} ", role="partner")
    assert "already been invited" in exc.value.message_dict["organization_name"][0]
    with pytest.raises(ValidationError) as exc:
        services.party_invite(access=access, organization_name="no such company", role="provider")
    assert "already been invited" in exc.value.message_dict["organization_name"][0]
    assert Party.objects.filter(partnership=world.partnership).count() == 3


def test_invite_needs_exactly_one_target_and_a_role(world):
    access = world.access(world.alice)
    for kwargs in ({}, {"organization_name": "X", "email": "x@example.com"}):
        with pytest.raises(ValidationError) as exc:
            services.party_invite(access=access, role="partner", **kwargs)
        assert "organization_name" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.party_invite(access=access, role="boss", email="not-an-address")
    assert set(exc.value.message_dict) == {"role", "email"}


def test_only_invited_organizations_admin_answers(world):
    invitation = services.party_invite(access=world.access(world.alice), organization_name=world.outsider_org.name,
                                       role="partner")
    party = invitation.party
    from django.http import Http404

    with pytest.raises(Http404):  # bob's organization was not invited
        services.party_respond(acting_user=world.bob, party_id=party.pk, accept=True)
    services.party_respond(acting_user=world.charlie, party_id=party.pk, accept=False)
    party.refresh_from_db()
    assert party.status == PartyStatus.DECLINED
    # A declined organization can be invited again (its earlier invitation expires first, or by e-mail).
    again = services.party_invite(access=world.access(world.alice), email=world.charlie.email, role="partner")
    assert again.party.pk == party.pk and again.party.status == PartyStatus.INVITED


def test_member_must_belong_to_own_organization(world):
    with pytest.raises(ValidationError) as exc:
        services.party_member_add(access=world.access(world.alice), user_id=world.bob.pk, role="signatory")
    assert "user" in exc.value.message_dict
    member = services.party_member_add(access=world.access(world.alice), user_id=world.victor.pk, role="signatory")
    assert member.party.organization == world.client_org
    with pytest.raises(ValidationError):
        services.party_member_add(access=world.access(world.alice), user_id=world.victor.pk, role="signatory")


def test_stale_revision_is_a_conflict_and_changes_nothing(world):
    access = world.access(world.alice)
    services.partnership_update(access=access, revision=1, description="first")
    with pytest.raises(Conflict):
        services.partnership_update(access=access, revision=1, description="second")
    world.partnership.refresh_from_db()
    assert world.partnership.description == "first" and world.partnership.revision == 2


def test_note_lifecycle_and_audit_visibility(world):
    access = world.access(world.alice)
    note = notes.note_create(kind=PARTY_NOTES, access=access, text="Our BATNA: re-tender.")
    assert note.visibility == "private"
    bob = world.access(world.bob)
    assert not PartyNote.objects.visible_to(bob.party).filter(pk=note.pk).exists()
    assert not AuditEvent.objects.visible_to(bob.party).filter(record_id=str(note.pk), record_type="partnerships.partynote").exists()
    notes.note_update(access=access, note=note, visibility="shared", text="We will share this.")
    shared_event = AuditEvent.objects.visible_to(bob.party).get(record_id=str(note.pk), record_type="partnerships.partynote")
    # The private wording before sharing never reaches the other party.
    assert all(c["before"] == "(private)" for c in shared_event.changes if c["field"] == "text")
    assert "BATNA" not in str(shared_event.changes)
    with pytest.raises(PermissionDenied):
        notes.note_update(access=bob, note=note, text="Edited by the other side")
    with pytest.raises(PermissionDenied):
        notes.note_delete(access=bob, note=note)
    notes.note_delete(access=access, note=note)
    assert not PartyNote.objects.filter(pk=note.pk).exists()


def test_empty_note_is_rejected(world):
    with pytest.raises(ValidationError) as exc:
        notes.note_create(kind=PARTY_NOTES, access=world.access(world.alice), text="   ")
    assert "text" in exc.value.message_dict
    assert PartyNote.objects.count() == 0


def test_viewer_cannot_write_notes(world):
    with pytest.raises(PermissionDenied):
        notes.note_create(kind=PARTY_NOTES, access=world.access(world.victor), text="hello")
