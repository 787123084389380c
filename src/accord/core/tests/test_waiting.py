import datetime

import pytest

from accord.core import waiting
from accord.core.waiting import WaitingItem, items_for, waiting_provider

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture
def only_these_providers(monkeypatch):
    monkeypatch.setattr(waiting, "_providers", [])


def test_items_are_gathered_from_every_provider_overdue_first_then_soonest(only_these_providers):
    @waiting_provider
    def signatures(user, accesses):
        yield WaitingItem(kind="signature", title="Sign charter v3", url="/c", due=TODAY + datetime.timedelta(days=5))
        yield WaitingItem(kind="signature", title="Undated", url="/u")

    @waiting_provider
    def measurements(user, accesses):
        return [
            WaitingItem(kind="measurement_due", title="Enter CSAT", url="/m", due=TODAY - datetime.timedelta(days=2)),
            WaitingItem(kind="measurement_due", title="Enter SAFE", url="/s", due=TODAY + datetime.timedelta(days=1)),
        ]

    waiting_provider(measurements)  # registering twice adds nothing
    titles = [item.title for item in items_for(object(), [], today=TODAY)]
    assert titles == ["Enter CSAT", "Enter SAFE", "Sign charter v3", "Undated"]


def test_providers_receive_the_callers_accesses(only_these_providers):
    seen = []

    @waiting_provider
    def spy(user, accesses):
        seen.append((user, accesses))
        return []

    assert items_for("alice", ["access-1"], today=TODAY) == []
    assert seen == [("alice", ["access-1"])]
