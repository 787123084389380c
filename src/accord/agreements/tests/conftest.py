import datetime
from decimal import Decimal

import pytest

from accord.agreements import services
from accord.partnerships.services import party_member_add


def name_signatories(world):
    for user in (world.alice, world.bob):
        party_member_add(access=world.access(user), user_id=user.pk, role="signatory")


def parties(world):
    access = world.access(world.alice)
    client = access.party
    provider = world.access(world.bob).party
    return client, provider


def fill_draft(world, version):
    """A draft with something in every section, as the tests' common starting point."""
    alice = world.access(world.alice)
    client, provider = parties(world)
    services.agreement_terms_update(
        access=alice, version=version, start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2028, 12, 31),
        renewal="mutual_consent", notice_period_days=90, revenue_shares={client.pk: "60", provider.pk: "40"},
        revenue_sharing_basis="net savings", licence_fee_amount=Decimal("1200.00"), licence_fee_currency="eur",
        licence_fee_period="monthly")
    services.responsibilities_replace(access=alice, version=version, areas=[
        {"name": "Environmental services", "decision_authority": "Provider's site manager",
         "reporting_line": "Operational governance team", "roles": {provider.pk: "A", client.pk: "C"}},
        {"name": "Patient transport", "roles": {provider.pk: "R", client.pk: "A"}},
    ])
    services.section_item_create(access=alice, version=version, section="deliverables", title="Cleaning audit",
                                 owner_party=provider.pk, due_date=datetime.date(2020, 1, 1), status="in_progress")
    services.section_item_create(access=alice, version=version, section="milestones", title="Go-live",
                                 date=datetime.date(2026, 3, 1))
    services.section_item_create(access=alice, version=version, section="legal_items", kind="data_privacy",
                                 title="Patient data", regime="hipaa", status="agreed")
    services.section_item_create(access=alice, version=version, section="exit_clauses", trigger="Material breach",
                                 notice="30 days", consequence="Final settlement", shared_assets="Returned")
    services.communications_replace(access=alice, version=version,
                                    channels=[{"purpose": "formal_updates", "channel": "Monthly report",
                                               "cadence": "Monthly"}],
                                    liaisons={client.pk: world.alice.pk, provider.pk: world.bob.pk})
    version.refresh_from_db()
    return version


@pytest.fixture
def signed_world(world):
    name_signatories(world)
    return world


@pytest.fixture
def draft(signed_world):
    world = signed_world
    version = services.agreement_draft_create(access=world.access(world.alice))
    return fill_draft(world, version)


@pytest.fixture
def in_force(signed_world, draft):
    world = signed_world
    services.agreement_propose(access=world.access(world.alice), version=draft)
    services.agreement_sign(access=world.access(world.alice), version=draft)
    services.agreement_sign(access=world.access(world.bob), version=draft)
    draft.refresh_from_db()
    assert draft.status == "in_force"
    return draft
