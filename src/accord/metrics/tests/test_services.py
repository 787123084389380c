import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from accord.core.models import AuditEvent
from accord.metrics import periods
from accord.metrics.indicators import services as indicator_services
from accord.metrics.indicators.library import LIBRARY
from accord.metrics.measurements import services as measurement_services
from accord.metrics.models import Indicator, Measurement, MeasurementRevision, ScorecardSettings
from accord.metrics.scorecards import services as scorecard_services


def test_create_validates_code_uniqueness_and_bands(world):
    alice = world.access(world.alice)
    indicator_services.indicator_create(access=alice, code="OTD", name="On time", target=Decimal("95"))
    with pytest.raises(ValidationError) as caught:
        indicator_services.indicator_create(access=world.access(world.bob), code="otd", name="Again", target=Decimal("1"))
    assert "code" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        indicator_services.indicator_create(access=alice, code="X", name="X", target=Decimal("1"),
                                  bands=[{"low": None, "high": "5", "status": "red"},
                                         {"low": "4", "high": None, "status": "green"}])
    assert "Row 2" in caught.value.message_dict["bands"][0]
    assert Indicator.objects.count() == 1


def test_private_indicator_must_be_own(world):
    bob_party = world.access(world.bob).party
    with pytest.raises(ValidationError) as caught:
        indicator_services.indicator_create(access=world.access(world.alice), code="X", name="X", target=Decimal("1"),
                                  visibility="private", owner_party=bob_party.pk)
    assert "visibility" in caught.value.message_dict


def test_viewer_cannot_create(world):
    with pytest.raises(PermissionDenied):
        indicator_services.indicator_create(access=world.access(world.victor), code="X", name="X", target=Decimal("1"))


def test_entry_by_owner_is_enforced(world, metrics, last_month):
    with pytest.raises(PermissionDenied):
        measurement_services.measurement_record(access=world.access(world.alice), indicator=metrics["otd"], period=last_month,
                                    value=Decimal("90"))
    # "both": bob may enter alice's CPI; maya (contributor beside bob) too.
    measurement_services.measurement_record(access=world.access(world.maya), indicator=metrics["cpi"], period=last_month,
                                value=Decimal("99"))


def test_the_other_party_cannot_reach_a_private_indicator(world, metrics, last_month):
    with pytest.raises(Http404):
        measurement_services.measurement_record(access=world.access(world.bob), indicator=metrics["secret"], period=last_month,
                                    value=Decimal("1"))


def test_correction_keeps_the_earlier_value_and_audits(world, metrics, last_month):
    bob = world.access(world.bob)
    before = AuditEvent.objects.count()
    measurement = measurement_services.measurement_record(access=bob, indicator=metrics["otd"], period=last_month,
                                              value=Decimal("91.5"), comment="late trucks")
    assert measurement.value == Decimal("91.5")
    revision = MeasurementRevision.objects.get(measurement=measurement)
    assert revision.value == Decimal("95")
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == before + 1
    assert event.changes == [{"field": f"OTD {last_month.isoformat()}", "before": "95", "after": "91.5"}]
    assert event.record_label == f"OTD for {periods.label(last_month, 'monthly')}"
    # The same value again changes nothing and writes nothing.
    measurement_services.measurement_record(access=bob, indicator=metrics["otd"], period=last_month, value=Decimal("91.5"),
                                comment="late trucks")
    assert MeasurementRevision.objects.count() == 1 and AuditEvent.objects.count() == before + 1


def test_audit_of_a_private_indicator_value_stays_private(world, metrics):
    event = AuditEvent.objects.filter(record_id=str(metrics["secret"].pk)).latest("id")
    assert event.visibility == "private"
    assert not AuditEvent.objects.visible_to(world.access(world.bob).party).filter(pk=event.pk).exists()


