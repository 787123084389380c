"""Indicator definitions agreed and dated (issue 9, item 2): a change is proposed, accepted or declined, and never
rewrites a past period."""

import datetime
from decimal import Decimal

import pytest

from accord.core.models import AuditEvent
from accord.metrics import periods
from accord.metrics.indicators import definitions
from accord.metrics.measurements import services as measurement_services
from accord.metrics.models import IndicatorDefinition

from .conftest import month_text

BASE = "/api/v1/partnerships"


def _otd(card):
    return next(i for i in card["indicators"] if i["code"] == "OTD")


def _card(api, world, name, month):
    return api(name).get(f"{BASE}/{world.partnership.pk}/scorecards/{month_text(month)}").json()


def test_a_patched_target_is_proposed_and_the_past_stays_as_it_was(world, api, metrics, last_month):
    """The provider retargets the client's indicator: 202, nothing moves until accepted, and never the past."""
    pid, cpi = world.partnership.pk, metrics["cpi"]
    past = _card(api, world, "alice", last_month)
    response = api("bob").patch(f"{BASE}/{pid}/indicators/{cpi.pk}", {"target": 60, "reason": "Realistic"})
    assert response.status_code == 202
    change = response.json()
    assert {k: change[k] for k in ("status", "fields", "party", "proposed_by")} == {
        "status": "proposed", "fields": {"target": "60"}, "party": world.access(world.bob).party.pk,
        "proposed_by": "bob"}
    assert change["effective_from"] == definitions.this_month().isoformat()
    for name in ("alice", "bob"):
        indicator = api(name).get(f"{BASE}/{pid}/indicators/{cpi.pk}").json()
        assert indicator["target"] == 100 and [c["id"] for c in indicator["pending_changes"]] == [change["id"]]
    assert _card(api, world, "alice", last_month) == past
    # The proposer's party cannot accept its own proposal, nor can a viewer or a contributor of the other.
    accept = f"{BASE}/{pid}/indicators/{cpi.pk}/changes/{change['id']}/accept"
    assert api("maya").post(accept).status_code == 403
    assert api("bob").post(accept).status_code == 403
    assert api("victor").post(accept).status_code == 403
    assert api("charlie").post(accept).status_code == 404
    accepted = api("alice").post(accept)
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    indicator = api("bob").get(f"{BASE}/{pid}/indicators/{cpi.pk}").json()
    assert indicator["target"] == 60 and indicator["pending_changes"] == []
    assert [h["effective_from"] for h in indicator["history"]] == [None, definitions.this_month().isoformat()]
    assert indicator["history"][1]["fields"]["target"] == "60"
    assert _card(api, world, "alice", last_month) == past  # last month keeps the target that was in force
    assert api("alice").post(accept).status_code == 409  # decided already


def test_a_declined_change_needs_a_reason_and_changes_nothing(world, api, metrics):
    pid, otd = world.partnership.pk, metrics["otd"]
    change = api("alice").post(f"{BASE}/{pid}/indicators/{otd.pk}/changes",
                               {"fields": {"weight": 3}, "effective_from": "2030-01-01", "reason": "Counts more"})
    assert change.status_code == 201 and change.json()["status"] == "proposed"
    decline = f"{BASE}/{pid}/indicators/{otd.pk}/changes/{change.json()['id']}/decline"
    refused = api("bob").post(decline, {"reason": " "})
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    declined = api("bob").post(decline, {"reason": "Weights are set in the agreement"})
    assert declined.json()["status"] == "declined" and declined.json()["decline_reason"] == "Weights are set in the agreement"
    indicator = api("alice").get(f"{BASE}/{pid}/indicators/{otd.pk}").json()
    assert indicator["weight"] == 1 and indicator["pending_changes"] == [] and len(indicator["history"]) == 1
    statuses = [c["status"] for c in api("alice").get(f"{BASE}/{pid}/indicators/{otd.pk}/changes").json()]
    assert statuses == ["declined", "accepted"]  # newest first: this change, then the indicator's creation


