"""``core.updates.model_update``: the one way a service changes a record's fields."""

import pytest
from django.core.exceptions import ValidationError

from accord.core.errors import Conflict
from accord.core.models import AuditEvent
from accord.core.updates import UNKNOWN_FIELD, model_update
from accord.partnerships.models import Partnership

FIELDS = ("name", "description", "status")


def _update(world, **kwargs):
    access = world.access(world.alice)
    partnership = Partnership.objects.get(pk=access.partnership.pk)
    return partnership, model_update(access=access, instance=partnership, allowed=FIELDS, **kwargs)


def test_unknown_fields_are_named_with_one_wording(world):
    with pytest.raises(ValidationError) as raised:
        _update(world, fields={"slug": "mine", "created_by": None, "name": "New"})
    assert raised.value.message_dict == {"created_by": [UNKNOWN_FIELD], "slug": [UNKNOWN_FIELD]}
    assert Partnership.objects.get(pk=world.partnership.pk).name == world.partnership.name


def test_a_stale_revision_is_a_conflict_and_writes_nothing(world):
    events = AuditEvent.objects.count()
    with pytest.raises(Conflict):
        _update(world, fields={"name": "Renamed"}, revision=world.partnership.revision + 1)
    assert Partnership.objects.get(pk=world.partnership.pk).name == world.partnership.name
    assert AuditEvent.objects.count() == events


def test_one_audit_event_with_the_changes_and_the_revision_bumped(world):
    before = Partnership.objects.get(pk=world.partnership.pk)
    partnership, changes = _update(world, fields={"name": "  Renamed  ", "description": before.description},
                                   revision=before.revision)
    assert changes == [{"field": "name", "before": before.name, "after": "Renamed"}]
    stored = Partnership.objects.get(pk=world.partnership.pk)
    assert stored.name == "Renamed" and stored.revision == before.revision + 1
    event = AuditEvent.objects.filter(record_type="partnerships.partnership").latest("id")
    assert event.action == "update" and event.changes == changes and event.actor == world.alice


def test_no_change_writes_nothing(world):
    events = AuditEvent.objects.count()
    partnership, changes = _update(world, fields={"name": world.partnership.name})
    assert changes == [] and AuditEvent.objects.count() == events
    assert Partnership.objects.get(pk=world.partnership.pk).revision == world.partnership.revision


def test_a_validation_error_writes_nothing_and_names_every_field(world):
    events = AuditEvent.objects.count()
    rules = lambda partnership: {"description": "Never reached: the fields are checked first."}  # noqa: E731
    with pytest.raises(ValidationError) as raised:
        _update(world, fields={"name": "", "status": "nonsense"}, validate=rules)
    assert set(raised.value.message_dict) == {"name", "status"}
    assert AuditEvent.objects.count() == events
    assert Partnership.objects.get(pk=world.partnership.pk).name == world.partnership.name


def test_the_records_own_rules_run_once_the_fields_are_valid(world):
    with pytest.raises(ValidationError) as raised:
        _update(world, fields={"description": "ok"}, validate=lambda p: {"description": "Not today."})
    assert raised.value.message_dict == {"description": ["Not today."]}


def test_normalize_may_refuse_a_value_for_its_field(world):
    def normalize(name, value):
        if name == "description":
            raise ValidationError("Write words, not numbers.")
        return value

    with pytest.raises(ValidationError) as raised:
        _update(world, fields={"description": "42", "name": ""}, normalize=normalize)
    assert raised.value.message_dict["description"] == ["Write words, not numbers."] and "name" in raised.value.message_dict
