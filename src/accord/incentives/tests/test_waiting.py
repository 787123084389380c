from accord.incentives import services
from accord.incentives.waiting import incentives_waiting


def titles(world, name):
    return [item.title for item in incentives_waiting(getattr(world, name), [world.access(getattr(world, name))])]


def test_a_statement_approved_by_one_party_waits_on_the_other(model_in_force, money_world, month):
    world = money_world
    services.statement_approve(access=world.access(world.alice), period=month)
    assert titles(world, "bob") == [f"Approve the incentive statement of {month:%B %Y}"]
    assert titles(world, "alice") == []
    assert titles(world, "victor") == []  # a viewer signs nothing


def test_a_proposed_model_waits_on_each_signatory_until_signed(money_world, month):
    world = money_world
    alice = world.access(world.alice)
    version = services.model_draft_create(access=alice)
    services.model_update(access=alice, version=version, terms={"currency": "EUR",
                                                                "applies_from": month.isoformat()})
    services.model_propose(access=alice, version=version)
    assert titles(world, "bob") == ["Sign financial model version 1"]
    services.model_sign(access=alice, version=version)
    assert titles(world, "alice") == []
