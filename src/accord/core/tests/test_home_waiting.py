""""Waiting on you" on the home page: the list for each person of the test world, and nothing more."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accord.agreements import services as agreement_services
from accord.agreements.tests.conftest import fill_draft
from accord.charters import services as charter_services
from accord.charters.tests.conftest import VALID
from accord.core.testing import indicator_agreed
from accord.core.waiting import items_for
from accord.metrics import periods
from accord.metrics.indicators import definitions
from accord.metrics.indicators import services as indicator_services
from accord.metrics.scorecards.selectors import last_full_month
from accord.partnerships import services as partnership_services
from accord.partnerships.access import partnership_access, partnership_accesses


@pytest.fixture
def busy(world):
    """A partnership with something for everyone: a charter version alice signed and bob has not, an agreement in
    force with an overdue deliverable and a draft of alice's party, bob's shared indicator without last month's
    value, alice's private one, bob's proposed change of alice's indicator, and a second partnership that invites
    bob's organization."""
    alice, bob = world.access(world.alice), world.access(world.bob)
    for access in (alice, bob):
        partnership_services.party_member_add(access=access, user_id=access.user.pk, role="signatory")
    agreement = fill_draft(world, agreement_services.agreement_draft_create(access=alice))
    agreement_services.agreement_propose(access=alice, version=agreement)
    agreement_services.agreement_sign(access=alice, version=agreement)
    agreement_services.agreement_sign(access=bob, version=agreement)
    agreement_services.agreement_draft_create(access=alice)
    charter = charter_services.charter_version_create(access=alice, **VALID)
    charter_services.charter_version_propose(access=alice, version=charter)
    charter_services.charter_version_sign(access=alice, version=charter)
    indicator_agreed(owner_access=bob, other_access=alice, code="OTD", name="On-time delivery", target=Decimal("95"))
    csat = indicator_agreed(owner_access=alice, other_access=bob, code="CSAT", name="Satisfaction",
                            target=Decimal("90"))
    indicator_services.indicator_create(access=alice, code="SECRET", name="Our internal cost", kind="kfi",
                                        target=Decimal("1000"), visibility="private",
                                        active_from=periods.shift(last_full_month(), periods.MONTHLY, -3))
    # CSAT has last month's value: nothing is due for it.
    from accord.metrics.measurements.services import measurement_record

    measurement_record(access=alice, indicator=csat, period=last_full_month(), value=Decimal("91"))
    definitions.indicator_change_propose(access=bob, indicator=csat, fields={"target": "80"}, reason="Tighter")
    second = partnership_services.partnership_create(acting_user=world.alice, name="Second Partnership",
                                                     role="client", engagement_type="strategic_partnership")
    partnership_services.party_invite(access=partnership_access(world.alice, partnership_id=second.pk),
                                      organization_name=world.provider_org.name, role="provider")
    # charlie's own partnership, with a private indicator nobody else may see.
    elsewhere = partnership_services.partnership_create(acting_user=world.charlie, name="Elsewhere",
                                                        role="client", engagement_type="strategic_partnership")
    indicator_services.indicator_create(access=partnership_access(world.charlie, partnership_id=elsewhere.pk),
                                        code="HIDDEN", name="Charlie's own", target=Decimal("1"), visibility="private")
    return world


def titles(user):
    return [item.title for item in items_for(user, partnership_accesses(user))]


def test_alice_signed_so_she_reviews_her_draft_answers_bob_change_and_enters_her_private_value(busy):
    items = titles(busy.alice)
    month = periods.label(last_full_month(), periods.MONTHLY)
    assert "Review the draft of the agreement version 2" in items
    assert "Accept or decline a change of CSAT" in items
    assert f"Enter SECRET for {month}" in items
    assert "Deliverable: Cleaning audit" in items
    assert not any(title.startswith("Sign ") for title in items)  # she has signed
    assert f"Enter OTD for {month}" not in items  # bob's party enters it
    assert not any("HIDDEN" in title or "Answer the invitation" in title for title in items)


def test_bob_signs_enters_his_value_and_answers_the_invitation_but_never_sees_alice_private_things(busy):
    items = titles(busy.bob)
    month = periods.label(last_full_month(), periods.MONTHLY)
    assert "Sign the charter version 1" in items
    assert f"Enter OTD for {month}" in items
    assert "Answer the invitation to Second Partnership" in items
    assert "Deliverable: Cleaning audit" in items
    assert not any("SECRET" in title or "HIDDEN" in title for title in items)
    assert not any(title.startswith("Review the draft") for title in items)  # the draft is alice's party's
    assert not any(title.startswith("Accept or decline") for title in items)  # bob proposed it


def test_victor_the_viewer_gets_no_write_items(busy):
    items = items_for(busy.victor, partnership_accesses(busy.victor))
    assert {item.kind for item in items} <= {"deliverable", "milestone", "notice", "renewal", "warning"}
    assert "Deliverable: Cleaning audit" in [item.title for item in items]


def test_maya_the_contributor_enters_values_but_neither_signs_nor_answers(busy):
    items = titles(busy.maya)
    assert f"Enter OTD for {periods.label(last_full_month(), periods.MONTHLY)}" in items
    assert not any(title.startswith(("Sign ", "Accept or decline", "Answer the invitation")) for title in items)


def test_charlie_has_nothing_of_the_partnership(busy):
    items = items_for(busy.charlie, partnership_accesses(busy.charlie))
    assert all(item.partnership is None or item.partnership.name == "Elsewhere" for item in items)
    assert [item.title for item in items] == [f"Enter HIDDEN for {periods.label(last_full_month(), 'monthly')}"]


def test_overdue_first_then_soonest(busy):
    today = datetime.date.today()
    items = items_for(busy.alice, partnership_accesses(busy.alice), today=today)
    overdue = [item.is_overdue(today) for item in items]
    assert overdue == sorted(overdue, reverse=True) and overdue[0]
    assert items[0].title == "Deliverable: Cleaning audit"  # due 2020


def test_home_page_lists_the_items_with_links(busy, web, django_assert_max_num_queries):
    client = web("bob")
    # 23 for the charters, agreements, partnerships and metrics providers, 3 for incentives (models to sign,
    # statements to approve, the signatory check), 3 for governance (minutes to approve, overdue actions,
    # escalations to answer), 1 for health (surveys to answer): a fixed number per partnership, whatever it holds.
    with django_assert_max_num_queries(30):
        response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sign the charter version 1" in page
    assert reverse("charters:version", args=[busy.partnership.slug, 1]) in page
    assert "overdue since" in page
    assert reverse("partnerships:list") in page
    assert "SECRET" not in page


def test_home_page_says_so_kindly_when_nothing_waits(world, web):
    response = web("charlie").get(reverse("home"))
    assert response.status_code == 200
    assert "Nothing is waiting on you" in response.content.decode()


def test_home_needs_signing_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "login" in response["Location"]
