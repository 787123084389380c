import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from accord.accounts.models import Organization
from accord.core.audit import record_event, record_organization_event
from accord.core.models import AuditAction, AuditEvent, AuditEventType


def test_every_event_the_product_writes_has_a_listed_type(db, capsys):
    # The demo drives every app's services; the test world adds the account-side events.
    call_command("demo", no_serve=True)
    capsys.readouterr()
    written = set(AuditEvent.objects.values_list("event_type", flat=True).distinct())
    assert written - set(AuditEventType.values) == set()
    assert {"partnership.created", "party.invited", "party.accepted", "indicator.created"} <= written


def test_record_event_types_generic_events_from_the_record_kind(world):
    event = world.partnership.events.get(event_type=AuditEventType.PARTNERSHIP_CREATED)
    assert event.action == AuditAction.CREATE and event.organization is None and event.details == {}


def test_record_event_keeps_its_old_call_shape(world):
    access = world.access(world.alice)
    event = record_event(actor=world.alice, acting_party=access.party, action=AuditAction.UPDATE,
                         record=world.partnership, changes=[{"field": "name", "before": "a", "after": "b"}])
    assert event.event_type == "partnership.changed" and event.partnership == world.partnership


def test_party_invitation_is_on_both_trails(world):
    invited = AuditEvent.objects.get(event_type=AuditEventType.PARTY_INVITED, partnership=world.partnership)
    assert invited.organization == world.client_org
    assert invited.details == {"target": world.provider_org.name, "by": "name", "role": "provider"}
    answered = AuditEvent.objects.get(event_type=AuditEventType.PARTY_ACCEPTED, partnership=world.partnership)
    assert answered.organization == world.provider_org
    assert answered.details == {"organization": world.provider_org.name, "role": "provider"}


def test_an_event_belongs_to_some_trail(db):
    organization = Organization.objects.create(name="Lonely", slug="lonely")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.create(action=AuditAction.CREATE, event_type=AuditEventType.TOKEN_CREATED,
                                  record_type="accounts.organization", record_id="1", record_label="x")
    event = record_organization_event(actor=None, organization=organization, event_type="organization.created",
                                      record=organization)
    assert event.partnership is None and event.get_event_type_display() == "organization created"


def test_organization_events_refuse_an_unknown_type(db):
    organization = Organization.objects.create(name="Lonely", slug="lonely")
    with pytest.raises(ValueError):
        record_organization_event(actor=None, organization=organization, event_type="made.up", record=organization)


def test_the_partnership_feed_carries_typed_events(world, api):
    items = api("bob").get(f"/api/v1/partnerships/{world.partnership.pk}/activity").json()["items"]
    kinds = {item["event_type"]: item for item in items}
    assert {"partnership.created", "party.invited", "party.accepted"} <= set(kinds)
    assert kinds["party.accepted"]["details"] == {"organization": world.provider_org.name, "role": "provider"}