def test_a_retroactive_target_applies_from_its_start_and_says_so(world, api, metrics, last_month):
    pid, otd = world.partnership.pk, metrics["otd"]
    before = periods.shift(last_month, periods.MONTHLY, -1)
    untouched = _card(api, world, "bob", before)
    change = api("bob").post(f"{BASE}/{pid}/indicators/{otd.pk}/changes",
                             {"fields": {"target": 100}, "effective_from": last_month.isoformat(), "reason": "Agreed"})
    api("alice").post(f"{BASE}/{pid}/indicators/{otd.pk}/changes/{change.json()['id']}/accept")
    card = _card(api, world, "bob", last_month)
    today = datetime.date.today().isoformat()
    assert _otd(card)["target"] == 100 and _otd(card)["attainment"] == 0.95
    assert _otd(card)["definition_note"] == f"target 100 applies from {last_month:%Y-%m} (agreed {today})"
    assert _card(api, world, "bob", before) == untouched  # the month before keeps target 95
    assert _otd(untouched)["definition_note"] == ""
    # What was agreed before the newest definition's start is settled.
    late = api("bob").post(f"{BASE}/{pid}/indicators/{otd.pk}/changes",
                           {"fields": {"target": 90}, "effective_from": before.isoformat()})
    assert late.status_code == 400 and "effective_from" in late.json()["errors"]


@pytest.mark.parametrize("payload,field", [
    ({"fields": {"target": 90}, "effective_from": "2026-03-15"}, "effective_from"),
    ({"fields": {"name": "Renamed"}}, "name"),
    ({"fields": {"bands": [{"low": 1, "high": None, "status": "green"}]}}, "bands"),
    ({"fields": {"target": 95}}, "fields"),  # nothing would change
    ({"fields": {"weight": -1}}, "weight"),
])
def test_a_bad_proposal_names_the_field_and_writes_nothing(world, api, metrics, payload, field):
    pid, otd, alice = world.partnership.pk, metrics["otd"], api("alice")  # her token's creation is audited too
    events = AuditEvent.objects.count()
    response = alice.post(f"{BASE}/{pid}/indicators/{otd.pk}/changes", payload)
    assert response.status_code == 400 and field in response.json()["errors"], response.json()
    assert AuditEvent.objects.count() == events and otd.changes.count() == 1


def test_a_shared_indicator_is_proposed_until_accepted_and_scores_only_then(world, api, metrics, last_month):
    pid = world.partnership.pk
    created = api("alice").post(f"{BASE}/{pid}/indicators", {"code": "QAS", "name": "Quality audit", "target": 90,
                                                               "entry_by": "both"}).json()
    assert created["status"] == "proposed" and created["history"] == []
    [creation] = created["pending_changes"]
    assert creation["is_creation"] and creation["fields"]["target"] == "90"
    measurement_services.measurement_record(access=world.access(world.alice), indicator=metrics["otd"].__class__.objects.get(
        pk=created["id"]), period=last_month, value=Decimal("45"))
    assert "QAS" not in [i["code"] for i in _card(api, world, "bob", last_month)["indicators"]]
    # Its score-moving fields wait for the acceptance; the owner's free fields do not.
    assert api("alice").patch(f"{BASE}/{pid}/indicators/{created['id']}", {"target": 80}).status_code == 409
    assert api("alice").patch(f"{BASE}/{pid}/indicators/{created['id']}", {"name": "Quality audits"}).status_code == 200
    api("bob").post(f"{BASE}/{pid}/indicators/{created['id']}/changes/{creation['id']}/accept")
    qas = next(i for i in _card(api, world, "bob", last_month)["indicators"] if i["code"] == "QAS")
    assert qas["attainment"] == 0.5
    assert api("bob").get(f"{BASE}/{pid}/indicators/{created['id']}").json()["status"] == "agreed"


