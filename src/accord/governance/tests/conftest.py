import pytest

from accord.partnerships import services as partnerships


@pytest.fixture
def named(world):
    """alice and bob named on their parties as governance members, so they may sit on bodies."""
    for name in ("alice", "bob"):
        access = world.access(getattr(world, name))
        partnerships.party_member_add(access=access, user_id=access.user.pk, role="governance_member")
    return world


def members(world, *, alice="chair", bob="member"):
    return [{"user": world.alice.pk, "party": world.access(world.alice).party.pk, "role": alice},
            {"user": world.bob.pk, "party": world.access(world.bob).party.pk, "role": bob}]
