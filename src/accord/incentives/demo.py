"""Demo incentives: the hospital partnership (Northwind Health and Meridian) gets a signed financial model
applying twelve months back, and its statements approved by both signatories month by month, the latest
left awaiting approval. Built through the services only; idempotent."""

from django.core.exceptions import ValidationError

from accord.core.demo import DemoWorld
from accord.metrics import periods
from accord.metrics.scorecards.selectors import last_full_month
from accord.partnerships.access import partnership_access

from . import services
from .models import FinancialModelVersion

KEY = "northwind-meridian"
MONTHS = 12
TERMS = {
    "currency": "USD",
    "base_fee": {"kind": "fixed", "amount": "100000.00"},
    "at_risk": {"percent": "10", "earn_back_periods": 3,
                "allocations": [{"indicator": "OTD", "share": "40", "mode": "graded"},
                                {"indicator": "QAS", "share": "30", "mode": "graded"},
                                {"indicator": "SLA", "share": "30", "mode": "red"}]},
    "bonus": {"floor_score": "100", "stretch_score": "104", "cap_percent": "5"},
    "cpi_penalty": {"amount": "2000"},
    "caps": {"max_deduction_percent": "15", "max_bonus_percent": "5"},
}


def seed(world: DemoWorld) -> None:
    partnership = world.partnerships.get(KEY)
    if partnership is None or FinancialModelVersion.objects.filter(partnership=partnership).exists():
        return
    alice = partnership_access(world.users["alice"], partnership_id=partnership.pk)
    bob = partnership_access(world.users["bob"], partnership_id=partnership.pk)
    latest = last_full_month()
    first = periods.shift(latest, periods.MONTHLY, -(MONTHS - 1))
    version = services.model_draft_create(access=alice)
    services.model_update(access=alice, version=version, terms=TERMS | {"applies_from": first.isoformat()})
    services.model_propose(access=alice, version=version)
    services.model_sign(access=alice, version=version)
    services.model_sign(access=bob, version=version)
    for k in range(MONTHS - 1):
        month = periods.shift(first, periods.MONTHLY, k)
        try:
            services.statement_approve(access=alice, period=month)
            services.statement_approve(access=bob, period=month)
        except ValidationError:
            # A month the demo's data cannot settle stays a draft; the others still show the workflow.
            continue
    services.statement_note_create(access=bob, period=latest,
                                   text="Internal: check the OTD trend before approving; the penalty months hurt.")


__all__ = ["seed"]
