"""Corrections visible: an indicator's history, a measurement's earlier values, deleting a value
(with its history kept), and the values one write created or corrected, linked from the activity feed."""

import io
from decimal import Decimal

import pytest

from accord.core.models import AuditEvent
from accord.metrics.measurements import services as measurement_services
from accord.metrics.models import Measurement, MeasurementBatch, MeasurementRevision

pytestmark = pytest.mark.django_db
BASE = "/api/v1/partnerships"


@pytest.fixture
def corrected(world, metrics, last_month):
    """OTD corrected by bob from a file; alice's private SECRET corrected by hand."""
    bob, alice = world.access(world.bob), world.access(world.alice)
    text = f"indicator,period,value\nOTD,{last_month:%Y-%m},91.5\n"
    measurement_services.measurements_import(user=world.bob, access=bob, source="file", file_name="march.csv",
                                             rows_or_file=io.BytesIO(text.encode()))
    measurement_services.measurement_record(access=alice, indicator=metrics["secret"], period=last_month,
                                            value=Decimal("4200"))
    world.otd_value = Measurement.objects.get(indicator=metrics["otd"], period=last_month)
    world.secret_value = Measurement.objects.get(indicator=metrics["secret"], period=last_month)
    return world


def test_revisions_api_lists_earlier_values_with_who_replaced_them(corrected, api):
    w = corrected
    answer = api("alice").get(f"{BASE}/{w.partnership.pk}/measurements/{w.otd_value.pk}/revisions")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    earlier = body["items"][0]
    assert (earlier["value"], earlier["source"], earlier["reason"]) == (95, "manual", "corrected")
    assert earlier["entered_by"] == "bob" and earlier["replaced_by"] == "bob"
    current = api("alice").get(f"{BASE}/{w.partnership.pk}/measurements", {"indicator": "OTD"}).json()["items"][0]
    assert current["value"] == 91.5 and current["file_name"] == "march.csv" and current["source"] == "file"


def test_private_values_and_their_revisions_never_reach_the_other_party(corrected, api, web):
    w = corrected
    secret_revisions = f"{BASE}/{w.partnership.pk}/measurements/{w.secret_value.pk}/revisions"
    assert api("alice").get(secret_revisions).json()["count"] == 1
    missing = api("bob").get(f"{BASE}/{w.partnership.pk}/measurements/999999/revisions")
    assert api("bob").get(secret_revisions).status_code == 404
    assert api("bob").get(secret_revisions).json() == missing.json()
    assert api("charlie").get(secret_revisions).status_code == 404
    assert api("bob").get(f"{BASE}/{w.partnership.pk}/measurements", {"indicator": "SECRET"}).json()["count"] == 0
    assert api("bob").delete(f"{BASE}/{w.partnership.pk}/measurements/{w.secret_value.pk}").status_code == 404
    slug = w.partnership.slug
    assert web("bob").get(f"/partnerships/{slug}/indicators/{w.secret_value.indicator_id}/history/").status_code == 404
    private_batch = MeasurementBatch.objects.filter(visibility="private").latest("id")
    assert web("bob").get(f"/partnerships/{slug}/measurements/writes/{private_batch.pk}/").status_code == 404
    assert web("alice").get(f"/partnerships/{slug}/measurements/writes/{private_batch.pk}/").status_code == 200
    assert b"4200" not in web("bob").get(f"/partnerships/{slug}/activity/").content


def test_history_page_shows_every_value_who_and_from_where(corrected, web):
    w = corrected
    page = web("alice").get(f"/partnerships/{w.partnership.slug}/indicators/{w.otd_value.indicator_id}/history/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "91.5" in body and "<s>95</s>" in body and "march.csv" in body
    assert "corrected by" in body and "by hand" in body


def test_deleting_a_value_keeps_it_in_the_history(corrected, api):
    w = corrected
    url = f"{BASE}/{w.partnership.pk}/measurements/{w.otd_value.pk}"
    assert api("victor").delete(url).status_code == 403
    assert api("charlie").delete(url).status_code == 404
    assert api("bob").delete(url).status_code == 204
    assert not Measurement.objects.filter(pk=w.otd_value.pk).exists()
    deleted = MeasurementRevision.objects.get(indicator_id=w.otd_value.indicator_id, reason="deleted")
    assert deleted.value == Decimal("91.5") and deleted.replaced_by == w.bob and deleted.batch.file_name == "march.csv"
    assert MeasurementRevision.objects.filter(indicator_id=w.otd_value.indicator_id).count() == 2
    event = AuditEvent.objects.latest("id")
    assert event.action == "delete" and event.changes[0]["before"] == "91.5" and event.changes[0]["after"] is None
    assert api("bob").delete(url).status_code == 404


def test_delete_page_and_the_entry_rule(corrected, web, metrics, last_month):
    w = corrected
    slug = w.partnership.slug
    # OTD is entered by bob's party only: alice may not delete its value.
    assert web("alice").post(f"/partnerships/{slug}/measurements/{w.otd_value.pk}/delete/").status_code == 403
    answer = web("bob").post(f"/partnerships/{slug}/measurements/{w.otd_value.pk}/delete/")
    assert answer.status_code == 302
    history = web("bob").get(answer["Location"]).content.decode()
    assert "<s>91.5</s>" in history and "deleted by" in history


def test_the_activity_entry_of_an_import_links_to_its_values(corrected, web):
    w = corrected
    batch = MeasurementBatch.objects.get(file_name="march.csv")
    feed = web("alice").get(f"/partnerships/{w.partnership.slug}/activity/").content.decode()
    link = f"/partnerships/{w.partnership.slug}/measurements/writes/{batch.pk}/"
    assert link in feed
    values = web("alice").get(link).content.decode()
    assert "OTD" in values and "91.5" in values and "in force" in values


@pytest.mark.parametrize("corrections", [1, 6])
def test_history_and_revisions_query_counts_are_flat(corrected, web, api, metrics, last_month, corrections,
                                                     django_assert_max_num_queries):
    w = corrected
    bob = w.access(w.bob)
    for step in range(corrections):
        measurement_services.measurement_record(access=bob, indicator=metrics["otd"], period=last_month,
                                                value=Decimal(80 + step))
    client, rest = web("alice"), api("alice")
    rest.get("/api/v1/me")  # the token's last-used stamp
    with django_assert_max_num_queries(9):
        assert client.get(f"/partnerships/{w.partnership.slug}/indicators/{metrics['otd'].pk}/history/"
                          ).status_code == 200
    with django_assert_max_num_queries(8):
        answer = rest.get(f"{BASE}/{w.partnership.pk}/measurements/{w.otd_value.pk}/revisions")
    assert answer.json()["count"] == 1 + corrections
