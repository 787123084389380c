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


@pytest.mark.django_db
def test_every_number_on_the_demo_statements_can_be_recomputed_from_the_page(client):
    from django.utils.html import escape

    from accord.incentives.calculations import number

    world = build_demo()
    hospital = world.partnerships["northwind-meridian"]
    client.force_login(world.users["bob"])
    statements = list(Statement.objects.filter(partnership=hospital).order_by("period"))
    kinds = [line["kind"] for s in statements for line in s.lines if Decimal(line["amount"])]
    assert kinds.count("earn_back") >= 1 and kinds.count("cpi_penalty") >= 1 and kinds.count("bonus") >= 1
    for statement in statements:
        page = client.get(f"/partnerships/{hospital.slug}/incentives/statements/{statement.period:%Y-%m}/")
        text = page.content.decode()
        for line in statement.lines:
            amount = Decimal(line["amount"])
            # The formula is on the page, with its inputs, and it ends in the line's own amount.
            assert escape(line["formula"]) in text and f"{line['amount']}</td>" in text
            for key, value in line["inputs"].items():
                assert escape(f"{key} = {value}") in text
            if amount:
                assert number(abs(amount)) in line["formula"].replace(",", ""), line
        assert f"<strong>{statement.net_payable_in_currency}</strong>" in text
