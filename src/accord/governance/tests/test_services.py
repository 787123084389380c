import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.governance import services
from accord.governance.models import GovernanceBody, Meeting, MeetingStatus
from accord.partnerships import services as partnerships

from .conftest import members


def test_a_new_partnership_gets_a_board_and_an_operational_team(world):
    bodies = {b.tier: b for b in GovernanceBody.objects.filter(partnership=world.partnership)}
    assert set(bodies) == {"strategic", "operational"}
    assert bodies["strategic"].cadence == {"every_months": 4}
    assert bodies["operational"].cadence == {"every_months": 1, "for_months": 6, "then_every_months": 3}
    today = timezone.localdate()
    assert bodies["operational"].starts_on == today
    # Twelve months ahead: monthly for six months (6), then quarterly (months 6, 9, 12).
    assert bodies["operational"].meetings.count() == 9
    assert bodies["strategic"].meetings.count() == 4  # months 0, 4, 8, 12
    assert [m.user for m in bodies["operational"].members.all()] == [world.alice]
    assert AuditEvent.objects.filter(event_type="governancebody.created", partnership=world.partnership).count() == 2


def test_bodies_count_from_the_partnership_start_date(world):
    partnership = partnerships.partnership_create(acting_user=world.alice, name="Later", role="client",
                                                  start_date=timezone.localdate() + datetime.timedelta(days=40))
    board = GovernanceBody.objects.get(partnership=partnership, tier="strategic")
    assert board.starts_on == partnership.start_date
    assert board.meetings.order_by("starts_at").first().kind == "kickoff"


def test_body_with_members_of_both_parties(named):
    body = services.body_create(access=named.access(named.alice), name="Working team: transport", tier="working",
                                cadence={"every_months": 2}, members=members(named))
    assert {(m.user.username, m.role) for m in body.members.all()} == {("alice", "chair"), ("bob", "member")}
    assert body.meetings.count() == 7


def test_members_must_be_named_on_their_party(named, world):
    access = world.access(world.alice)
    wrong_party = [{"user": world.bob.pk, "party": access.party.pk, "role": "member"}]
    unnamed = [{"user": world.maya.pk, "party": world.access(world.maya).party.pk, "role": "member"}]
    for bad in (wrong_party, unnamed, members(world, alice="chair", bob="chair")):
        with pytest.raises(ValidationError) as caught:
            services.body_create(access=access, name="Team", tier="working", cadence={"every_months": 1}, members=bad)
        assert "members" in caught.value.message_dict
    assert not GovernanceBody.objects.filter(name="Team").exists()


def test_invalid_cadence_names_the_field_and_writes_nothing(world):
    with pytest.raises(ValidationError) as caught:
        services.body_create(access=world.access(world.alice), name="Team", tier="working",
                             cadence={"every_months": 0})
    assert "cadence" in caught.value.message_dict
    assert not GovernanceBody.objects.filter(name="Team").exists()


def test_only_managers_create_bodies(world):
    with pytest.raises(PermissionDenied):
        services.body_create(access=world.access(world.victor), name="Team", tier="working",
                             cadence={"every_months": 1})


def test_a_moved_meeting_is_not_scheduled_again(world):
    access = world.access(world.alice)
    body = GovernanceBody.objects.get(partnership=world.partnership, tier="operational")
    meeting = body.meetings.order_by("starts_at")[1]
    services.meeting_update(access=access, meeting=meeting, starts_at=meeting.starts_at + datetime.timedelta(days=3))
    services.meeting_update(access=access, meeting=body.meetings.order_by("starts_at")[2], status="cancelled")
    assert services.meetings_schedule(access=access, body=body) == []
    assert body.meetings.count() == 9
    meeting.refresh_from_db()
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(hours=2)  # moved whole


def test_a_new_cadence_replaces_untouched_future_meetings_only(world):
    access = world.access(world.alice)
    body = GovernanceBody.objects.get(partnership=world.partnership, tier="operational")
    moved = body.meetings.order_by("starts_at")[3]
    services.meeting_update(access=access, meeting=moved, starts_at=moved.starts_at + datetime.timedelta(days=1))
    services.body_update(access=access, body=body, cadence={"every_months": 6})
    remaining = list(body.meetings.order_by("starts_at"))
    assert moved in remaining
    start = body.starts_on
    assert {m.planned_on for m in remaining if m != moved} == {
        start, start + relativedelta(months=6), start + relativedelta(months=12)}
    assert len(remaining) == 4  # months 0, 6, 12 and the moved one (month 3)


def test_extraordinary_meeting_and_bad_times(world):
    access = world.access(world.bob)
    body = GovernanceBody.objects.get(partnership=world.partnership, tier="strategic")
    starts_at = timezone.now() + datetime.timedelta(days=3)
    meeting = services.meeting_create(access=access, body=body, starts_at=starts_at)
    assert meeting.kind == "extraordinary" and meeting.planned_on is None
    with pytest.raises(ValidationError) as caught:
        services.meeting_update(access=access, meeting=meeting, ends_at=starts_at - datetime.timedelta(hours=1))
    assert "ends_at" in caught.value.message_dict
    meeting.refresh_from_db()
    assert meeting.ends_at > meeting.starts_at
    cancelled = services.meeting_update(access=access, meeting=meeting, status="cancelled")
    assert cancelled.status == MeetingStatus.CANCELLED
    assert Meeting.objects.filter(pk=meeting.pk, status="cancelled").exists()


def test_members_are_replaced_on_update(named):
    access = named.access(named.alice)
    body = GovernanceBody.objects.get(partnership=named.partnership, tier="strategic")
    services.body_update(access=access, body=body, members=members(named, alice="member", bob="chair"))
    assert {(m.user.username, m.role) for m in body.members.all()} == {("alice", "member"), ("bob", "chair")}
    event = AuditEvent.objects.filter(event_type="governancebody.changed").latest("id")
    assert event.changes[0]["field"] == "members"