def test_a_declined_indicator_is_revised_and_proposed_again(world, api):
    pid = world.partnership.pk
    created = api("alice").post(f"{BASE}/{pid}/indicators", {"code": "NPS", "name": "NPS", "target": 80}).json()
    api("bob").post(f"{BASE}/{pid}/indicators/{created['id']}/changes/{created['pending_changes'][0]['id']}/decline",
                    {"reason": "Too high"})
    assert api("alice").get(f"{BASE}/{pid}/indicators/{created['id']}").json()["status"] == "declined"
    revised = api("alice").patch(f"{BASE}/{pid}/indicators/{created['id']}", {"target": 40})
    assert revised.status_code == 202 and revised.json()["is_creation"] and revised.json()["fields"]["target"] == "40"


def test_a_private_indicator_changes_directly_dated_and_nothing_reaches_the_other_party(world, api, metrics, last_month):
    pid, secret = world.partnership.pk, metrics["secret"]
    response = api("alice").patch(f"{BASE}/{pid}/indicators/{secret.pk}",
                                  {"target": 2000, "effective_from": last_month.isoformat()})
    assert response.status_code == 200 and response.json()["target"] == 2000
    assert [h["effective_from"] for h in response.json()["history"]] == [None, last_month.isoformat()]
    private = api("alice").get(f"{BASE}/{pid}/scorecards/{month_text(last_month)}/private").json()
    assert private["indicators"][0]["target"] == 2000
    earlier = periods.shift(last_month, periods.MONTHLY, -1)
    assert api("alice").get(f"{BASE}/{pid}/scorecards/{month_text(earlier)}/private").json()["indicators"][0][
        "target"] == 1000
    change_id = secret.changes.get().pk
    bob = api("bob")
    assert bob.get(f"{BASE}/{pid}/indicators/{secret.pk}/changes").status_code == 404
    assert bob.post(f"{BASE}/{pid}/indicators/{secret.pk}/changes/{change_id}/accept").status_code == 404
    assert bob.post(f"{BASE}/{pid}/indicators/{metrics['otd'].pk}/changes/{change_id}/accept").status_code == 404
    assert all(e.visibility == "private" for e in AuditEvent.objects.filter(record_id=str(secret.pk)))


def test_the_proposer_withdraws(world, api, metrics):
    pid, otd = world.partnership.pk, metrics["otd"]
    change = api("bob").patch(f"{BASE}/{pid}/indicators/{otd.pk}", {"target": 97}).json()
    withdraw = f"{BASE}/{pid}/indicators/{otd.pk}/changes/{change['id']}/withdraw"
    assert api("alice").post(withdraw).status_code == 403
    assert api("bob").post(withdraw).json()["status"] == "withdrawn"


def test_every_step_is_audited_for_both_parties(world, api, metrics):
    pid, otd = world.partnership.pk, metrics["otd"]
    change = api("alice").patch(f"{BASE}/{pid}/indicators/{otd.pk}", {"target": 97}).json()
    api("bob").post(f"{BASE}/{pid}/indicators/{otd.pk}/changes/{change['id']}/accept")
    labels = list(AuditEvent.objects.filter(record_id=str(otd.pk)).order_by("id").values_list("record_label", "visibility"))
    assert (f"OTD: change #{change['id']} from {change['effective_from'][:7]} proposed", "shared") in labels
    assert (f"OTD: change #{change['id']} from {change['effective_from'][:7]} accepted", "shared") in labels


def test_the_indicator_page_shows_the_definition_pending_changes_and_history(world, web, api, metrics):
    pid, slug, otd = world.partnership.pk, world.partnership.slug, metrics["otd"]
    change = api("alice").patch(f"{BASE}/{pid}/indicators/{otd.pk}", {"target": 97, "reason": "Better"}).json()
    url = f"/partnerships/{slug}/indicators/{otd.pk}/"
    bobs = web("bob").get(url).content.decode()
    assert "Current definition" in bobs and "target: 97" in bobs and "(now 95)" in bobs and "Accept</button>" in bobs
    alices = web("alice").get(url).content.decode()
    assert "Accept</button>" not in alices and "Withdraw</button>" in alices
    assert web("charlie").get(url).status_code == 404
    assert web("bob").get(f"/partnerships/{slug}/indicators/{metrics['secret'].pk}/").status_code == 404
    web("bob").post(f"{url}changes/{change['id']}/decline/", {"reason": ""})
    assert otd.changes.get(pk=change["id"]).status == "proposed"
    web("bob").post(f"{url}changes/{change['id']}/accept/")
    assert otd.changes.get(pk=change["id"]).status == "accepted"
    page = web("bob").get(url).content.decode()
    assert "History of the definition" in page and IndicatorDefinition.objects.filter(indicator=otd).count() == 2


