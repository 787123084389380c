"""The limits every request passes before a handler runs (``core.inputs``, ``core.middleware``)."""

import json

import pytest
from django.db import OperationalError
from django.test import Client

from accord.core.testing import PASSWORD
from accord.partnerships.models import PartyNote

HUGE = "99999999999999999999"
NOT_FOUND = {"detail": "Not found.", "errors": {}}


def raw_post(api_client, path, body: str | bytes):
    return api_client.client.post(path, body, content_type="application/json", headers=api_client._headers())


def notes_url(world):
    return f"/api/v1/partnerships/{world.partnership.pk}/notes"


def test_huge_ids_in_an_api_path_are_the_ordinary_404(world, api):
    p = world.partnership.pk
    missing = api("alice").get(f"/api/v1/partnerships/{p}/notes/987654321")
    for path in (f"/api/v1/partnerships/{HUGE}", f"/api/v1/partnerships/{p}/notes/{HUGE}",
                 f"/api/v1/partnerships/{HUGE}/agreement/versions/{HUGE}"):
        response = api("alice").get(path)
        assert response.status_code == 404 and response.json() == missing.json() == NOT_FOUND


def test_huge_ids_in_a_page_url_are_the_ordinary_404(world, web):
    slug = world.partnership.slug
    assert web("alice").get(f"/partnerships/{slug}/notes/{HUGE}/edit/").status_code == 404
    assert web("alice").get(f"/partnerships/invitations/{HUGE}/respond/").status_code == 404


@pytest.mark.parametrize("query, field", [("offset", "offset"), ("limit", "limit")])
def test_huge_integers_in_a_query_are_a_400_naming_the_parameter(world, api, query, field):
    response = api("alice").get(notes_url(world), {query: HUGE})
    assert response.status_code == 400 and list(response.json()["errors"]) == [field]


