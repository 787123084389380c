import pytest

from accord.charters import services
from accord.partnerships.services import party_member_add

VALID = {
    "purpose": "We partner so that every patient finds a clean, safe and welcoming hospital.",
    "vision": "Top-decile patient experience by 2028.",
    "mission": "Together we run environmental services and patient transport to agreed standards.",
    "values": [{"name": "Patients first", "description": "Every decision starts with the patient."},
               {"name": "Transparency", "description": "One set of numbers, shared openly."}],
    "tagline": "One team at every bedside.",
}


@pytest.fixture
def signatories(world):
    """alice signs for the client, bob for the provider."""
    party_member_add(access=world.access(world.alice), user_id=world.alice.pk, role="signatory")
    party_member_add(access=world.access(world.bob), user_id=world.bob.pk, role="signatory")
    return world


@pytest.fixture
def proposed(signatories):
    world = signatories
    version = services.charter_version_create(access=world.access(world.alice), **VALID)
    return services.charter_version_propose(access=world.access(world.alice), version=version)


@pytest.fixture
def in_force(proposed, world):
    services.charter_version_sign(access=world.access(world.alice), version=proposed)
    return services.charter_version_sign(access=world.access(world.bob), version=proposed)
