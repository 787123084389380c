"""Demo governance: every demo partnership gets its default bodies; the hospital partnership's have
members from both parties and a year of meetings behind them."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accord.core.demo import DemoWorld
from accord.partnerships.access import partnership_access
from accord.partnerships.models import Party

from . import actions, attendance, ladder, proceedings, services
from .models import ActionStatus, Attendance, Decision, Escalation, GovernanceBody, Tier

HOSPITAL = "northwind-meridian"
# tier → (username, role) on the body
MEMBERS = {
    Tier.STRATEGIC: [("alice", "chair"), ("bob", "member"), ("nora", "secretary")],
    Tier.OPERATIONAL: [("nora", "chair"), ("bob", "member"), ("maya", "secretary"), ("alice", "member")],
}


def _members(partnership, world, tier) -> list[dict]:
    rows = []
    for username, role in MEMBERS[tier]:
        user = world.users[username]
        party = Party.objects.get(partnership=partnership, organization_id=user.membership.organization_id)
        rows.append({"user": user.pk, "party": party.pk, "role": role})
    return rows


def seed(world: DemoWorld) -> None:
    for partnership in world.partnerships.values():
        creator = partnership.created_by
        party = Party.objects.get(partnership=partnership, organization_id=creator.membership.organization_id)
        services.bodies_create_defaults(partnership=partnership, party=party, acting_user=creator)
    partnership = world.partnerships[HOSPITAL]
    access = partnership_access(world.users["alice"], partnership_id=partnership.pk)
    a_year_ago = timezone.localdate() - relativedelta(months=12)
    for body in GovernanceBody.objects.filter(partnership=partnership, tier__in=list(MEMBERS)):
        if not body.members.filter(user=world.users["bob"]).exists():
            services.body_update(access=access, body=body, members=_members(partnership, world, body.tier))
        services.meetings_schedule(access=access, body=body, since=a_year_ago)
    if not Decision.objects.filter(partnership=partnership).exists():
        _proceedings(partnership, world)
    if not Attendance.objects.filter(meeting__partnership=partnership).exists():
        _attendance(partnership, world)
    if not Escalation.objects.filter(partnership=partnership).exists():
        _escalations(partnership, world)


# What the operational team discussed at its last meetings: (minutes, decision, action for whom, days to do it)
PROCEEDINGS = [
    ("Patient transport waits rose in the east wing; Meridian proposes a second dispatcher at peak hours.",
     "Trial a second dispatcher from 7 to 11 am for two months.", ("bob", "Staff the second dispatcher", 14)),
    ("Cleaning audit scores are back above target after the new rota.",
     "Keep the new rota; review it at the next QBR.", ("nora", "Share the audit results with ward managers", 7)),
    ("Food waste is 18% against a 12% target; menus to be reviewed with patients' feedback.",
     "Run a patient menu panel in each hospital.", ("maya", "Organize the menu panels", 30)),
    ("Surgical wing opening moved to March; staffing plan to follow.",
     "Meridian presents the staffing plan at the next meeting.", ("alice", "Confirm the opening date in writing", 10)),
]


def _proceedings(partnership, world) -> None:
    """Minutes, decisions and actions of the operational team's last four meetings; the older ones approved."""
    team = GovernanceBody.objects.get(partnership=partnership, tier=Tier.OPERATIONAL)
    past = list(team.meetings.filter(starts_at__lt=timezone.now()).order_by("-starts_at")[:len(PROCEEDINGS)])
    for index, (meeting, (minutes, decision, (owner, title, days))) in enumerate(zip(reversed(past), PROCEEDINGS, strict=False)):
        writer = partnership_access(world.users["maya"], partnership_id=partnership.pk)  # the secretary
        proceedings.minute_add(access=writer, meeting=meeting, text=minutes)
        proceedings.decision_add(access=writer, meeting=meeting, text=decision)
        user = world.users[owner]
        party = Party.objects.get(partnership=partnership, organization_id=user.membership.organization_id)
        action = actions.action_create(access=writer, meeting=meeting, title=title, owner=user.pk,
                                       owner_party=party.pk,
                                       due_date=timezone.localtime(meeting.starts_at).date() + timedelta(days=days))
        if index < 2:  # the older ones are done, and their minutes approved by the chair
            actions.action_update(access=partnership_access(user, partnership_id=partnership.pk), action=action,
                                  status=ActionStatus.DONE)
            proceedings.minutes_approve(access=partnership_access(world.users["nora"], partnership_id=partnership.pk),
                                        meeting=meeting)



def _attendance(partnership, world) -> None:
    """Who came to the operational team's meetings with minutes: everyone, except once when Meridian sent
    apologies — that meeting is flagged as held without a member of each party."""
    team = GovernanceBody.objects.get(partnership=partnership, tier=Tier.OPERATIONAL)
    secretary = partnership_access(world.users["maya"], partnership_id=partnership.pk)
    held = team.meetings.filter(starts_at__lt=timezone.now(), minutes__isnull=False).distinct().order_by("starts_at")
    for index, meeting in enumerate(held):
        apologies = {"bob", "maya"} if index == 1 else set()
        entries = [{"user": world.users[name].pk, "status": "apologies" if name in apologies else "present"}
                   for name, _ in MEMBERS[Tier.OPERATIONAL]]
        attendance.attendance_record(access=secretary, meeting=meeting, entries=entries)


def _escalations(partnership, world) -> None:
    """One escalation resolved at the working level, one taken up to the operational team."""
    alice = partnership_access(world.users["alice"], partnership_id=partnership.pk)
    bob = partnership_access(world.users["bob"], partnership_id=partnership.pk)
    nora = partnership_access(world.users["nora"], partnership_id=partnership.pk)
    resolved = ladder.escalation_raise(
        access=alice, category="communication_breakdown", severity="medium",
        description="Ward managers are not told when cleaning rounds are moved.\nTwice this month a ward was "
                    "cleaned during the doctors' round.")
    ladder.escalation_acknowledge(access=bob, escalation=resolved)
    ladder.escalation_respond(access=bob, escalation=resolved,
                              text="Proposal: the shift lead texts the ward manager before moving a round.")
    ladder.escalation_resolve(access=alice, escalation=resolved,
                              resolution="Rounds are moved only after the ward manager confirms by text.",
                              agreed_by=[world.users["alice"].pk, world.users["bob"].pk])
    escalated = ladder.escalation_raise(
        access=bob, category="unequal_contribution", severity="high",
        description="Porters are borrowed for patient transport outside the agreed hours.\nMeridian covers "
                    "about 40 extra porter hours a month that the agreement does not pay for.")
    ladder.escalation_respond(access=nora, escalation=escalated,
                              text="Northwind can cap the borrowing at 10 hours a month from January.")
    ladder.escalation_escalate(access=bob, escalation=escalated,
                               text="A cap does not settle the hours already worked; the operational team decides.")


__all__ = ["seed"]
