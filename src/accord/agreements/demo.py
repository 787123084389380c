"""Demo agreements: each demo partnership gets an agreement in force, signed by both signatories."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accord.agreements.notes import TERM_NOTES
from accord.core.demo import DemoWorld
from accord.partnerships import notes
from accord.partnerships.access import partnership_access

from . import services
from .models import AgreementVersion


def _days(n: int) -> datetime.date:
    # Deliverable dates follow today so the demo always shows some overdue and some coming up.
    return timezone.localdate() + datetime.timedelta(days=n)


SPECS = {
    "northwind-meridian": {
        "drafter": "alice", "signers": ("alice", "bob"), "liaisons": ("nora", "maya"),
        "terms": {"start_date": datetime.date(2024, 7, 1), "end_date": datetime.date(2029, 6, 30),
                  "renewal": "mutual_consent", "renewal_term_months": 24, "notice_period_days": 90,
                  "term_negotiability": "non_negotiable", "revenue_sharing_basis": "",
                  "licence_fee_amount": None},
        "areas": [
            ("Environmental services", "Meridian's site manager decides staffing and schedules", "Operational governance team, monthly", {"other": "A", "client": "C"}),
            ("Patient transport", "Meridian's transport lead, within Northwind's clinical priorities", "Operational governance team, monthly", {"other": "R", "client": "A"}),
            ("Food and hospitality", "Meridian's hospitality manager", "Operational governance team, quarterly", {"other": "A", "client": "I"}),
            ("Infection prevention standards", "Northwind's infection control committee", "Strategic governance board", {"client": "A", "other": "R"}),
        ],
        "deliverables": [
            ("Deep-clean programme for the new surgical wing", "other", -21, "All rooms pass ATP swab testing", "in_progress"),
            ("Quarterly patient-experience report", "other", -5, "Covers HCAHPS cleanliness and transport items", "planned"),
            ("Transport dispatch integration with bed management", "client", 45, "Requests flow without re-keying", "in_progress"),
            ("Annual staff training plan", "other", -60, "Approved by Northwind's education lead", "accepted"),
        ],
        "milestones": [("Surgical wing opening", 30, "All services live in the new wing"),
                       ("Annual business review", 120, "Review of the year and targets for the next")],
        "channels": [("formal_updates", "Monthly written report", "Monthly"),
                     ("quick_queries", "Shared Teams channel", "Same working day"),
                     ("meetings", "Operational governance meeting", "Monthly; QBR quarterly"),
                     ("escalations", "Phone call to the liaison, then email", "Within 4 hours")],
        "legal": [("nda", "Mutual NDA", "", "signed", "NDA-2024-017"),
                  ("data_privacy", "Patient information in transport requests", "hipaa", "agreed", "DPA-2024-03")],
        "shares": None,
        "costs": [("Hand-hygiene campaign materials", Decimal("18000.00"), "USD", "50/50")],
        "exits": [("Material breach not cured", "60 days after written notice", "Final settlement within 30 days", "Equipment bought jointly is valued and bought out by Northwind"),
                  ("Either party's convenience at renewal", "90 days before the end of term", "Orderly transition plan over 6 months", "Shared documentation handed over")],
    },
    "brightlane-kinetic": {
        "drafter": "rita", "signers": ("rita", "ken"), "liaisons": ("rita", "ken"),
        "terms": {"start_date": datetime.date(2025, 3, 1), "duration_months": 36, "renewal": "mutual_consent",
                  "renewal_term_months": 12, "notice_period_days": 60, "term_negotiability": "flexible",
                  "revenue_sharing_basis": "net revenue from new loyalty members",
                  "revenue_sharing_negotiability": "non_negotiable",
                  "licence_fee_amount": Decimal("4500.00"), "licence_fee_currency": "EUR",
                  "licence_fee_period": "monthly", "licence_fee_description": "Personalisation engine licence"},
        "areas": [
            ("Campaign strategy", "Brightlane's marketing director", "Joint steering group, monthly", {"client": "A", "other": "C"}),
            ("Branding and advertising", "Brightlane's brand team", "Joint steering group", {"client": "A", "other": "I"}),
            ("Platform maintenance", "Kinetic's engineering lead", "Weekly technical stand-up", {"other": "A", "client": "I"}),
            ("Technical customer support", "Kinetic's support manager", "Monthly support review", {"other": "A", "client": "C"}),
        ],
        "deliverables": [
            ("Loyalty app pilot in 12 stores", "other", -10, "App live in 12 stores; crash-free sessions ≥ 99.5%", "in_progress"),
            ("Pilot marketing campaign", "client", -3, "Campaign assets approved by both brand teams", "delivered"),
            ("National launch readiness review", "other", 75, "Load test at 5x pilot traffic passed", "planned"),
        ],
        "milestones": [("Pilot go-live", -40, "12 stores"), ("National launch", 100, "All stores and online")],
        "channels": [("formal_updates", "Fortnightly status email", "Every other Friday"),
                     ("quick_queries", "Shared Slack channel", "Within 2 hours"),
                     ("meetings", "Joint steering group", "Monthly"),
                     ("escalations", "Liaison call, then the steering group chair", "Next working day")],
        "legal": [("nda", "Mutual NDA", "", "signed", "NDA-BK-01"),
                  ("data_privacy", "Loyalty member data", "gdpr", "signed", "DPA-BK-02"),
                  ("ip_ownership", "Personalisation models trained on member data", "", "in_review", "")],
        "shares": {"client": "60", "other": "40"},
        "costs": [("Shared launch marketing", Decimal("120000.00"), "EUR", "50/50")],
        "exits": [("Pilot targets missed after two review cycles", "60 days", "Licence ends; no further fees", "Member data returned to Brightlane within 30 days"),
                  ("Change of control of either party", "60 days", "Either party may terminate", "Jointly developed campaign assets stay with Brightlane")],
    },
    "cloudnest-stratos": {
        "drafter": "sofia", "signers": ("sofia", "omar"), "liaisons": ("sofia", "omar"),
        "terms": {"start_date": datetime.date(2024, 1, 1), "end_date": datetime.date(2026, 12, 31),
                  "renewal": "automatic", "renewal_term_months": 12, "notice_period_days": 90,
                  "term_negotiability": "non_negotiable",
                  "licence_fee_amount": Decimal("38000.00"), "licence_fee_currency": "USD",
                  "licence_fee_period": "monthly", "licence_fee_description": "Managed hosting, three regions"},
        "areas": [
            ("Platform availability", "Stratos's on-call lead", "Monthly service review", {"other": "A", "client": "I"}),
            ("Capacity planning", "Joint, Cloudnest decides on spend", "Quarterly capacity review", {"client": "A", "other": "R"}),
            ("Security incident response", "Stratos's security officer", "Immediate notice to Cloudnest's CISO", {"other": "A", "client": "C"}),
        ],
        "deliverables": [
            ("Disaster-recovery test, EU region", "other", -14, "Recovery within the 4-hour RTO", "late"),
            ("Capacity forecast 2027", "client", 20, "Signed off by both finance leads", "in_progress"),
        ],
        "milestones": [("Quarterly capacity review", 30, "Reserved compute against forecast, per region")],
        "channels": [("formal_updates", "Monthly service report", "Monthly"),
                     ("quick_queries", "Ticket portal", "Within 1 hour for P1"),
                     ("escalations", "Pager, then phone", "15 minutes for P1")],
        "legal": [("nda", "Mutual NDA", "", "signed", "NDA-CS-2023"),
                  ("data_privacy", "Customer data hosted in the EU", "gdpr", "signed", "DPA-CS-2023"),
                  ("data_privacy", "California customers", "ccpa", "agreed", "")],
        "shares": None,
        "costs": [],
        "exits": [("Availability below 99.5% for two consecutive quarters", "30 days", "Service credits settled; exit plan starts", "Data exported in open formats within 60 days")],
    },
}


def _agreement(key: str, spec: dict, world: DemoWorld) -> None:
    partnership = world.partnerships.get(key)
    if partnership is None or AgreementVersion.objects.filter(partnership=partnership).exists():
        return
    users = world.users
    access = partnership_access(users[spec["drafter"]], partnership_id=partnership.pk)
    other_access = partnership_access(users[spec["signers"][1]], partnership_id=partnership.pk)
    party = {"client": access.party.pk, "other": other_access.party.pk}
    version = services.agreement_draft_create(access=access)
    terms = dict(spec["terms"])
    shares = {party[side]: value for side, value in spec["shares"].items()} if spec["shares"] else None
    services.agreement_terms_update(access=access, version=version, revenue_shares=shares, **terms)
    services.responsibilities_replace(access=access, version=version, areas=[
        {"name": name, "decision_authority": authority, "reporting_line": line, "negotiability": "flexible",
         "roles": {party[side]: code for side, code in roles.items()}}
        for name, authority, line, roles in spec["areas"]])
    for title, owner, due, criteria, status in spec["deliverables"]:
        services.section_item_create(access=access, version=version, section="deliverables", title=title,
                                     owner_party=party[owner], due_date=_days(due), acceptance_criteria=criteria,
                                     status=status, negotiability="non_negotiable")
    for title, days, description in spec["milestones"]:
        services.section_item_create(access=access, version=version, section="milestones", title=title,
                                     date=_days(days), description=description)
    services.communications_replace(
        access=access, version=version,
        channels=[{"purpose": p, "channel": c, "cadence": k, "negotiability": "flexible"} for p, c, k in spec["channels"]],
        liaisons={party["client"]: users[spec["liaisons"][0]].pk, party["other"]: users[spec["liaisons"][1]].pk})
    for kind, title, regime, status, reference in spec["legal"]:
        extra = {"ip_ownership": "joint"} if kind == "ip_ownership" else {}
        services.section_item_create(access=access, version=version, section="legal_items", kind=kind, title=title,
                                     regime=regime, status=status, document_reference=reference,
                                     negotiability="non_negotiable", **extra)
    for description, amount, currency, split in spec["costs"]:
        services.section_item_create(access=access, version=version, section="shared_costs", description=description,
                                     amount=amount, currency=currency, split=split)
    for trigger, notice, consequence, assets in spec["exits"]:
        services.section_item_create(access=access, version=version, section="exit_clauses", trigger=trigger,
                                     notice=notice, consequence=consequence, shared_assets=assets,
                                     negotiability="non_negotiable")
    services.agreement_propose(access=access, version=version)
    for username in spec["signers"]:
        services.agreement_sign(access=partnership_access(users[username], partnership_id=partnership.pk),
                                version=version)
    # Each side keeps a private negotiating note, to show that the other never sees it.
    notes.note_create(kind=TERM_NOTES, access=access, term="notice_period",
                              text="We could accept 45 days' notice if the exit plan is kept.")
    notes.note_create(kind=TERM_NOTES, access=other_access, term="revenue_sharing" if shares else "duration",
                              text="Internal: push for a longer renewal term at the next review.")


def seed(world: DemoWorld) -> None:
    for key, spec in SPECS.items():
        _agreement(key, spec, world)


__all__ = ["seed"]
