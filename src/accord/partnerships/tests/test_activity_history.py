"""The activity feed reads like a history: every kind of value in words, long texts as word diffs, record links,
filters that only ever narrow what the caller's party may see."""

import datetime

import pytest
from django.urls import reverse

from accord.agreements import services as agreement_services
from accord.agreements.tests.conftest import fill_draft
from accord.core.audit import REDACTED, Names, change_rows, field_label, value_text, word_diff
from accord.core.models import AuditEvent
from accord.partnerships.notes import PARTY_NOTES, note_create
from accord.partnerships.services import partnership_update

NAMES = Names(parties={"3": "Northwind Health", "4": "Meridian Facility Services"},
              people={"nora": "Nora Quinn", "maya": "Maya Patel"})


def test_field_names_come_from_the_models():
    assert field_label("agreements.agreementversion", "renewal_term_months") == "Renewal term months"
    assert field_label("charters.charterversion", "vision_horizon") == "Vision horizon"
    assert field_label("agreements.agreementversion", "revenue_shares") == "Revenue shares"  # not a model field
    assert field_label("no.such", "values created") == "Values created"


@pytest.mark.parametrize(("record_type", "field", "value", "text"), [
    ("charters.charterversion", "status", "in_force", "In force"),
    ("agreements.agreementversion", "renewal", "mutual_consent", "By mutual consent"),
    ("metrics.indicator", "status", "accepted", "Accepted"),  # a state that is no longer a choice
    ("agreements.agreementversion", "start_date", "2024-01-01", "1 Jan 2024"),
    ("agreements.agreementversion", "proposed_at", "2024-03-05T14:30:00+00:00", "5 Mar 2024 14:30"),
    ("agreements.agreementversion", "licence_fee_amount", "38000.00", "38,000.00"),
    ("agreements.sharedcost", "amount", "120000.00", "120,000.00"),
    ("agreements.agreementversion", "notice_period_days", 90, "90"),
    ("metrics.measurementbatch", "values created", 1440, "1,440"),
    ("partnerships.partynote", "visibility", "shared", "Shared with all parties"),
    ("x.y", "flag", True, "Yes"),
    ("x.y", "flag", False, "No"),
    ("x.y", "anything", None, "—"),
    ("agreements.agreementversion", "licence_fee_description", "", "(empty)"),
    ("agreements.agreementversion", "areas", ["Platform availability", "Capacity planning"],
     "Platform availability, Capacity planning"),
    ("charters.charterversion", "values", [{"name": "Reliability", "description": "…"}, {"name": "Candour"}],
     "Reliability, Candour"),
    ("charters.charterversion", "card_values", [], "none"),
    ("agreements.agreementversion", "liaisons", {"3": "nora", "4": "maya"},
     "Northwind Health: Nora Quinn; Meridian Facility Services: Maya Patel"),
    ("agreements.agreementversion", "liaisons", {}, "none"),
    ("agreements.agreementversion", "revenue_shares", {"3": "60", "4": "40"},
     "Northwind Health: 60%; Meridian Facility Services: 40%"),
    ("agreements.agreementversion", "channels", {"formal_updates": "Monthly report"}, "Formal updates: Monthly report"),
    ("charters.charterversion", "purpose", REDACTED, REDACTED),
])
def test_every_kind_of_value_reads_in_words(record_type, field, value, text):
    assert value_text(record_type, field, value, names=NAMES) == text


def test_a_long_text_change_shows_both_sides_word_by_word():
    before = "We partner so that every patient finds a clean, safe and welcoming hospital, every single day of the year."
    after = "We partner so that every patient finds a clean, safe and calm hospital, every single day of the year, always."
    event = AuditEvent(record_type="charters.charterversion", action="update",
                       changes=[{"field": "purpose", "before": before, "after": after}])
    [row] = change_rows(event, names=NAMES)
    assert row["label"] == "Purpose"
    assert ("removed", "welcoming") in row["diff"] and ("added", "calm") in row["diff"]
    assert ("added", "year, always.") in row["diff"] and ("removed", "year.") in row["diff"]
    assert word_diff("a b", "a b") == [("same", "a b")]


