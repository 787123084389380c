"""Token buckets that slow down guessing and mail floods, kept in the database.

Each kind of attempt has a ``Rate``: a bucket holds up to ``capacity`` tokens and gets one back
every ``refill_seconds``. An attempt takes a token from every bucket it touches (say, the
account-and-address bucket and the address bucket) in one transaction, with the rows locked,
*before* the password is checked or the mail is sent; if any bucket has less than one token,
nothing is taken and the attempt is refused. So 40 parallel guesses get exactly ``capacity``
checks, and an attacker is slowed down to the refill rate instead of locking anybody out.
"""

import datetime
import hashlib
import math
import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from ninja.errors import HttpError

from .models import ThrottleBucket


@dataclass(frozen=True)
class Rate:
    capacity: int
    refill_seconds: float  # one token back every this many seconds


# Settings may override any of these: THROTTLE_RATES = {"signin-address": (30, 10), ...}.
DEFAULT_RATES = {
    # One account from one address: the owner's typos, or a guesser at that address.
    "signin-account-address": Rate(5, 180),
    # One account from addresses it has never signed in from: a spread-out guesser.
    "signin-account-elsewhere": Rate(10, 300),
    # One address, whatever account: one machine trying many accounts.
    "signin-address": Rate(30, 20),
    # Password-reset mails, per address asking and per address mailed.
    "reset-address": Rate(5, 300),
    "reset-email": Rate(3, 1200),
    # Invitation mails (colleagues and parties), per inviting organization and per recipient.
    "invite-organization": Rate(20, 180),
    "invite-recipient": Rate(3, 1200),
}


def rate(name: str) -> Rate:
    override = getattr(settings, "THROTTLE_RATES", {}).get(name)
    return Rate(*override) if override else DEFAULT_RATES[name]


class Throttled(HttpError):
    """Too many attempts: try again in ``retry_after`` seconds.

    An ``HttpError`` so that the API's one handler for those answers 429 with the message;
    pages catch it and show the message.
    """

    def __init__(self, message: str, retry_after: int):
        super().__init__(429, message)
        self.message = message
        self.retry_after = retry_after

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0
    first_refusal: bool = False  # the first refusal in a while: worth one audit event, not one per attempt


def _key(name: str, subject: str) -> str:
    # Subjects are usernames, addresses, e-mails: hash them so keys have one length and no personal data.
    return f"{name}:{hashlib.sha256(subject.lower().encode()).hexdigest()[:40]}"


# A bucket untouched this long is full again for every rate above (the slowest refills in an hour),
# so its row can go: now and then an attempt sweeps them, keeping the table small.
FORGET_AFTER = datetime.timedelta(days=1)
SWEEP_CHANCE = 0.01


@transaction.atomic
def take(*buckets: tuple[str, str]) -> Decision:
    """Take one token from each ``(rate name, subject)`` bucket, or none if any is empty."""
    now = timezone.now()
    if random.random() < SWEEP_CHANCE:
        ThrottleBucket.objects.filter(updated_at__lt=now - FORGET_AFTER).delete()
    rows = []
    # Lock in key order so that two attempts touching the same buckets cannot deadlock.
    for key, name in sorted((_key(name, subject), name) for name, subject in buckets):
        limit = rate(name)
        row, _ = ThrottleBucket.objects.select_for_update().get_or_create(
            key=key, defaults={"tokens": limit.capacity, "updated_at": now}
        )
        elapsed = max(0.0, (now - row.updated_at).total_seconds())
        row.tokens = min(float(limit.capacity), row.tokens + elapsed / limit.refill_seconds)
        row.updated_at = now
        rows.append((row, limit))
    empty = [(row, limit) for row, limit in rows if row.tokens < 1]
    quiet_since = now - datetime.timedelta(seconds=max((limit.refill_seconds for _, limit in rows), default=0))
    first_refusal = any(row.refused_at is None or row.refused_at < quiet_since for row, _ in empty)
    for row, _ in rows:
        if not empty:
            row.tokens -= 1
        elif row.tokens < 1:
            row.refused_at = now
        row.save(update_fields=["tokens", "updated_at", "refused_at"])
    if not empty:
        return Decision(allowed=True)
    retry_after = max(math.ceil((1 - row.tokens) * limit.refill_seconds) for row, limit in empty)
    return Decision(allowed=False, retry_after=retry_after, first_refusal=first_refusal)


def require(*buckets: tuple[str, str], message: str) -> None:
    """``take``, raising ``Throttled`` (with ``message`` and the wait) when refused."""
    decision = take(*buckets)
    if not decision.allowed:
        raise Throttled(message, decision.retry_after)


def refill(name: str, subject: str) -> None:
    """Fill one bucket again: the owner signed in, their earlier typos are forgiven."""
    ThrottleBucket.objects.filter(key=_key(name, subject)).delete()
