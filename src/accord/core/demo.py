"""The demo portfolio. Each app contributes a seeder; every seeder is idempotent.

A seeder is ``seed(world: DemoWorld) -> None``. It finds what it needs in ``world`` (by the
keys below) and creates its records only when they are missing, so running the demo twice
duplicates nothing.
"""

import datetime
from dataclasses import dataclass, field
from importlib import import_module

from django.db import transaction
from django.utils import timezone

DEMO_PASSWORD = "accord-demo-2026"

# In order: later seeders build on what earlier ones made.
SEEDERS = [
    "accord.partnerships.demo.seed",
    "accord.charters.demo.seed",
    "accord.metrics.demo.seed",
    "accord.markets.demo.seed",
    "accord.agreements.demo.seed",
    "accord.governance.demo.seed",
    "accord.incentives.demo.seed",
    "accord.audits.demo.seed",
    "accord.pricing.demo.seed",
    "accord.health.demo.seed",
]


@dataclass
class DemoWorld:
    organizations: dict = field(default_factory=dict)  # key -> Organization
    users: dict = field(default_factory=dict)  # username -> User
    partnerships: dict = field(default_factory=dict)  # key -> Partnership
    logins: list = field(default_factory=list)  # (username, organization, role, what they can see)


def build_demo(stdout=None) -> DemoWorld:
    world = DemoWorld()
    started = timezone.now()
    for dotted in SEEDERS:
        module_name, _, function_name = dotted.rpartition(".")
        with transaction.atomic():
            getattr(import_module(module_name), function_name)(world)
        if stdout is not None:
            stdout.write(f"  seeded {module_name.split('.')[1]}")
    with transaction.atomic():
        spread_history(since=started)
    return world


HISTORY_MONTHS = 6  # the span of a demo partnership's history when it has no start date in the past


def spread_history(*, since: datetime.datetime, now: datetime.datetime | None = None) -> None:
    """Date the events this run wrote over each partnership's months, in the order they happened.

    The seeders write a partnership's whole history in a second; a history where everything happened at once
    reads like no history at all. Events from a month before the partnership's start (or ``HISTORY_MONTHS`` ago)
    until yesterday, on working hours; events written before ``since`` (a person's own, or an earlier run's) stay
    as they are, so a second run changes nothing.
    """
    from accord.partnerships.models import Partnership

    from .models import AuditEvent

    now = now or timezone.now()
    end = now - datetime.timedelta(days=1)
    for partnership in Partnership.objects.filter(events__at__gte=since).distinct():
        events = list(AuditEvent.objects.filter(partnership=partnership, at__gte=since).order_by("at", "id"))
        if not events:
            continue
        start_date = partnership.start_date
        if start_date is None or start_date >= end.date():
            start_date = (end - datetime.timedelta(days=30 * HISTORY_MONTHS)).date()
        start = datetime.datetime.combine(start_date - datetime.timedelta(days=30), datetime.time(9),
                                          tzinfo=end.tzinfo)
        step = (end - start) / len(events)
        previous = None
        for index, event in enumerate(events):
            # Office hours; never before the event written before it.
            moment = (start + step * index).replace(hour=9 + index % 8, minute=(index * 7) % 60, second=0,
                                                    microsecond=0)
            if previous is not None and moment <= previous:
                moment = previous + datetime.timedelta(minutes=5)
            event.at = previous = moment
        AuditEvent.objects.bulk_update(events, ["at"])