def test_digits_in_a_text_query_are_text(world, api):
    # Only parameters the schema declares as integers are bounded: a search for a long number is a search.
    response = api("alice").get(notes_url(world), {"search": HUGE + HUGE})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_nul_in_a_query_is_a_400(world, api):
    response = api("alice").get(notes_url(world), {"search": "a\x00b"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["search"]


@pytest.mark.parametrize("body, field", [
    ('{"text": "a\\ud800b"}', "text"),
    ('{"text": "a\\u0000b"}', "text"),
    ('{"text": "ok", "visibility": "shared", "x\\ud800": 1}', "x\ud800"),
    ('{"text": NaN}', "text"),
    ('{"text": Infinity}', "text"),
    ('{"text": -Infinity}', "text"),
    ('{"text": 1e999999}', "text"),
    ('{"text": 1e-999999}', "text"),
    ('{"text": "ok", "revision": 99999999999999999999}', "revision"),
    ('{"text": "ok", "revision": ' + "9" * 5000 + "}", "revision"),
    ('{"text": "ok", "deep": ' + "[" * 40 + "]" * 40 + "}", "deep" + ".0" * 32),
    ("[" * 100000 + "]" * 100000, "__all__"),
    ('{"text": "unterminated', "__all__"),
])
def test_json_bodies_that_no_field_can_hold_are_a_400_naming_the_field(world, api, body, field):
    response = raw_post(api("alice"), notes_url(world), body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not PartyNote.objects.exists()


def test_a_body_over_the_limit_is_a_413_in_the_api_format(world, api, settings):
    body = json.dumps({"text": "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = raw_post(api("alice"), notes_url(world), body)
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request body is too large") and response.json()["errors"] == {}
    assert not PartyNote.objects.exists()


def test_ten_megabytes_of_json_is_a_413(world, api):
    response = raw_post(api("alice"), notes_url(world), '{"text": "' + "a" * 10_000_000 + '"}')
    assert response.status_code == 413 and "detail" in response.json()


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_a_form_post_over_the_limit_is_a_413_page(world, web, settings, encoding):
    url, text = f"/partnerships/{world.partnership.slug}/notes/new/", "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    if encoding == "urlencoded":
        response = web("alice").post(url, f"text={text}&visibility=private",
                                     content_type="application/x-www-form-urlencoded")
    else:
        response = web("alice").post(url, {"text": text, "visibility": "private"})
    assert response.status_code == 413 and b"too large" in response.content
    assert not PartyNote.objects.exists()


def test_nul_in_a_form_is_refused_beside_the_field(world, web):
    response = web("alice").post(f"/partnerships/{world.partnership.slug}/notes/new/",
                                 {"text": "a\x00b", "visibility": "private"})
    assert response.status_code == 422 and b"Null characters are not allowed" in response.content
    assert not PartyNote.objects.exists()


def test_every_form_text_field_refuses_nul():
    import importlib
    import pkgutil

    from django import forms
    from django.core.validators import ProhibitNullCharactersValidator

    import accord

    for module in pkgutil.walk_packages(accord.__path__, "accord."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    stack, checked = list(forms.BaseForm.__subclasses__()), 0
    while stack:
        form = stack.pop()
        stack.extend(form.__subclasses__())
        if not form.__module__.startswith("accord."):
            continue
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.CharField):
                checked += 1
                assert any(isinstance(v, ProhibitNullCharactersValidator) for v in field.validators), (form, name)
    assert checked > 10


def test_unknown_api_paths_and_methods_answer_in_the_api_format(world, api):
    response = api("alice").get("/api/v1/no/such/thing")
    assert response.status_code == 404 and response.json() == NOT_FOUND
    assert Client().get("/api/v1/nothing-here").json() == NOT_FOUND
    response = api("alice").client.put(notes_url(world), "{}", content_type="application/json",
                                       headers=api("alice")._headers())
    assert response.status_code == 405 and response.json()["detail"] and "GET" in response["Allow"]


def test_api_docs_carry_the_content_security_policy_and_load_nothing_from_elsewhere(client, settings):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    page = response.content.decode()
    assert "http://" not in page and "https://" not in page and "/static/ninja/swagger-ui-bundle.js" in page
    assert "<script>" not in page  # only external scripts from our origin and a JSON data block


def _locked(*args, **kwargs):
    raise OperationalError("database is locked")


def test_a_locked_database_is_a_503_with_retry_after_in_the_api(world, api, monkeypatch):
    monkeypatch.setattr("accord.partnerships.notes.note_create", _locked)
    response = api("alice").post(notes_url(world), {"text": "hello"})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["detail"].startswith("The database is busy")


def test_a_locked_database_is_a_friendly_503_page(world, web, monkeypatch):
    monkeypatch.setattr("accord.partnerships.notes.note_create", _locked)
    response = web("alice").post(f"/partnerships/{world.partnership.slug}/notes/new/",
                                 {"text": "hello", "visibility": "private"})
    assert response.status_code == 503 and response["Retry-After"] == "5" and b"Busy for a moment" in response.content


def test_other_database_errors_are_not_disguised_as_busy(world, api, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("no such table: nothing")

    monkeypatch.setattr("accord.partnerships.notes.note_create", broken)
    with pytest.raises(OperationalError):
        api("alice").post(notes_url(world), {"text": "hello"})


def test_a_locked_database_after_the_view_is_still_a_503(world, monkeypatch):
    """The session is saved by its middleware once the view has answered: a lock there used to be a 500."""
    monkeypatch.setattr("django.contrib.sessions.middleware.SessionMiddleware.process_response", _locked)
    response = Client(raise_request_exception=False).post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert b"Busy for a moment" in response.content
    api_response = Client(raise_request_exception=False).get("/api/v1/partnerships")
    assert api_response.status_code == 503 and api_response.json()["detail"].startswith("The database is busy")


def test_any_other_failure_after_the_view_is_the_friendly_500(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("django.contrib.sessions.middleware.SessionMiddleware.process_response", broken)
    response = Client(raise_request_exception=False).post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 500 and "Retry-After" not in response
    assert b"Something went wrong on our side" in response.content
