import pytest
from django.db import transaction
from django.test.utils import override_settings

from .sweep_world import build_sweep_world

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as the root conftest.py does per test


@pytest.fixture(scope="module")
def sweep(django_db_setup, django_db_blocker):
    """One sweep world per module; each test runs in its own transaction, rolled back (``db``)."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_sweep_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
