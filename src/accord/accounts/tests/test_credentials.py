"""Passwords, sessions and API tokens (docs/security.md, "Tokens" and "Sessions")."""

import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.core import mail
from django.db import DatabaseError
from django.test import Client

import accord
from accord.accounts.models import ApiToken
from accord.accounts.services import api_token_authenticate, api_token_create
from accord.core.models import AuditEvent
from accord.core.testing import PASSWORD

NEW_PASSWORD = "a-brand-new-secret-42"


def _me(raw):
    return Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code


def test_password_change_revokes_tokens_and_other_sessions_but_keeps_this_one(world):
    _, raw = api_token_create(user=world.alice, name="ERP")
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        assert client.post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code == 302
    page = here.get("/accounts/password/").content.decode()
    assert "all your API tokens are revoked" in page
    response = here.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                                 "new_password2": NEW_PASSWORD}, follow=True)
    assert "1 API token revoked" in response.content.decode()
    assert here.get("/partnerships/").status_code == 200
    assert elsewhere.get("/partnerships/").status_code == 302  # signed out
    assert _me(raw) == 401
    event = AuditEvent.objects.get(organization=world.client_org, event_type="password.changed")
    assert event.details == {"username": "alice", "tokens_revoked": 1} and event.actor == world.alice


def test_password_reset_revokes_tokens_and_every_session(world, client):
    _, raw = api_token_create(user=world.alice, name="ERP")
    signed_in = Client()
    signed_in.force_login(world.alice)
    client.post("/accounts/password-reset/", {"email": "alice@example.com"})
    path = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_path = client.get(path, follow=True).redirect_chain[-1][0]
    assert "revokes all your API tokens" in client.get(form_path).content.decode()
    response = client.post(form_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert "API tokens revoked" in response.content.decode()
    assert signed_in.get("/partnerships/").status_code == 302
    assert _me(raw) == 401 and not ApiToken.objects.active().filter(user=world.alice).exists()
    assert AuditEvent.objects.filter(organization=world.client_org, event_type="password.reset").count() == 1


def test_other_peoples_tokens_survive_a_password_change(world, web):
    _, bobs = api_token_create(user=world.bob, name="bob's")
    web("alice").post("/accounts/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                              "new_password2": NEW_PASSWORD})
    assert _me(bobs) == 200


def test_token_use_is_noted_at_most_once_a_minute(world, django_assert_max_num_queries, django_assert_num_queries):
    token, raw = api_token_create(user=world.alice, name="ERP")
    # The read, and the one best-effort write in its savepoint (on SQLite, with the busy timeout off and on).
    with django_assert_max_num_queries(7):
        assert api_token_authenticate(raw) == world.alice
    token.refresh_from_db()
    assert token.last_used_at is not None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=None)  # even when the row looks stale…
    with django_assert_num_queries(1):  # …the cache says this minute is written: no write
        assert api_token_authenticate(raw) == world.alice


def test_a_failing_last_used_write_does_not_fail_the_request(world):
    _, raw = api_token_create(user=world.alice, name="ERP")
    with mock.patch("django.db.models.query.QuerySet.update", side_effect=DatabaseError("database is locked")):
        response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json()["user"]["username"] == "alice"


def test_createuser_without_password_or_terminal_says_so_in_one_line(tmp_path):
    env = {"ACCORD_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "DATABASE_URL": "",
           "PYTHONPATH": str(Path(accord.__file__).resolve().parents[1])}
    result = subprocess.run([sys.executable, "-m", "accord.cli", "createuser", "dana", "--email", "dana@example.com",
                             "--organization", "Acme"], env=env, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: No password given: use --password, set $ACCORD_PASSWORD, or run in a terminal."
    ]


def test_sqlite_does_not_wait_for_the_write_lock_while_noting_token_use(db):
    from django.db import connection

    from accord.accounts.services import _without_waiting_for_the_write_lock

    def busy_timeout():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout" if connection.vendor == "sqlite" else "SELECT 5000")
            return int(cursor.fetchone()[0])

    before = busy_timeout()
    with _without_waiting_for_the_write_lock():
        assert busy_timeout() == (0 if connection.vendor == "sqlite" else before)
    assert busy_timeout() == before
