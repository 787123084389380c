import pytest
from django.test import Client

from accord.core.testing import ApiClient, build_world


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is deliberately slow; hashing the test world's passwords with it would dominate the
    # suite's run time. The test that checks Argon2 is the production hasher sets it back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path_factory):
    # Uploaded files (audit photos, attachments) never land in ./var, which the SQLite and
    # PostgreSQL runs of `make test` share while they run side by side.
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    # Ids repeat across tests once their transactions roll back, so cache keys built from ids would too.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def api(world):
    """``api("alice").get(...)``: an API client acting as one of the world's people."""
    clients = {}

    def for_user(name):
        if name not in clients:
            clients[name] = ApiClient(getattr(world, name))
        return clients[name]

    return for_user


@pytest.fixture
def web(world):
    """``web("alice")``: a signed-in browser-less client for one of the world's people."""

    def for_user(name):
        client = Client()
        client.force_login(getattr(world, name))
        return client

    return for_user
