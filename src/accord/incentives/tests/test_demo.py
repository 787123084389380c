from decimal import Decimal

import pytest

from accord.core.demo import build_demo
from accord.incentives.models import FinancialModelVersion, Statement


@pytest.mark.django_db
def test_the_hospital_partnership_has_a_signed_model_and_twelve_months_of_statements():
    world = build_demo()
    hospital = world.partnerships["northwind-meridian"]
    assert FinancialModelVersion.objects.get(partnership=hospital).status == "in_force"
    statements = list(Statement.objects.filter(partnership=hospital).order_by("period"))
    assert len(statements) == 11 and all(s.status == "approved" for s in statements)  # the 12th awaits approval
    kinds = {line["kind"] for s in statements for line in s.lines if line["amount"] != "0.00"}
    assert {"cpi_penalty", "bonus", "earn_back", "at_risk_forfeit"} <= kinds
    for statement in statements:  # recomputable by hand: the net is the sum of the lines
        assert sum(Decimal(line["amount"]) for line in statement.lines) == statement.net_payable
    build_demo()  # idempotent
    assert Statement.objects.filter(partnership=hospital).count() == 11
