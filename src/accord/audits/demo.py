"""Demo audits: the facilities partnership (Northwind × Meridian) gets markets and sites (unless it has them),
the four shipped checklists (cleaning feeds the quality audit score, QAS) and a handful of completed audits
with findings over the last three months. Idempotent: nothing is added twice."""

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accord.core.demo import DemoWorld
from accord.markets.models import Market, Site
from accord.partnerships.access import partnership_access
from accord.partnerships.models import Party

from . import services, templates_service
from .library import SHIPPED
from .models import Audit, TemplateItem

FACILITIES = "northwind-meridian"
# code, name, country, currency, region
MARKETS = [("DE", "Germany", "DE", "EUR", "Europe"), ("FR", "France", "FR", "EUR", "Europe"),
           ("NL", "Netherlands", "NL", "EUR", "Europe"), ("PL", "Poland", "PL", "PLN", "Europe"),
           ("GB", "United Kingdom", "GB", "GBP", "Europe"), ("US", "United States", "US", "USD", "Americas")]
SITES = [("BER-HQ", "Berlin head office", "DE"), ("MUC-LAB", "Munich laboratory", "DE"),
         ("PAR-01", "Paris La Défense", "FR"), ("AMS-01", "Amsterdam Zuidas", "NL"), ("WAW-01", "Warsaw campus", "PL"),
         ("LON-01", "London Canary Wharf", "GB"), ("NYC-01", "New York Hudson Yards", "US")]
# site, template, months ago, day, findings (text, owner username, days to do it)
AUDITS = [
    ("BER-HQ", "CLEAN", 3, 6, [("Descale the 3rd-floor washroom basins", "maya", 14)]),
    ("BER-HQ", "CLEAN", 2, 8, []),
    ("BER-HQ", "CLEAN", 1, 7, [("Replace the torn entrance mats", "bob", 10)]),
    ("PAR-01", "CLEAN", 1, 12, []),
    ("MUC-LAB", "SECURITY", 2, 15, [("Update the post orders after the new badge system", "bob", 21)]),
    ("LON-01", "FOOD", 1, 14, [("Show allergens on the salad bar", "maya", 7)]),
    ("NYC-01", "WORKPLACE", 1, 18, []),
]


def markets_and_sites(partnership, party) -> None:
    """Markets and sites by code, created only when missing (another part of the demo may add them first)."""
    markets = {}
    for code, name, country, currency, region in MARKETS:
        markets[code] = Market.objects.get_or_create(partnership=partnership, code=code, defaults={
            "owner_party": party, "name": name, "country": country, "currency": currency, "region": region})[0]
    for code, name, market in SITES:
        Site.objects.get_or_create(partnership=partnership, code=code, defaults={
            "owner_party": party, "name": name, "market": markets[market]})


def _answers(rng: random.Random, template_code: str, partnership) -> list[dict]:
    items = TemplateItem.objects.filter(section__version__template__partnership=partnership,
                                        section__version__template__code=template_code).order_by("id")
    answers = []
    for item in items:
        if item.allow_na and rng.random() < 0.15:
            answers.append({"item": item.code, "answer": "na"})
        elif item.yes_no:
            answers.append({"item": item.code, "answer": "yes" if rng.random() < 0.85 else "no"})
        else:
            answers.append({"item": item.code, "answer": rng.choice([2, 3, 3, 4, 4, 4][:item.scale_max + 2])})
    return answers


def seed(world: DemoWorld) -> None:
    partnership = world.partnerships.get(FACILITIES)
    if partnership is None:
        return
    alice = partnership_access(world.users["alice"], partnership_id=partnership.pk)
    markets_and_sites(partnership, alice.party)
    templates_service.templates_add_shipped(access=alice)
    clean = next(template for template in SHIPPED if template["code"] == "CLEAN")
    if not Audit.objects.filter(partnership=partnership).exists():
        # The cleaning checklist feeds the partnership's quality audit score (QAS), when it has one.
        templates_service.template_save(access=alice, **{**clean, "indicator": "QAS"})
        _audits(world, partnership)


def _audits(world: DemoWorld, partnership) -> None:
    rng = random.Random(FACILITIES)
    today = timezone.localdate()
    nora = partnership_access(world.users["nora"], partnership_id=partnership.pk)
    for site, template, months_ago, day, findings in AUDITS:
        date = min((today.replace(day=1) - relativedelta(months=months_ago)).replace(day=day),
                   today - datetime.timedelta(days=1))
        rows = []
        for text, username, days in findings:
            user = world.users[username]
            party = Party.objects.get(partnership=partnership, organization_id=user.membership.organization_id)
            rows.append({"text": text, "owner": user.pk, "owner_party": party.pk,
                         "due_date": date + datetime.timedelta(days=days)})
        audit = services.audit_create(access=nora, template=template, site=site, date=date,
                                      answers=_answers(rng, template, partnership), findings=rows)
        services.audit_complete(access=nora, audit=audit)
