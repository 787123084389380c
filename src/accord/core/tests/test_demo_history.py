"""The demo's history: spread over the partnership's months, and every change in it readable."""

import datetime
import re

import pytest
from django.utils import timezone

from accord.core.audit import Names, change_rows
from accord.core.demo import build_demo
from accord.core.models import AuditEvent


@pytest.fixture
def demo(db):
    return build_demo()


def test_the_history_is_spread_over_months_in_order(demo):
    now = timezone.now()
    for partnership in demo.partnerships.values():
        events = list(AuditEvent.objects.filter(partnership=partnership).order_by("id"))
        moments = [event.at for event in events]
        assert moments == sorted(moments), partnership.name  # in the order they were written
        assert len(set(moments)) == len(moments)
        if len(events) > 2:
            assert moments[-1] - moments[0] > datetime.timedelta(days=60), partnership.name
        assert moments[-1] < now


def test_a_second_run_moves_nothing(demo):
    before = list(AuditEvent.objects.values_list("id", "at"))
    build_demo()
    assert list(AuditEvent.objects.values_list("id", "at")) == before


def test_every_change_in_the_demo_trail_reads_in_words(demo):
    from accord.partnerships.models import Party

    parties = {str(party.pk): party.organization.name for party in Party.objects.select_related("organization")}
    names = Names(parties=parties, people={})
    seen = 0
    for event in AuditEvent.objects.exclude(partnership=None).exclude(changes=[]):
        for change, row in zip(event.changes, change_rows(event, names=names), strict=True):
            seen += 1
            assert "_" not in row["label"], (event.record_type, change)
            for side in ("before", "after"):
                text = row[side]
                assert "{" not in text and "[" not in text, (event.record_type, change, text)
                raw = change[side]
                if isinstance(raw, str) and "_" in raw and " " not in raw:
                    assert text != raw, (event.record_type, change)  # a raw choice such as in_force
                if isinstance(raw, dict):
                    # every key is a name: a party id left as "5: …" would be a failure
                    assert not any(re.search(rf"(^|; ){key}:", text) for key in raw), (event.record_type, text)
    assert seen > 100
