"""Demo organizations, people and partnerships, drawn from the seed articles' examples."""

import datetime

from django.db import transaction

from accord.accounts.models import Organization, Role, User
from accord.accounts.services import organization_create, user_create
from accord.core.demo import DEMO_PASSWORD, DemoWorld
from accord.partnerships import notes
from accord.partnerships.notes import PARTY_NOTES

from . import services
from .access import partnership_access
from .models import Partnership, Party, PartyMemberRole, PartyStatus, Visibility

ORGANIZATIONS = {
    "northwind": "Northwind Health",
    "meridian": "Meridian Facility Services",
    "brightlane": "Brightlane Retail",
    "kinetic": "Kinetic Labs",
    "cloudnest": "Cloudnest Software",
    "stratos": "Stratos Cloud",
    "harborview": "Harborview Consulting",
}

# username, organization key, role, first name, last name
PEOPLE = [
    ("alice", "northwind", Role.ADMIN, "Alice", "Moreno"),
    ("nora", "northwind", Role.MANAGER, "Nora", "Patel"),
    ("victor", "northwind", Role.VIEWER, "Victor", "Hale"),
    ("bob", "meridian", Role.ADMIN, "Bob", "Okafor"),
    ("maya", "meridian", Role.CONTRIBUTOR, "Maya", "Lindqvist"),
    ("rita", "brightlane", Role.ADMIN, "Rita", "Gomez"),
    ("ken", "kinetic", Role.ADMIN, "Ken", "Tanaka"),
    ("sofia", "cloudnest", Role.ADMIN, "Sofia", "Rossi"),
    ("omar", "stratos", Role.ADMIN, "Omar", "Haddad"),
    ("charlie", "harborview", Role.ADMIN, "Charlie", "Brennan"),
]

PARTNERSHIPS = [
    {
        "key": "northwind-meridian",
        "name": "Northwind Health × Meridian: Patient Experience Partnership",
        "description": (
            "Meridian runs environmental services, patient transport, food and hospitality across "
            "Northwind's four hospitals. Both sides share the goal of a safe, clean, welcoming "
            "hospital for every patient, visitor and caregiver."
        ),
        "engagement_type": "strategic_partnership", "phase": "execution",
        "start": datetime.date(2024, 7, 1), "end": datetime.date(2029, 6, 30),
        "client": ("northwind", "alice", "client"), "other": ("meridian", "bob", "provider"),
        "members": [("nora", PartyMemberRole.GOVERNANCE_MEMBER), ("alice", PartyMemberRole.SIGNATORY),
                    ("bob", PartyMemberRole.SIGNATORY), ("maya", PartyMemberRole.CONTRIBUTOR)],
        "notes": [
            ("alice", "Our walk-away position for the 2027 renewal: re-tender environmental services only.", Visibility.PRIVATE),
            ("bob", "Staffing plan for the new surgical wing agreed in principle at the October review.", Visibility.SHARED),
            ("bob", "Internal: margin on patient transport is below plan; raise at the QBR with data.", Visibility.PRIVATE),
        ],
    },
    {
        "key": "brightlane-kinetic",
        "name": "Brightlane × Kinetic Labs: Omnichannel Loyalty Platform",
        "description": (
            "Kinetic Labs builds and runs Brightlane's loyalty app and personalisation engine; "
            "revenue from new members is shared 60/40."
        ),
        "engagement_type": "partnership", "phase": "alignment",
        "start": datetime.date(2025, 3, 1), "end": datetime.date(2028, 2, 29),
        "client": ("brightlane", "rita", "client"), "other": ("kinetic", "ken", "partner"),
        "members": [("rita", PartyMemberRole.SIGNATORY), ("ken", PartyMemberRole.SIGNATORY)],
        "notes": [("rita", "Kickoff went well; both sides want a pilot in 12 stores before the national launch.", Visibility.SHARED)],
    },
    {
        "key": "cloudnest-stratos",
        "name": "Cloudnest × Stratos: Managed Cloud Infrastructure",
        "description": "Stratos hosts and operates Cloudnest's SaaS platform in three regions under a 99.95% availability commitment.",
        "engagement_type": "fee_for_service", "phase": "execution",
        "start": datetime.date(2024, 1, 1), "end": datetime.date(2026, 12, 31),
        "client": ("cloudnest", "sofia", "client"), "other": ("stratos", "omar", "provider"),
        "members": [("sofia", PartyMemberRole.SIGNATORY), ("omar", PartyMemberRole.SIGNATORY)],
        "notes": [("omar", "Capacity review: EU region at 71% of reserved compute.", Visibility.SHARED)],
    },
]


