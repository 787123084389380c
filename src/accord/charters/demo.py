"""Demo charters: each demo partnership has a charter in force, signed by both signatories.

Northwind × Meridian also has the earlier version it replaced, and its mission and vision are
overdue for review, so the review flag has something to show.
"""

import datetime

from django.utils import timezone

from accord.core.demo import DemoWorld
from accord.partnerships.access import partnership_access

from . import services
from .models import CharterSignature, CharterVersion

NORTHWIND_V1 = {
    "tagline": "Clean, safe, welcoming — together.",
    "purpose": (
        "Northwind Health and Meridian Facility Services partner so that every patient, visitor and caregiver "
        "finds a hospital that is clean, safe and welcoming, because the environment of care is part of the care."
    ),
    "vision": "The support services of Northwind's four hospitals rank in the top quartile of US hospitals for "
              "patient experience.",
    "vision_horizon": datetime.date(2027, 6, 30),
    "mission": (
        "Together we run environmental services, patient transport and food services across the four hospitals "
        "to the agreed standards, and report on them openly every month."
    ),
    "values": [
        {"name": "Patients first", "description": "Every decision starts with the person in the bed."},
        {"name": "Transparency", "description": "One set of numbers, shared openly."},
        {"name": "Trust", "description": "We assume good intent and keep our word."},
    ],
}

NORTHWIND_V2 = {
    "tagline": "One team at every bedside.",
    "purpose": (
        "Northwind Health and Meridian Facility Services partner so that every patient, visitor and caregiver "
        "finds a hospital that is clean, safe and welcoming, because the environment of care is part of the care."
    ),
    "vision": (
        "By mid-2028, patients rate cleanliness, food and timeliness at Northwind in the top decile nationally, "
        "and Meridian's associates call Northwind the best place they have worked."
    ),
    "vision_horizon": datetime.date(2028, 6, 30),
    "mission": (
        "Together we deliver environmental services, patient transport, food and hospitality to agreed standards, "
        "turn rooms around within 45 minutes of discharge, and improve every quarter through joint governance."
    ),
    "values": [
        {"name": "Patients first", "description": "Every decision starts with the person in the bed, and their family."},
        {"name": "Transparency", "description": "One set of numbers, shared openly — good news or bad."},
        {"name": "Trust", "description": "We assume good intent, keep our word and raise issues early."},
        {"name": "One team", "description": "Nurses and associates solve problems on the unit, not by email."},
        {"name": "Kaizen", "description": "Small improvements every shift; bold ones at the governance table."},
    ],
}

BRIGHTLANE_V1 = {
    "tagline": "Every visit remembered, every member rewarded.",
    "purpose": (
        "Brightlane Retail and Kinetic Labs join forces to give Brightlane's shoppers a loyalty experience that "
        "feels personal in every store and every app — and to grow both companies by the value it creates."
    ),
    "vision": (
        "Five million active Brightlane members by early 2028, each of whom would recommend the programme, on a "
        "platform Kinetic offers to other retailers as its flagship."
    ),
    "vision_horizon": datetime.date(2028, 2, 29),
    "mission": (
        "Together we build, pilot in twelve stores, and launch nationally the Brightlane loyalty app and its "
        "personalisation engine, and share the revenue from new members 60/40."
    ),
    "values": [
        {"name": "Members first", "description": "We earn trust with every offer and every byte of data."},
        {"name": "Vested in each other's win", "description": "A feature is a success only when it pays off for both."},
        {"name": "Test and learn", "description": "Pilot small, measure honestly, scale what works."},
        {"name": "Privacy by design", "description": "Member data is protected before it is used."},
    ],
}

CLOUDNEST_V1 = {
    "tagline": "Always on, together.",
    "purpose": (
        "Cloudnest Software and Stratos Cloud keep Cloudnest's customers' work running, safe and fast, so they can "
        "rely on the platform without ever thinking about it."
    ),
    "vision": (
        "A platform customers trust with their most critical work: 99.95% available in every region, secure by "
        "design, and ready to open a fourth region by the end of 2026."
    ),
    "vision_horizon": datetime.date(2026, 12, 31),
    "mission": (
        "Together we host, operate and secure the Cloudnest platform in three regions to the agreed availability "
        "and response commitments, plan capacity ahead of demand, and learn from every incident."
    ),
    "values": [
        {"name": "Reliability", "description": "We keep our commitments every hour of every day."},
        {"name": "Blameless learning", "description": "Incidents are reviewed for causes, not culprits."},
        {"name": "Security by default", "description": "Customer data comes before convenience."},
        {"name": "Transparency", "description": "Shared dashboards and honest post-mortems."},
    ],
}

# partnership key, client signatory, other signatory, [(content, in force from)]
CHARTERS = [
    ("northwind-meridian", "alice", "bob",
     [(NORTHWIND_V1, datetime.date(2024, 7, 1)), (NORTHWIND_V2, datetime.date(2025, 9, 15))]),
    ("brightlane-kinetic", "rita", "ken", [(BRIGHTLANE_V1, datetime.date(2026, 10, 1))]),
    ("cloudnest-stratos", "sofia", "omar", [(CLOUDNEST_V1, datetime.date(2026, 6, 1))]),
]


def _backdate(version: CharterVersion, day: datetime.date, previous: CharterVersion | None) -> None:
    # The demo tells a history: versions signed on their real dates, not on the day the demo ran.
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    CharterVersion.objects.filter(pk=version.pk).update(
        created_at=moment - datetime.timedelta(days=21), proposed_at=moment - datetime.timedelta(days=7),
        in_force_at=day)
    CharterSignature.objects.filter(version=version).update(signed_at=moment)
    if previous is not None:
        CharterVersion.objects.filter(pk=previous.pk).update(superseded_at=day)


def seed(world: DemoWorld) -> None:
    for key, first, second, history in CHARTERS:
        partnership = world.partnerships[key]
        if CharterVersion.objects.filter(partnership=partnership).exists():
            continue
        first_access = partnership_access(world.users[first], partnership_id=partnership.pk)
        second_access = partnership_access(world.users[second], partnership_id=partnership.pk)
        previous = None
        for content, in_force_from in history:
            version = services.charter_version_create(access=first_access, **content)
            services.charter_version_propose(access=first_access, version=version)
            services.charter_version_sign(access=first_access, version=version)
            services.charter_version_sign(access=second_access, version=version)
            _backdate(version, in_force_from, previous)
            previous = version


__all__ = ["seed"]
