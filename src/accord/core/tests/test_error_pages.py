"""Visitors see friendly error pages; Django's technical pages only when a developer sets DEBUG=true by hand."""

from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import include, path

from accord.core.management.commands import demo as demo_command


def _fails(request):
    raise RuntimeError("secret internals: the database password is hunter2")


urlpatterns = [path("explode/", _fails), path("", include("accord.urls"))]


@pytest.fixture
def demo_configuration(settings, monkeypatch):
    """What ``accord demo`` serves with when nobody set DEBUG by hand."""
    monkeypatch.delenv("DEBUG", raising=False)
    settings.DEBUG = demo_command.demo_debug_pages()
    return settings


def test_demo_runs_without_debug_pages_unless_asked(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    assert demo_command.demo_debug_pages() is False
    monkeypatch.setenv("DEBUG", "true")
    assert demo_command.demo_debug_pages() is True


def test_demo_command_serves_without_debug_and_with_static_files(monkeypatch, settings):
    monkeypatch.delenv("DEBUG", raising=False)
    settings.DEBUG = True  # a fresh clone's default
    seen = {}

    def fake_call_command(name, *args, **options):
        if name == "runserver":
            seen.update(options, debug=django_settings.DEBUG, address=args[0])

    world = mock.Mock(logins=[("alice", "Northwind", "admin", "client")])
    with mock.patch.object(demo_command, "call_command", fake_call_command), \
            mock.patch.object(demo_command, "build_demo", return_value=world):
        call_command("demo")
    assert seen == {"use_reloader": False, "insecure_serving": True, "debug": False, "address": "127.0.0.1:8000"}


@pytest.mark.django_db
def test_a_404_in_the_demo_configuration_lists_no_url_patterns(demo_configuration):
    response = Client().get("/partnerships/no-such-partnership/charter/nothing-here/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and "Back to your partnerships" in body
    assert "URLconf" not in body and "api/v1/" not in body.replace('href="/api/v1/docs"', "")


@pytest.mark.django_db
def test_a_500_in_the_demo_configuration_shows_no_traceback(demo_configuration):
    demo_configuration.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/explode/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "Traceback" not in body and "hunter2" not in body and "RuntimeError" not in body


@pytest.mark.django_db
def test_a_403_page_is_friendly(world, demo_configuration):
    from accord.core.testing import PASSWORD

    client = Client()
    client.login(username="victor", password=PASSWORD)
    response = client.get(f"/partnerships/{world.partnership.slug}/charter/versions/new/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Not allowed" in body and "Traceback" not in body


def test_the_503_page_exists_and_asks_to_retry():
    from django.template.loader import render_to_string

    assert "try again" in render_to_string("503.html")