def _organization(key: str) -> Organization:
    name = ORGANIZATIONS[key]
    return Organization.objects.filter(name=name).first() or organization_create(name=name)


def _user(username, org, role, first, last) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(username=username, email=f"{username}@{org.slug}.example", password=DEMO_PASSWORD,
                           organization=org, role=role, first_name=first, last_name=last, check_password=False)
    return user


@transaction.atomic
def _partnership(spec: dict, world: DemoWorld) -> Partnership:
    existing = Partnership.objects.filter(name=spec["name"]).first()
    if existing:
        return existing
    client_org, client_user, client_role = spec["client"]
    other_org, other_user, other_role = spec["other"]
    partnership = services.partnership_create(
        acting_user=world.users[client_user], name=spec["name"], role=client_role, description=spec["description"],
        engagement_type=spec["engagement_type"], phase=spec["phase"], start_date=spec["start"], end_date=spec["end"],
    )
    access = partnership_access(world.users[client_user], partnership_id=partnership.pk)
    invitation = services.party_invite(access=access, organization_name=world.organizations[other_org].name,
                                       role=other_role, notify=False)
    services.party_respond(acting_user=world.users[other_user], party_id=invitation.party.pk, accept=True)
    services.partnership_update(access=access, status="active")
    for username, role in spec["members"]:
        user = world.users[username]
        seat = partnership_access(user, partnership_id=partnership.pk)
        manager = user if user.membership.can_manage else world.users[
            client_user if seat.party.organization_id == world.organizations[client_org].pk else other_user]
        services.party_member_add(access=partnership_access(manager, partnership_id=partnership.pk),
                                  user_id=user.pk, role=role)
    for username, text, visibility in spec["notes"]:
        notes.note_create(kind=PARTY_NOTES, access=partnership_access(world.users[username], partnership_id=partnership.pk),
                             text=text, visibility=visibility)
    return partnership


def seed(world: DemoWorld) -> None:
    for key in ORGANIZATIONS:
        world.organizations[key] = _organization(key)
    for username, org_key, role, first, last in PEOPLE:
        world.users[username] = _user(username, world.organizations[org_key], role, first, last)
    for spec in PARTNERSHIPS:
        world.partnerships[spec["key"]] = _partnership(spec, world)
    # A proposal still waiting for an answer, so the invitation flow has something to show.
    proposal_name = "Kinetic Labs × Stratos Cloud: Edge Analytics Pilot"
    if not Partnership.objects.filter(name=proposal_name).exists():
        proposal = services.partnership_create(
            acting_user=world.users["ken"], name=proposal_name, role="partner", engagement_type="partnership",
            description="A six-month pilot of in-store analytics at the edge, co-sold to retail customers.",
        )
        services.party_invite(access=partnership_access(world.users["ken"], partnership_id=proposal.pk),
                              organization_name=world.organizations["stratos"].name, role="partner", notify=False)
    for username, org_key, role, _first, _last in PEOPLE:
        seats = Party.objects.filter(organization=world.organizations[org_key], status=PartyStatus.ACCEPTED).count()
        what = f"{seats} partnership{'s' if seats != 1 else ''}" if seats else "no partnership (the outsider)"
        world.logins.append((username, ORGANIZATIONS[org_key], Role(role).label.lower(), what))


__all__ = ["seed"]
