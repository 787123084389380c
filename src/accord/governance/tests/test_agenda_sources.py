"""The agenda built from the partnership's records: escalations at the body's level, the agreement's
deliverables and dates, the charter's review."""

import datetime

from django.utils import timezone

from accord.agreements.models import AgreementVersion
from accord.agreements.tests.conftest import draft, in_force, signed_world  # noqa: F401  (fixtures)
from accord.governance import ladder
from accord.governance.models import GovernanceBody


def url(world, meeting):
    return f"/api/v1/partnerships/{world.partnership.pk}/meetings/{meeting.pk}"


def next_meeting(world, tier):
    body = GovernanceBody.objects.get(partnership=world.partnership, tier=tier)
    return body.meetings.filter(starts_at__gt=timezone.now()).first()


def agenda(api, world, meeting, name="bob"):
    return {(item["source"], item["ref"]["type"], item["ref"]["id"]): item
            for item in api(name).get(url(world, meeting)).json()["agenda"]}


def test_open_escalations_reach_the_body_of_their_level(named, api):
    alice, bob = named.access(named.alice), named.access(named.bob)
    escalation = ladder.escalation_raise(access=alice, category="other", severity="high", description="Rota gaps")
    working_meeting = next_meeting(named, "operational")
    assert ("escalation", "escalation", str(escalation.pk)) not in agenda(api, named, working_meeting)
    ladder.escalation_respond(access=bob, escalation=escalation, text="We add a shift")
    ladder.escalation_escalate(access=alice, escalation=escalation)
    team = agenda(api, named, working_meeting)
    assert ("escalation", "escalation", str(escalation.pk)) in team
    assert "Rota gaps" in team[("escalation", "escalation", str(escalation.pk))]["title"]
    assert not [key for key in agenda(api, named, next_meeting(named, "strategic")) if key[0] == "escalation"]
    ladder.escalation_resolve(access=bob, escalation=escalation, resolution="Extra shift",
                              agreed_by=[named.alice.pk, named.bob.pk])
    assert ("escalation", "escalation", str(escalation.pk)) not in agenda(api, named, working_meeting, "alice")


def test_deliverables_and_notice_dates_of_the_agreement_in_force(in_force, named, api):  # noqa: F811
    meeting = next_meeting(named, "operational")
    audit = in_force.deliverables.get(title="Cleaning audit")  # due in 2020, in progress
    items = agenda(api, named, meeting)
    assert ("deliverable_due", "deliverable", str(audit.pk)) in items
    assert not [key for key in items if key[0] == "notice_date"]  # the term ends in 2028
    end = timezone.localdate() + datetime.timedelta(days=120)
    AgreementVersion.objects.filter(pk=in_force.pk).update(end_date=end)
    items = agenda(api, named, meeting, "alice")
    notice = items[("notice_date", "agreement", str(in_force.number))]
    assert notice["ref"]["code"] == "renewal_decision"  # mutual consent: the notice deadline is the decision day
    assert (end - datetime.timedelta(days=90)).strftime("%-d %b %Y") in notice["title"]


def test_the_charter_review_when_due(named, api):
    from accord.charters import services as charters
    from accord.charters.models import CharterVersion
    from accord.charters.tests.conftest import VALID
    from accord.partnerships.services import party_member_add

    alice, bob = named.access(named.alice), named.access(named.bob)
    for access in (alice, bob):
        party_member_add(access=access, user_id=access.user.pk, role="signatory")
    version = charters.charter_version_create(access=alice, **VALID)
    charters.charter_version_propose(access=alice, version=version)
    charters.charter_version_sign(access=alice, version=version)
    charters.charter_version_sign(access=bob, version=version)
    meeting = next_meeting(named, "operational")
    assert not [key for key in agenda(api, named, meeting) if key[0] == "review_due"]  # just came into force
    in_force_at = timezone.localdate() - datetime.timedelta(days=400)  # purpose and values: yearly review
    CharterVersion.objects.filter(pk=version.pk).update(in_force_at=in_force_at)
    review = [item for key, item in agenda(api, named, meeting).items() if key[0] == "review_due"]
    assert len(review) == 1 and review[0]["ref"]["type"] == "charter"
    assert review[0]["title"].startswith("The charter's review was due")