def test_short_changes_have_no_diff():
    event = AuditEvent(record_type="charters.charterversion", action="update",
                       changes=[{"field": "status", "before": "proposed", "after": "in_force"}])
    assert change_rows(event) == [{"label": "Status", "before": "Proposed", "after": "In force", "diff": None}]


@pytest.fixture
def history(world):
    """An agreement draft with liaisons named, a partnership renamed by alice, and a private note of bob's."""
    version = fill_draft(world, agreement_services.agreement_draft_create(access=world.access(world.alice)))
    partnership_update(access=world.access(world.alice), description="Cleaner wards, faster transport.")
    note_create(kind=PARTY_NOTES, access=world.access(world.bob), text="SECRET bob plan", visibility="private")
    return version


def test_the_page_shows_names_labels_and_links(world, web, history):
    page = web("alice").get(reverse("partnerships:activity", args=[world.partnership.slug])).content.decode()
    assert "Liaisons" in page
    assert "Northwind Health: Alice; Meridian Facility Services: Bob" in page
    assert "Revenue shares" in page and "Northwind Health: 60.00%" not in page  # shares are as typed
    assert reverse("agreements:version", args=[world.partnership.slug, history.number]) in page
    assert "{" not in page.split('class="feed"')[1]  # no raw mapping anywhere in the feed
    assert "SECRET bob plan" not in page


def _feed(web, world, user="alice", **params):
    response = web(user).get(reverse("partnerships:activity", args=[world.partnership.slug]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_filters_narrow_by_kind_party_person_and_dates(world, web, history):
    alice_party = world.access(world.alice).party.pk
    assert "Patient Experience Partnership" in _feed(web, world, kind="partnership")
    assert "Agreement" not in _feed(web, world, kind="partnership").split('class="feed"')[1]
    by_bob_party = _feed(web, world, party=world.access(world.bob).party.pk).split('class="feed"')[1]
    assert "Alice" not in by_bob_party
    by_alice = _feed(web, world, person=world.alice.pk).split('class="feed"')[1]
    assert "Bob</strong>" not in by_alice and "Alice</strong>" in by_alice
    assert "Alice</strong>" in _feed(web, world, party=alice_party)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert "Nothing matches these filters" in _feed(web, world, date_from=tomorrow)
    yesterday = (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    assert "Alice</strong>" in _feed(web, world, date_from=yesterday, date_to=tomorrow)


def test_a_bad_filter_is_a_message_not_an_error(world, web, history):
    page = _feed(web, world, date_from="2026-13-45", person="abc")
    assert "Enter a date as YYYY-MM-DD" in page and "Choose a person of this partnership." in page
    assert "Alice</strong>" in page  # the feed, unfiltered


def test_filtering_by_the_other_party_never_reveals_its_private_events(world, web, api, history):
    private = '<span class="badge private">private</span>'
    for params in ({"person": world.bob.pk}, {"party": world.access(world.bob).party.pk}, {"kind": "partynote"}):
        assert private not in _feed(web, world, **params)
        items = api("alice").get(f"/api/v1/partnerships/{world.partnership.pk}/activity", params).json()["items"]
        assert all(item["visibility"] == "shared" for item in items)
    # bob sees his own private note through the same filters.
    assert private in _feed(web, world, user="bob", person=world.bob.pk, kind="partynote")
    # a person of another organization is not a choice: a message, and nothing of theirs.
    assert "Choose a person of this partnership." in _feed(web, world, person=world.charlie.pk)


def test_api_filters_and_their_errors(world, api, history):
    path = f"/api/v1/partnerships/{world.partnership.pk}/activity"
    items = api("alice").get(path, {"person": world.bob.pk}).json()["items"]
    assert items and {item["actor"] for item in items} == {"bob"}
    assert all("SECRET" not in str(item) for item in items)
    kinds = {item["record_type"] for item in api("alice").get(path, {"kind": "agreementversion"}).json()["items"]}
    assert kinds == {"agreements.agreementversion"}
    response = api("alice").get(path, {"date_from": "yesterday"})
    assert response.status_code == 400 and "date_from" in response.json()["errors"]
    response = api("alice").get(path, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.status_code == 400 and "date_to" in response.json()["errors"]
    assert api("charlie").get(path).status_code == 404
