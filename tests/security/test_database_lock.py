"""SQLite under a long write: readers go on (WAL), a blocked writer waits, then fails as "busy" (503)."""

import time

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from accord.core.middleware import database_is_busy


def connection(settings, path, timeout):
    handler = ConnectionHandler({"default": {
        "ENGINE": "django.db.backends.sqlite3", "NAME": str(path),
        "OPTIONS": {**settings.SQLITE_OPTIONS, "timeout": timeout},
    }})
    return handler["default"]


def test_a_writer_blocked_past_the_busy_timeout_fails_as_busy_while_readers_go_on(settings, tmp_path,
                                                                                   django_db_blocker):
    # Two connections of our own to a file database (the test database may be in memory or PostgreSQL).
    path = tmp_path / "locked.sqlite3"
    importer, web = connection(settings, path, 5), connection(settings, path, 0.3)
    django_db_blocker.unblock()
    try:
        with importer.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            cursor.execute("CREATE TABLE measurement (value INTEGER)")
            cursor.execute("INSERT INTO measurement VALUES (1)")
            cursor.execute("BEGIN IMMEDIATE")  # a long import holds the write lock
            cursor.execute("INSERT INTO measurement VALUES (2)")
        with web.cursor() as cursor:
            assert cursor.execute("SELECT count(*) FROM measurement").fetchone()[0] == 1  # reads never wait
        started = time.monotonic()
        with pytest.raises(OperationalError) as failure, web.cursor() as cursor:
            cursor.execute("INSERT INTO measurement VALUES (3)")
        assert time.monotonic() - started >= 0.25  # it waited for the busy timeout first
        assert database_is_busy(failure.value)
        with importer.cursor() as cursor:
            cursor.execute("COMMIT")
        with web.cursor() as cursor:
            cursor.execute("INSERT INTO measurement VALUES (3)")  # the lock is free again
            assert cursor.execute("SELECT count(*) FROM measurement").fetchone()[0] == 3
    finally:
        importer.close()
        web.close()
        django_db_blocker.restore()


def test_sqlite_settings_take_the_write_lock_when_a_transaction_begins(settings):
    # IMMEDIATE: a transaction waits for the lock at BEGIN, instead of failing at its first write
    # after it has read, which SQLite cannot retry.
    assert settings.SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in settings.SQLITE_OPTIONS["init_command"]
    assert settings.SQLITE_OPTIONS["timeout"] >= 1
