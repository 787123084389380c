from django.utils import timezone

from accord.core.demo import build_demo
from accord.governance.models import GovernanceBody, Meeting


def test_demo_hospital_partnership_has_both_bodies_with_a_year_of_meetings(db):
    world = build_demo()
    hospital = world.partnerships["northwind-meridian"]
    bodies = {body.tier: body for body in GovernanceBody.objects.filter(partnership=hospital)}
    assert set(bodies) == {"strategic", "operational"}
    for body in bodies.values():
        parties = {member.party_id for member in body.members.all()}
        assert len(parties) == 2  # members from both parties
        assert body.members.filter(role="chair").count() == 1
    past = Meeting.objects.filter(partnership=hospital, starts_at__lt=timezone.now()).count()
    assert past >= 6
    # Every demo partnership has its default bodies; seeding again duplicates nothing.
    assert all(GovernanceBody.objects.filter(partnership=p).count() == 2 for p in world.partnerships.values())
    meetings = Meeting.objects.count()
    build_demo()
    assert Meeting.objects.count() == meetings


def test_demo_hospital_has_minutes_decisions_and_actions_on_both_sides(db):
    from accord.governance.models import ActionItem, Decision, MinuteEntry

    world = build_demo()
    hospital = world.partnerships["northwind-meridian"]
    assert Decision.objects.filter(partnership=hospital).count() == 4
    assert MinuteEntry.objects.filter(partnership=hospital).count() == 4
    actions = ActionItem.objects.filter(partnership=hospital)
    assert {a.assignee_party.organization.name for a in actions} == {"Northwind Health", "Meridian Facility Services"}
    assert {a.status for a in actions} == {"open", "done"}
    assert Meeting.objects.filter(partnership=hospital, minutes_approved_at__isnull=False).count() == 2


def test_demo_hospital_has_attendance_and_escalations_on_the_ladder(db):
    from accord.governance.models import Attendance, Escalation
    from accord.governance.selectors import quorum_of

    world = build_demo()
    hospital = world.partnerships["northwind-meridian"]
    escalations = {e.status: e for e in Escalation.objects.filter(partnership=hospital)}
    assert escalations["resolved"].level == "working"
    assert escalations["resolved"].agreed_by.count() == 2
    assert escalations["open"].level == "operational"
    assert [s.kind for s in escalations["open"].steps.all()] == ["raised", "responded", "escalated"]
    held = Meeting.objects.filter(partnership=hospital, attendance__isnull=False).distinct()
    assert held.count() == 4
    from accord.governance.selectors import meeting_list
    from accord.partnerships.access import partnership_access

    access = partnership_access(world.users["alice"], partnership_id=hospital.pk)
    flagged = [m for m in meeting_list(access=access, held=True) if quorum_of(m)["parties_missing"]]
    assert [quorum_of(m)["parties_missing"] for m in flagged] == [["Meridian Facility Services"]]
    counts = (Attendance.objects.count(), Escalation.objects.count())
    build_demo()
    assert (Attendance.objects.count(), Escalation.objects.count()) == counts
