from decimal import Decimal

from accord.incentives import selectors, services

from .conftest import months_back


def test_latest_statement_figures_batched_with_at_risk_exposure(model_in_force, money_world, month,
                                                                 django_assert_num_queries):
    world = money_world
    alice, bob = world.access(world.alice), world.access(world.bob)
    for period in (months_back(month, 2), months_back(month, 1)):
        services.statement_approve(access=alice, period=period)
        services.statement_approve(access=bob, period=period)
    services.statement_approve(access=alice, period=month)  # awaiting bob: not yet the latest agreed figures
    approved = selectors.statement_stored(access=alice, period=months_back(month, 1))
    with django_assert_num_queries(1):
        figures = selectors.latest_statement_figures([world.partnership.pk, 987654])
    assert figures == {world.partnership.pk: (months_back(month, 1), approved.net_payable_in_currency,
                                              Decimal("10000.00"), "EUR")}
    assert selectors.latest_statement_figures([]) == {}


def test_statements_of_every_partnership_match_one_by_one_in_a_constant_number_of_queries(
        model_in_force, money_world, month, django_assert_max_num_queries):
    from accord.incentives import statements

    from .conftest import record

    world = money_world
    alice, bob = world.access(world.alice), world.access(world.bob)
    for party in (alice, bob):
        services.statement_approve(access=party, period=months_back(month, 2))
    record(world, "SAFE", months_back(month, 2), "50")  # a correction after approval: an adjustment line
    record(world, "SL1", month, "96")
    for user, access in ((world.alice, alice), (world.bob, bob)):
        with django_assert_max_num_queries(8):
            batch = statements.statements_for_period(user=user, period=month)
        one = statements.statement_build(access=access, period=month)
        assert list(batch) == [world.partnership.pk]
        assert batch[world.partnership.pk].built.result == one.result
        assert "adjustment" in {line.kind for line in one.result.lines}
    assert statements.statements_for_period(user=world.charlie, period=month) == {}
    early = statements.statements_for_period(user=world.alice, period=months_back(month, 6))
    assert "No signed financial model applies" in early[world.partnership.pk].problem
