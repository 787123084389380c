"""Sign-in, password-reset and invitation throttling (docs/security.md, "Throttling")."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from accord.accounts import throttle
from accord.accounts.models import Invitation, KnownAddress, ThrottleBucket
from accord.accounts.services import invitation_create
from accord.core.models import AuditEvent
from accord.core.testing import PASSWORD

LOGIN = "/accounts/login/"


def _sign_in(username, password, address):
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username, "password": password})


def _refused(response) -> bool:
    return response.status_code == 200 and "Too many sign-in attempts" in response.content.decode()


@override_settings(THROTTLE_RATES={"signin-account-address": (3, 600)})
def test_guesses_from_one_address_are_slowed_but_the_owner_signs_in_from_their_usual_address(world):
    assert _sign_in("alice", PASSWORD, "10.0.0.1").status_code == 302  # alice's usual address
    for _ in range(3):
        assert "Please enter a correct username" in _sign_in("alice", "wrong", "203.0.113.9").content.decode()
    # The attacker's address gets no more checks, not even with the right password…
    assert _refused(_sign_in("alice", PASSWORD, "203.0.113.9"))
    # …while the owner, at home, is not locked out.
    assert _sign_in("alice", PASSWORD, "10.0.0.1").status_code == 302
    # And one refusal in a while reaches the organization's trail, not one per attempt.
    _sign_in("alice", "wrong", "203.0.113.9")
    events = AuditEvent.objects.filter(organization=world.client_org, event_type="signin.throttled")
    assert events.count() == 1 and events.get().details["address"] == "203.0.113.9"


@override_settings(THROTTLE_RATES={"signin-account-elsewhere": (4, 600), "signin-account-address": (100, 1)})
def test_guesses_spread_over_many_addresses_are_slowed_for_new_addresses_only(world):
    _sign_in("bob", PASSWORD, "10.0.0.2")
    for n in range(4):
        _sign_in("bob", "wrong", f"198.51.100.{n}")
    assert _refused(_sign_in("bob", PASSWORD, "198.51.100.200"))
    assert _sign_in("bob", PASSWORD, "10.0.0.2").status_code == 302
    assert KnownAddress.objects.filter(user=world.bob).count() == 1


@override_settings(THROTTLE_RATES={"signin-address": (5, 600)})
def test_one_address_trying_many_accounts_is_slowed(world):
    outcomes = [_sign_in(name, "wrong", "192.0.2.7") for name in ("alice", "bob", "charlie", "victor", "maya", "alice")]
    assert [_refused(r) for r in outcomes] == [False] * 5 + [True]
    # Accounts that do not exist count the same: the answer reveals nothing about who is registered.
    assert _refused(_sign_in("nobody-at-all", "wrong", "192.0.2.7"))
    assert _sign_in("alice", PASSWORD, "192.0.2.8").status_code == 302


def test_a_successful_sign_in_forgives_the_owners_typos(world):
    for _ in range(4):
        _sign_in("alice", "wrong", "10.0.0.1")
    assert _sign_in("alice", PASSWORD, "10.0.0.1").status_code == 302
    for _ in range(4):
        assert not _refused(_sign_in("alice", "wrong", "10.0.0.1"))


def test_buckets_refill_with_time(db, settings):
    settings.THROTTLE_RATES = {"signin-address": (1, 60)}
    assert throttle.take(("signin-address", "192.0.2.1")).allowed
    refused = throttle.take(("signin-address", "192.0.2.1"))
    assert not refused.allowed and 1 <= refused.retry_after <= 60 and refused.first_refusal
    assert not throttle.take(("signin-address", "192.0.2.1")).first_refusal
    bucket = ThrottleBucket.objects.get()
    bucket.updated_at -= datetime.timedelta(seconds=61)
    bucket.save()
    assert throttle.take(("signin-address", "192.0.2.1")).allowed


def test_a_refused_attempt_takes_nothing_from_the_other_buckets(db, settings):
    settings.THROTTLE_RATES = {"signin-address": (1, 600), "signin-account-address": (5, 600)}
    throttle.take(("signin-address", "a"))
    assert not throttle.take(("signin-address", "a"), ("signin-account-address", "alice|a")).allowed
    assert ThrottleBucket.objects.get(key=throttle._key("signin-account-address", "alice|a")).tokens == 5


@pytest.mark.django_db(transaction=True)
@override_settings(THROTTLE_RATES={"signin-account-address": (5, 3600)})
def test_forty_parallel_guesses_get_exactly_five_checks():
    """The counter cannot race: each attempt takes its token under a row lock before the check.

    On PostgreSQL the attempts run in parallel threads (each with its own connection); SQLite
    has one writer at a time, so there they run one after another and the count is the same.
    """
    parallel = connection.vendor == "postgresql"
    start = threading.Barrier(8 if parallel else 1)

    def attempt(_):
        from django.db import connection as thread_connection

        try:
            if parallel:
                start.wait(timeout=10)
            return throttle.take(("signin-account-address", "alice|203.0.113.9")).allowed
        finally:
            if parallel:
                thread_connection.close()

    with ThreadPoolExecutor(max_workers=8 if parallel else 1) as pool:
        results = list(pool.map(attempt, range(40)))
    assert results.count(True) == 5


@override_settings(THROTTLE_RATES={"reset-email": (2, 3600)})
def test_password_reset_mails_are_throttled_per_address_mailed(world, client):
    for _ in range(2):
        assert client.post("/accounts/password-reset/", {"email": "alice@example.com"}).status_code == 302
    response = client.post("/accounts/password-reset/", {"email": "alice@example.com"})
    assert response.status_code == 200 and "Too many password-reset requests" in response.content.decode()
    assert len(mail.outbox) == 2
    # Unknown addresses are counted alike, so the answer tells nothing about accounts.
    for _ in range(2):
        client.post("/accounts/password-reset/", {"email": "ghost@example.com"})
    assert "Too many" in client.post("/accounts/password-reset/", {"email": "ghost@example.com"}).content.decode()


@override_settings(THROTTLE_RATES={"reset-address": (3, 3600)})
def test_password_reset_mails_are_throttled_per_asking_address(world):
    asker = Client(REMOTE_ADDR="198.51.100.77")
    for n in range(3):
        assert asker.post("/accounts/password-reset/", {"email": f"someone{n}@example.com"}).status_code == 302
    assert asker.post("/accounts/password-reset/", {"email": "alice@example.com"}).status_code == 200
    assert Client(REMOTE_ADDR="10.0.0.1").post("/accounts/password-reset/", {"email": "alice@example.com"}).status_code == 302


@override_settings(THROTTLE_RATES={"invite-recipient": (1, 3600)})
def test_colleague_invitations_are_throttled_per_recipient(world, web):
    invitation_create(acting_user=world.alice, email="nora@northwind.example", role="viewer")
    Invitation.objects.update(revoked_at=timezone.now())  # withdrawn, so only the throttle stands in the way
    response = web("alice").post("/accounts/organization/", {"email": "nora@northwind.example", "role": "viewer"})
    assert response.status_code == 200 and "Too many invitations" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_long_untouched_buckets_are_swept(db, monkeypatch):
    old = ThrottleBucket.objects.create(key="x", tokens=0, updated_at=timezone.now() - datetime.timedelta(days=2))
    monkeypatch.setattr(throttle, "SWEEP_CHANCE", 1.0)
    throttle.take(("signin-address", "192.0.2.1"))
    assert not ThrottleBucket.objects.filter(pk=old.pk).exists() and ThrottleBucket.objects.count() == 1
