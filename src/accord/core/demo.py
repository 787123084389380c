"""The demo portfolio. Each app contributes a seeder; every seeder is idempotent.

A seeder is ``seed(world: DemoWorld) -> None``. It finds what it needs in ``world`` (by the
keys below) and creates its records only when they are missing, so running the demo twice
duplicates nothing.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.db import transaction

DEMO_PASSWORD = "accord-demo-2026"

# In order: later seeders build on what earlier ones made.
SEEDERS = [
    "accord.partnerships.demo.seed",
    "accord.charters.demo.seed",
    "accord.metrics.demo.seed",
    "accord.agreements.demo.seed",
    "accord.incentives.demo.seed",
]


@dataclass
class DemoWorld:
    organizations: dict = field(default_factory=dict)  # key -> Organization
    users: dict = field(default_factory=dict)  # username -> User
    partnerships: dict = field(default_factory=dict)  # key -> Partnership
    logins: list = field(default_factory=list)  # (username, organization, role, what they can see)


def build_demo(stdout=None) -> DemoWorld:
    world = DemoWorld()
    for dotted in SEEDERS:
        module_name, _, function_name = dotted.rpartition(".")
        with transaction.atomic():
            getattr(import_module(module_name), function_name)(world)
        if stdout is not None:
            stdout.write(f"  seeded {module_name.split('.')[1]}")
    return world
