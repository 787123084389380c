"""A party changes only what it owns (issue 7, item 1), and the other party's private codes are never
confirmed (issue 7, item 2)."""

from decimal import Decimal

import pytest

from accord.core.models import AuditEvent
from accord.metrics.measurements.services import measurements_import
from accord.metrics.models import Indicator, Measurement
from accord.partnerships.selectors import activity_feed

BASE = "/api/v1/partnerships"


@pytest.mark.parametrize("taker", ["bob", "maya"])
def test_the_other_party_cannot_seize_an_indicator(world, api, metrics, taker):
    """PATCH {"visibility": "private", "owner_party": <own>} on the other party's indicator changes nothing."""
    cpi, pid = metrics["cpi"], world.partnership.pk
    own_party = world.access(getattr(world, taker)).party.pk
    events, feed = AuditEvent.objects.filter(partnership=world.partnership).count(), list(activity_feed(access=world.access(world.alice)))
    revision = cpi.revision
    response = api(taker).patch(f"{BASE}/{pid}/indicators/{cpi.pk}", {"visibility": "private", "owner_party": own_party})
    assert response.status_code == 403
    assert "Only the party that owns this indicator" in response.json()["detail"]
    cpi.refresh_from_db()
    assert (cpi.visibility, cpi.owner_party_id, cpi.revision) == ("shared", world.access(world.alice).party.pk, revision)
    owner = api("alice")
    assert owner.get(f"{BASE}/{pid}/indicators/{cpi.pk}").status_code == 200
    assert owner.get(f"{BASE}/{pid}/measurements", {"indicator": cpi.pk}).json()["count"] == 3
    assert AuditEvent.objects.filter(partnership=world.partnership).count() == events  # nothing happened, so the owner's feed has nothing to show
    assert list(activity_feed(access=world.access(world.alice))) == feed


@pytest.mark.parametrize("fields", [{"owner_party": "mine"}, {"name": "Ours now"}, {"entry_by": "both"},
                                    {"visibility": "private"}])
def test_the_other_party_cannot_edit_the_owners_fields(world, api, metrics, fields):
    otd, pid = metrics["otd"], world.partnership.pk  # owned by bob's party
    fields = {k: world.access(world.alice).party.pk if v == "mine" else v for k, v in fields.items()}
    assert api("alice").patch(f"{BASE}/{pid}/indicators/{otd.pk}", fields).status_code == 403
    otd.refresh_from_db()
    assert (otd.name, otd.entry_by, otd.visibility, otd.owner_party_id) == (
        "On-time delivery", "owner", "shared", world.access(world.bob).party.pk)


def test_the_other_party_cannot_seize_an_indicator_through_the_page(world, web, metrics):
    cpi = metrics["cpi"]
    response = web("bob").post(f"/partnerships/{world.partnership.slug}/indicators/{cpi.pk}/edit/", {
        "code": "PRIV", "name": "Taken", "kind": "cpi", "direction": "higher_is_better", "target": "100",
        "frequency": "monthly", "aggregation": "average", "weight": "1", "entry_by": "both",
        "owner_party": world.access(world.bob).party.pk, "visibility": "private", "revision": cpi.revision,
    })
    assert response.status_code == 403
    cpi.refresh_from_db()
    assert (cpi.name, cpi.visibility, cpi.owner_party_id) == ("Data protection", "shared", world.access(world.alice).party.pk)


def test_the_owner_cannot_make_a_shared_indicator_private(world, api, metrics):
    cpi, pid = metrics["cpi"], world.partnership.pk
    response = api("alice").patch(f"{BASE}/{pid}/indicators/{cpi.pk}", {"visibility": "private"})
    assert response.status_code == 400 and "stays shared" in response.json()["errors"]["visibility"][0]
    assert Indicator.objects.get(pk=cpi.pk).visibility == "shared"


@pytest.mark.parametrize("code", ["SECRET", "secret", "Secret"])
def test_a_private_code_of_the_other_party_answers_like_an_unused_code(world, api, metrics, code):
    pid = world.partnership.pk
    unused = api("bob").post(f"{BASE}/{pid}/indicators", {"code": "UNUSED", "name": "Unused", "target": 1})
    clash = api("bob").post(f"{BASE}/{pid}/indicators", {"code": code, "name": "Unused", "target": 1})
    assert unused.status_code == clash.status_code == 201
    assert set(unused.json()) == set(clash.json())
    assert api("bob").post(f"{BASE}/{pid}/indicators", {"code": code.lower(), "name": "Again", "target": 1}).json()[
        "errors"]["code"] == ["An indicator with this code already exists in this partnership."]


def test_a_private_code_may_equal_the_other_partys_private_code(world, api, metrics):
    pid = world.partnership.pk
    response = api("bob").post(f"{BASE}/{pid}/indicators",
                               {"code": "secret", "name": "Ours", "target": 1, "visibility": "private"})
    assert response.status_code == 201


def test_the_owner_of_the_clashing_private_indicator_is_asked_to_rename_it(world, api, web, metrics):
    pid, slug = world.partnership.pk, world.partnership.slug
    assert api("bob").post(f"{BASE}/{pid}/indicators", {"code": "SECRET", "name": "Shared", "target": 1}).status_code == 201
    page = web("alice").get(f"/partnerships/{slug}/indicators/")
    assert "A shared indicator now uses the code SECRET: rename your private indicator" in page.content.decode()
    assert "rename your private" not in web("bob").get(f"/partnerships/{slug}/indicators/").content.decode()
    # Editing it without renaming is refused; renaming resolves the clash.
    secret = metrics["secret"]
    assert api("alice").patch(f"{BASE}/{pid}/indicators/{secret.pk}", {"name": "Cost"}).json()["errors"]["code"]
    assert api("alice").patch(f"{BASE}/{pid}/indicators/{secret.pk}", {"code": "OUR-COST"}).status_code == 200


def test_an_import_refuses_a_code_naming_a_shared_and_your_private_indicator(world, api, metrics, last_month):
    pid, slug = world.partnership.pk, world.partnership.slug
    assert api("bob").post(f"{BASE}/{pid}/indicators", {"code": "secret", "name": "Shared", "target": 1,
                                                          "entry_by": "both"}).status_code == 201
    rows = [{"partnership": slug, "indicator": "SECRET", "period": f"{last_month:%Y-%m}", "value": "5"}]
    before = Measurement.objects.count()
    result = measurements_import(user=world.alice, rows_or_file=rows, access=world.access(world.alice), source="api")
    assert "rename your private indicator first" in result.errors[0].message
    assert Measurement.objects.count() == before
    # The other party sees only the shared one: its import goes there.
    rows[0]["indicator"] = "secret"
    result = measurements_import(user=world.bob, rows_or_file=rows, access=world.access(world.bob), source="api")
    assert not result.errors and Measurement.objects.get(indicator__code="secret").value == Decimal("5")