def test_the_openapi_document_describes_the_202(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"][
        "/api/v1/partnerships/{partnership_id}/indicators/{indicator_id}"]["patch"]
    assert {"200", "202"} <= set(operation["responses"])


def test_a_private_indicator_made_shared_is_proposed_and_scores_once_accepted(world, api, metrics, last_month):
    pid, secret = world.partnership.pk, metrics["secret"]
    before = _card(api, world, "bob", last_month)
    api("alice").patch(f"{BASE}/{pid}/indicators/{secret.pk}", {"target": 1200, "reason": "Our own reasons"})
    response = api("alice").patch(f"{BASE}/{pid}/indicators/{secret.pk}", {"visibility": "shared"})
    assert response.status_code == 202 and response.json()["is_creation"]
    indicator = api("bob").get(f"{BASE}/{pid}/indicators/{secret.pk}").json()
    assert indicator["status"] == "proposed" and indicator["pending_changes"][0]["id"] == response.json()["id"]
    # Its private past (earlier targets, reasons) stays private.
    assert indicator["history"] == [] and "Our own reasons" not in api("bob").get(
        f"{BASE}/{pid}/indicators/{secret.pk}/changes").content.decode()
    assert _card(api, world, "bob", last_month) == before
    assert api("bob").post(f"{BASE}/{pid}/indicators/{secret.pk}/changes/{response.json()['id']}/accept").json()[
        "status"] == "accepted"
    card = _card(api, world, "bob", last_month)
    assert "SECRET" in [i["code"] for i in card["indicators"]] and card == _card(api, world, "alice", last_month)
    history = api("bob").get(f"{BASE}/{pid}/indicators/{secret.pk}").json()["history"]
    assert [h["effective_from"] for h in history] == [None]


def test_a_contributor_proposes_but_only_a_manager_decides(world, api, metrics):
    pid, cpi = world.partnership.pk, metrics["cpi"]  # alice's; maya contributes for bob's party
    proposed = api("maya").post(f"{BASE}/{pid}/indicators/{cpi.pk}/changes", {"fields": {"weight": 2}})
    assert proposed.status_code == 201 and proposed.json()["proposed_by"] == "maya"
    assert api("victor").post(
        f"{BASE}/{pid}/indicators/{cpi.pk}/changes/{proposed.json()['id']}/decline", {"reason": "No"}).status_code == 403
    assert api("victor").post(f"{BASE}/{pid}/indicators/{cpi.pk}/changes", {"fields": {"weight": 3}}).status_code == 403


def test_the_other_party_proposes_through_the_edit_form(world, web, metrics, last_month):
    cpi, slug = metrics["cpi"], world.partnership.slug
    form = {"code": "PRIV", "name": "Data protection", "kind": "cpi", "direction": "higher_is_better", "target": "99",
            "frequency": "monthly", "aggregation": "average", "weight": "1", "entry_by": "both",
            "owner_party": world.access(world.alice).party.pk, "visibility": "shared", "revision": cpi.revision,
            "band_1_high": "100", "band_1_status": "red", "band_2_low": "100", "band_2_status": "green",
            "effective_from": last_month.isoformat(), "reason": "Audits allow one miss"}
    response = web("bob").post(f"/partnerships/{slug}/indicators/{cpi.pk}/edit/", form)
    assert response.status_code == 302 and response["Location"].endswith(f"/indicators/{cpi.pk}/")
    change = cpi.changes.get(is_creation=False)
    assert (change.status, change.fields, change.effective_from, change.reason) == (
        "proposed", {"target": "99"}, last_month, "Audits allow one miss")
    cpi.refresh_from_db()
    assert cpi.target == 100
    form["name"] = "Ours"
    assert web("bob").post(f"/partnerships/{slug}/indicators/{cpi.pk}/edit/", form).status_code == 403
