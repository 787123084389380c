""""Waiting on you": the things a person should act on, gathered from every app.

Each app contributes through one small interface: a *provider* is a function
``provider(user, accesses) -> Iterable[WaitingItem]`` registered with ``@waiting_provider``
(usually in the app's ``waiting.py``, imported from its ``AppConfig.ready``). ``accesses`` are
the caller's ``PartnershipAccess`` objects for every partnership they can see, so a provider
reads only through the visibility rule and never looks a partnership up itself.
``items_for(user)`` runs every provider and sorts the result: overdue first, then by due date.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class WaitingItem:
    """One thing to act on: what, where, by when, and the link that acts on it."""

    kind: str  # e.g. "signature", "invitation", "measurement_due", "review_due", "warning"
    title: str
    url: str
    partnership: object | None = None
    due: datetime.date | None = None
    detail: str = ""

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today


Provider = Callable[[object, list], Iterable[WaitingItem]]
_providers: list[Provider] = []


def waiting_provider(function: Provider) -> Provider:
    """Register ``function`` as a source of "waiting on you" items (idempotent)."""
    if function not in _providers:
        _providers.append(function)
    return function


def registered_providers() -> tuple[Provider, ...]:
    return tuple(_providers)


def items_for(user, accesses: list, *, today: datetime.date | None = None) -> list[WaitingItem]:
    """Every provider's items for ``user``: overdue first, then soonest due, undated last."""
    today = today or timezone.localdate()
    items = [item for provider in _providers for item in provider(user, accesses)]
    return sorted(
        items,
        key=lambda item: (
            not item.is_overdue(today),
            item.due is None,
            item.due or datetime.date.max,
            item.title,
        ),
    )
