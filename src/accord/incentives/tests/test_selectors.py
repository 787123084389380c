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