@pytest.mark.parametrize("period,fragment", [
    (datetime.date(2026, 1, 15), "does not start"),
    ("2026-01-15", "does not start"),
    ("2026-Q1", "is a quarter"),
    ("January", "not a period"),
    (datetime.date(2999, 1, 1), "future"),
])
def test_period_alignment_errors_name_the_period(world, metrics, period, fragment):
    count = Measurement.objects.count()
    with pytest.raises(ValidationError) as caught:
        measurement_services.measurement_record(access=world.access(world.bob), indicator=metrics["otd"], period=period,
                                    value=Decimal("1"))
    assert fragment in caught.value.message_dict["period"][0]
    assert Measurement.objects.count() == count


def test_bad_value_names_the_value(world, metrics, last_month):
    for value in ("abc", "NaN", "1.1234567"):
        with pytest.raises(ValidationError) as caught:
            measurement_services.measurement_record(access=world.access(world.bob), indicator=metrics["otd"], period=last_month,
                                        value=value)
        assert "value" in caught.value.message_dict


def test_inactive_period_is_refused(world, last_month):
    alice = world.access(world.alice)
    indicator = indicator_services.indicator_create(access=alice, code="NEW", name="New", target=Decimal("1"),
                                          active_from=periods.shift(last_month, "monthly", 1))
    with pytest.raises(ValidationError) as caught:
        measurement_services.measurement_record(access=alice, indicator=indicator, period=last_month, value=Decimal("1"))
    assert "not active" in caught.value.message_dict["period"][0]


def test_record_many_is_all_or_nothing_and_names_the_cell(world, metrics, last_month):
    bob = world.access(world.bob)
    count = Measurement.objects.count()
    earlier = periods.shift(last_month, "monthly", -4)
    with pytest.raises(ValidationError) as caught:
        measurement_services.measurements_record_many(access=bob, entries=[
            {"key": "a", "indicator": metrics["otd"], "period": earlier, "value": "90"},
            {"key": "b", "indicator": metrics["otd"], "period": periods.shift(earlier, "monthly", -1), "value": "x"},
        ])
    assert list(caught.value.message_dict) == ["b"]
    assert caught.value.message_dict["b"][0].startswith("OTD, ")
    assert Measurement.objects.count() == count


def test_library_and_copy(world):
    alice = world.access(world.alice)
    added, skipped = indicator_services.indicators_add_from_library(access=alice, codes=["OTD", "CSAT"])
    assert [i.code for i in added] == ["OTD", "CSAT"] and skipped == []
    added, skipped = indicator_services.indicators_add_from_library(access=alice, codes=["OTD"])
    assert added == [] and skipped == ["OTD"]
    assert len(LIBRARY) >= 10
    from accord.partnerships.services import partnership_create

    other = partnership_create(acting_user=world.alice, name="Laundry", role="client")
    target = world.access(world.alice).__class__(partnership=other, party=other.parties.get(), user=world.alice,
                                                 membership=world.alice.membership)
    copied, skipped = indicator_services.indicators_copy_from(access=target, source_access=alice)
    assert {i.code for i in copied} == {"OTD", "CSAT"}
    assert all(i.owner_party_id == target.party.pk for i in copied)


def test_copy_does_not_take_the_other_partys_private_indicators(world, metrics):
    from accord.partnerships.services import partnership_create

    other = partnership_create(acting_user=world.bob, name="Bob's other", role="provider")
    from accord.partnerships.access import partnership_access

    target = partnership_access(world.bob, partnership_id=other.pk)
    copied, _ = indicator_services.indicators_copy_from(access=target, source_access=world.access(world.bob))
    assert "SECRET" not in {i.code for i in copied}


def test_scorecard_settings(world):
    alice = world.access(world.alice)
    settings = scorecard_services.scorecard_settings_update(access=alice, green_at=Decimal("95"), amber_at=Decimal("85"))
    assert (settings.green_at, settings.amber_at) == (Decimal("95"), Decimal("85"))
    with pytest.raises(ValidationError) as caught:
        scorecard_services.scorecard_settings_update(access=alice, amber_at=Decimal("99"))
    assert "amber_at" in caught.value.message_dict
    assert ScorecardSettings.objects.get().amber_at == Decimal("85")
    with pytest.raises(PermissionDenied):
        scorecard_services.scorecard_settings_update(access=world.access(world.victor), green_at=Decimal("1"))
