"""The world the route sweep and schemathesis attack: something behind every kind of id.

Built on the shared test world (alice: client admin, victor: client viewer, bob: provider admin,
maya: provider contributor, charlie: outsider), through the product's own services. Bob's party
owns private records — a party note, a term note, an indicator with its measurements — whose
text carries markers that must never appear in an answer to anybody outside bob's organization.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accord.accounts.services import api_token_create, invitation_create
from accord.agreements import services as agreements
from accord.agreements.notes import TERM_NOTES
from accord.agreements.tests.conftest import fill_draft
from accord.charters import services as charters
from accord.charters.tests.conftest import VALID as CHARTER
from accord.core.testing import World, build_world, indicator_agreed
from accord.governance.actions import action_create
from accord.governance.attendance import PREPARATION_NOTES
from accord.governance.ladder import escalation_raise
from accord.governance.models import GovernanceBody
from accord.health import surveys
from accord.incentives import services as incentives
from accord.markets import services as market_services
from accord.metrics import periods
from accord.metrics.indicators.definitions import indicator_change_propose
from accord.metrics.indicators.services import indicator_create
from accord.metrics.measurements.services import measurement_record
from accord.metrics.scorecards.selectors import last_full_month
from accord.metrics.scorecards.services import scorecard_comment_create
from accord.partnerships import notes
from accord.partnerships import services as partnerships
from accord.partnerships.access import partnership_access
from accord.partnerships.notes import PARTY_NOTES

# Text only bob's organization may ever read.
SECRETS = ("SWEEP-SECRET-PARTY-NOTE", "SWEEP-SECRET-TERM-NOTE", "SWEEP-SECRET-INDICATOR", "SWEEPSECRET",
           "SWEEP-SECRET-MEASUREMENT", "SWEEP-SECRET-STATEMENT-NOTE", "SWEEP-SECRET-SCORECARD-NOTE",
           "SWEEP-SECRET-PREPARATION-NOTE")
OWNERS = ("bob", "maya")  # bob's organization: the owners of the secrets
MISSING_ID = 987654321
MISSING_TEXT = "no-such-thing"


@dataclass
class SweepWorld:
    world: World
    slug: str
    partnership_id: int
    charter_in_force: int  # version numbers
    charter_draft: int
    agreement_in_force: int
    agreement_draft: int
    items: dict  # agreement draft: section path (URL) → id of one of its items
    private_note: int  # bob's party note
    shared_note: int  # alice's shared party note
    private_term_note: int  # bob's term note
    private_indicator: int  # bob's
    private_change: int  # a change of bob's private indicator's definition
    private_measurement: int  # a value of bob's private indicator
    private_batch: int  # the write that stored it (private to bob's party)
    private_scorecard_note: int  # bob's private note on the month's scorecard
    shared_scorecard_comment: int  # alice's commentary on the month's scorecard
    shared_measurement: int  # a value of the shared indicator
    shared_indicator: int
    period: str  # a month with measurements
    bob_member: int  # bob's seat (signatory) on the partnership
    bob_token: int
    maya_membership: int
    bob_invitation: int  # a partnership invitation to bob's organization, from charlie's
    organization_invitation: str  # the token of an invitation into bob's organization
    tokens: dict  # username → raw API token
    body: int  # the operational governance team (created with the partnership)
    meeting: int  # one of its meetings
    action: int  # an action item alice gave bob
    bob_party: int
    financial_model_draft: int = 0  # a draft version of the financial model (one is in force)
    market: int = 0  # a market (DE), shared
    site: int = 0  # a site in it, shared
    escalation: int = 0  # an escalation alice's party raised
    private_preparation_note: int = 0  # bob's private preparation note for ``meeting``
    audit: int = 0  # a draft audit of site SW-1 (market SW), template SWEEP; price points of SWEEP-HR in SW
    survey: int = 0  # an open survey round asking alice, bob and maya (not victor)


def build_sweep_world() -> SweepWorld:
    world = build_world()
    alice = partnership_access(world.alice, partnership_id=world.partnership.pk)
    bob = partnership_access(world.bob, partnership_id=world.partnership.pk)
    members = {name: partnerships.party_member_add(access=access, user_id=access.user.pk, role="signatory")
               for name, access in (("alice", alice), ("bob", bob))}

    charter = charters.charter_version_create(access=alice, **CHARTER)
    charters.charter_version_propose(access=alice, version=charter)
    charters.charter_version_sign(access=alice, version=charter)
    charter = charters.charter_version_sign(access=bob, version=charter)
    charter_draft = charters.charter_version_create(access=alice, from_version=charter.number)

    agreement = fill_draft(world, agreements.agreement_draft_create(access=alice))
    agreements.agreement_propose(access=alice, version=agreement)
    agreements.agreement_sign(access=alice, version=agreement)
    agreements.agreement_sign(access=bob, version=agreement)
    draft = agreements.agreement_draft_create(access=alice)
    items = {path: getattr(draft, relation).values_list("pk", flat=True).first() for path, relation in (
        ("deliverables", "deliverables"), ("milestones", "milestones"), ("legal-items", "legal_items"),
        ("shared-costs", "shared_costs"), ("exit-clauses", "exit_clauses"))}
    if items["shared-costs"] is None:
        items["shared-costs"] = agreements.section_item_create(
            access=alice, version=draft, section="shared_costs", description="Joint kiosk", amount=Decimal("500"),
            currency="EUR", split="50/50").pk

    private_note = notes.note_create(kind=PARTY_NOTES, access=bob, text="SWEEP-SECRET-PARTY-NOTE about the client")
    shared_note = notes.note_create(kind=PARTY_NOTES, access=alice, text="A note both parties read", visibility="shared")
    term_note = notes.note_create(kind=TERM_NOTES, access=bob, term="deliverables", text="SWEEP-SECRET-TERM-NOTE margin")

    month = last_full_month()
    secret = indicator_create(access=bob, code="SWEEPSECRET", name="SWEEP-SECRET-INDICATOR cost",
                                      kind="kfi", direction="lower_is_better", target=Decimal("1000"),
                                      visibility="private")
    shared = indicator_agreed(owner_access=bob, other_access=alice, code="OTD", name="On-time delivery", kind="kpi",
                              target=Decimal("95"))
    # A private indicator's change applies as it is made: bob's party alone may ever see it.
    secret_change = indicator_change_propose(access=bob, indicator=secret, fields={"target": "900"},
                                             reason="SWEEP-SECRET-INDICATOR renegotiation")
    for months_ago in range(2):
        period = periods.shift(month, periods.MONTHLY, -months_ago)
        secret_value = measurement_record(access=bob, indicator=secret, period=period, value=Decimal("4321"),
                                          comment="SWEEP-SECRET-MEASUREMENT overrun")
        shared_value = measurement_record(access=bob, indicator=shared, period=period, value=Decimal("96"))

    body = GovernanceBody.objects.get(partnership=world.partnership, tier="operational")
    escalation = escalation_raise(access=alice, category="communication_breakdown", severity="high",
                                  description="Weekly reports stopped arriving")
    preparation = notes.note_create(kind=PREPARATION_NOTES, access=bob, meeting=body.meetings.first(),
                                    text="SWEEP-SECRET-PREPARATION-NOTE concede the rota")
    action = action_create(access=alice, title="Send the staffing plan", owner=world.bob.pk, owner_party=bob.party.pk,
                           due_date=periods.shift(month, periods.MONTHLY, 3))
    model = incentives.model_draft_create(access=alice)
    incentives.model_update(access=alice, version=model, terms={
        "currency": "EUR", "applies_from": periods.shift(month, periods.MONTHLY, -1).isoformat(),
        "base_fee": {"kind": "fixed", "amount": "1000"},
        "at_risk": {"percent": "10", "allocations": [{"indicator": "OTD", "share": "100", "mode": "red"}]}})
    incentives.model_propose(access=alice, version=model)
    incentives.model_sign(access=alice, version=model)
    incentives.model_sign(access=bob, version=model)
    model_draft = incentives.model_draft_create(access=alice)
    incentives.statement_note_create(access=bob, period=month, text="SWEEP-SECRET-STATEMENT-NOTE margin")
    scorecard_note = scorecard_comment_create(access=bob, period=month, visibility="private",
                                              text="SWEEP-SECRET-SCORECARD-NOTE walk away in spring")
    shared_comment = scorecard_comment_create(access=alice, period=month, text="Commentary both parties read")

    today = timezone.localdate()
    survey = surveys.round_create(access=alice, template="six-characteristics", title="Sweep pulse", opens=today,
                                  closes=today + datetime.timedelta(days=30),
                                  respondents=[world.alice.pk, world.bob.pk, world.maya.pk])

    side_deal = partnerships.partnership_create(acting_user=world.charlie, name="Harborview side deal", role="client")
    invitation = partnerships.party_invite(
        access=partnership_access(world.charlie, partnership_id=side_deal.pk),
        organization_name=world.provider_org.name, role="provider", notify=False)
    _, organization_invitation = invitation_create(acting_user=world.bob, email="newcomer@example.com",
                                                   role="viewer")
    market = market_services.market_create(access=alice, code="DE", name="Germany", country="DE", currency="EUR")
    site = market_services.site_create(access=alice, code="BER", name="Berlin", market="DE")
    audit = _audits_and_prices(alice)
    bob_token, _ = api_token_create(user=world.bob, name="bob's script")
    tokens = {name: api_token_create(user=getattr(world, name), name="sweep")[1]
              for name in ("alice", "bob", "charlie", "victor", "maya")}
    return SweepWorld(
        world=world, slug=world.partnership.slug, partnership_id=world.partnership.pk,
        charter_in_force=charter.number, charter_draft=charter_draft.number,
        agreement_in_force=agreement.number, agreement_draft=draft.number, items=items,
        private_note=private_note.pk, shared_note=shared_note.pk, private_term_note=term_note.pk,
        private_indicator=secret.pk, private_change=secret_change.pk, private_measurement=secret_value.pk,
        private_batch=secret_value.batch_id, private_scorecard_note=scorecard_note.pk,
        shared_scorecard_comment=shared_comment.pk, shared_measurement=shared_value.pk, shared_indicator=shared.pk, period=month.strftime("%Y-%m"),
        bob_member=members["bob"].pk, bob_token=bob_token.pk, maya_membership=world.maya.membership.pk,
        bob_invitation=invitation.party.pk, organization_invitation=organization_invitation, tokens=tokens,
        body=body.pk, meeting=body.meetings.first().pk, action=action.pk, bob_party=bob.party.pk,
        financial_model_draft=model_draft.number, market=market.pk, site=site.pk, escalation=escalation.pk,
        private_preparation_note=preparation.pk, audit=audit, survey=survey.pk,
    )


def _audits_and_prices(alice) -> int:
    """A market and site, a template, a draft audit, a price."""
    from accord.audits.services import audit_create
    from accord.audits.templates_service import template_save
    from accord.pricing.services import price_point_save, service_line_create

    market_services.market_create(access=alice, code="SW", name="Sweepland", country="SE", currency="SEK")
    market_services.site_create(access=alice, code="SW-1", name="Sweep office", market="SW")
    template_save(access=alice, code="SWEEP", name="Sweep checklist", sections=[
        {"code": "S", "name": "Section", "items": [{"code": "S1", "text": "Clean", "scale": "yes_no"}]}])
    service_line_create(access=alice, code="SWEEP-HR", name="Sweeping hour", unit="hour")
    price_point_save(access=alice, service="SWEEP-HR", market="SW", period="2026-01", price="100", factor="8.5")
    return audit_create(access=alice, template="SWEEP", site="SW-1", date="2026-01-05",
                        answers=[{"item": "S1", "answer": "yes"}]).pk
