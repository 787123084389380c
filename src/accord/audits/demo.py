"""Demo audits: the facilities partnership (Northwind × Meridian) gets markets and sites (unless it has them),
the four shipped checklists (cleaning feeds the quality audit score, QAS) and a handful of completed audits
with findings over the last three months. Idempotent: nothing is added twice."""

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accord.core.demo import DemoWorld
from accord.markets import demo as demo_markets
from accord.markets.models import Market, Site
from accord.partnerships.access import partnership_access
from accord.partnerships.models import Party

from . import services, templates_service
from .library import SHIPPED
from .models import Audit, TemplateItem

FACILITIES = "northwind-meridian"
# site, template, months ago, day, findings (text, owner username, days to do it)
AUDITS = [
    ("DE-BER", "CLEAN", 3, 6, [("Descale the 3rd-floor washroom basins", "maya", 14)]),
    ("DE-BER", "CLEAN", 2, 8, []),
    ("DE-BER", "CLEAN", 1, 7, [("Replace the torn entrance mats", "bob", 10)]),
    ("IE-DUB", "CLEAN", 1, 12, []),
    ("GB-MAN", "SECURITY", 2, 15, [("Update the post orders after the new badge system", "bob", 21)]),
    ("GB-LDN", "FOOD", 1, 14, [("Show allergens on the salad bar", "maya", 7)]),
    ("NL-AMS", "WORKPLACE", 1, 18, []),
]


def markets_and_sites(partnership, party) -> None:
    """The hospital partnership's markets and hospitals (``markets.demo``'s), created only when missing: the audits
    and prices happen where the partnership delivers, whichever part of the demo runs first."""
    for code, name, country, currency, region, weight, sites in demo_markets.MARKETS:
        market = Market.objects.get_or_create(partnership=partnership, code=code, defaults={
            "owner_party": party, "name": name, "country": country, "currency": currency, "region": region,
            "weight": weight})[0]
        for site_code, site_name in sites:
            Site.objects.get_or_create(partnership=partnership, code=site_code, defaults={
                "owner_party": party, "name": site_name, "market": market})


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
