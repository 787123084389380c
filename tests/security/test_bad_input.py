"""Hostile input against every operation, parametrised from the OpenAPI document.

As bob (an admin of the provider, who enters its indicators' values). Per write operation and kind of attack, each field of the body in turn gets the bad value (the
rest of the body is the smallest valid one). Every answer is a 400 naming the field (404 for an
id in the path), in the one error format, and nothing is written (the audit trail does not grow).
Far periods and dates must never break a page afterwards.
"""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from accord.core.models import AuditEvent

from .openapi_walk import minimal, openapi, operations, real_ids
from .sweep_world import SweepWorld

HUGE = "99999999999999999999"
PLACEHOLDER = "__BAD_VALUE__"
# kind → the JSON text that replaces a field's value
LITERALS = {
    "huge_integer": HUGE,
    "huge_negative_integer": "-" + HUGE,
    "lone_surrogate": json.dumps("a\ud800b"),
    "nul": json.dumps("a\x00b"),
    "nan": "NaN",
    "infinity": "Infinity",
    "exponent_overflow": "1e999999",
    "exponent_underflow": "1e-999999",
    "deep_nesting": "[" * 64 + "]" * 64,
}
FAR_PERIODS = ("9999-12", "9999-12-27", "0001-01", "2999-01")
WRITES = ("post", "put", "patch", "delete")



def _components():
    return openapi()["components"]["schemas"]


def _resolve(schema):
    while "$ref" in schema:
        schema = _components()[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _json_body_schema(operation):
    content = operation.get("requestBody", {}).get("content", {})
    return content.get("application/json", {}).get("schema")


def _body_fields(schema):
    """(path to the field, the field's schema) for each field of the body, top level (or first row)."""
    schema = _resolve(schema)
    if schema.get("type") == "array":
        item = _resolve(schema["items"])
        return [((0, name), field) for name, field in item.get("properties", {}).items()]
    return [((name,), field) for name, field in schema.get("properties", {}).items()]


def _write_operations():
    for key, operation in operations().items():
        if key.split(" ", 1)[0].lower() in WRITES and _json_body_schema(operation):
            yield key, operation


def _cases():
    for key, _ in sorted(_write_operations()):
        for kind in LITERALS:
            yield pytest.param(key, kind, id=f"{key} {kind}")


def _ids(sweep: SweepWorld, path: str) -> dict:
    return real_ids(sweep, path)


# Bodies that the service would accept as they are, so that only the attacked field is wrong.
VALID_BODIES = {
    "POST /api/v1/partnerships/{partnership_id}/measurements":
        lambda s: {"indicator": s.shared_indicator, "period": s.period, "value": 97},
    "POST /api/v1/partnerships/{partnership_id}/measurements/bulk":
        lambda s: [{"indicator": "OTD", "period": s.period, "value": 97}],
    "POST /api/v1/partnerships/{partnership_id}/meetings":
        lambda s: {"body": s.body, "starts_at": "2030-01-01T10:00:00Z"},
    "POST /api/v1/partnerships/{partnership_id}/actions":
        lambda s: {"title": "x", "owner": s.world.bob.pk, "owner_party": s.bob_party, "due_date": "2030-01-01"},
    "POST /api/v1/partnerships/{partnership_id}/meetings/{meeting_id}/actions":
        lambda s: {"title": "x", "owner": s.world.bob.pk, "owner_party": s.bob_party, "due_date": "2030-01-01"},
}


def _valid_body(schema, key=None, sweep=None):
    if key in VALID_BODIES:
        return VALID_BODIES[key](sweep)
    body = minimal(schema, _components())
    if _resolve(schema).get("type") == "array":
        row = _resolve(_resolve(schema)["items"])
        body = [minimal(row, _components())]
    return body


def _with_bad_value(body, path, literal) -> str:
    """The body as JSON text with the field at ``path`` replaced by the raw JSON ``literal``."""
    body = json.loads(json.dumps(body))
    target = body
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = PLACEHOLDER
    return json.dumps(body).replace(json.dumps(PLACEHOLDER), literal)


def _send(sweep, method, url, text):
    client = Client(raise_request_exception=False)
    return client.generic(method, url, text, content_type="application/json",
                          headers={"Authorization": f"Bearer {sweep.tokens['bob']}"})


@pytest.mark.parametrize("key, kind", list(_cases()))
def test_bad_values_in_every_body_field_are_a_400_naming_it(sweep, db, key, kind):
    method, path = key.split(" ", 1)
    operation = operations()[key]
    schema = _json_body_schema(operation)
    url = path.format(**_ids(sweep, path))
    problems = []
    for field_path, _ in _body_fields(schema):
        before = AuditEvent.objects.count()
        response = _send(sweep, method, url, _with_bad_value(_valid_body(schema, key, sweep), field_path, LITERALS[kind]))
        name = ".".join(str(part) for part in field_path)
        if response.status_code != 400:
            problems.append(f"{name}: {response.status_code} {response.content[:200]!r}")
        elif not any(error == name or error.startswith(name + ".") for error in response.json().get("errors", {})):
            problems.append(f"{name}: the error does not name the field: {response.content[:200]!r}")
        if AuditEvent.objects.count() != before:
            problems.append(f"{name}: something was written")
    assert problems == []


@pytest.mark.parametrize("key", sorted(key for key, _ in _write_operations()))
def test_a_ten_megabyte_body_is_a_413_in_the_error_format(sweep, db, key):
    method, path = key.split(" ", 1)
    url = path.format(**_ids(sweep, path))
    response = _send(sweep, method, url, json.dumps({"text": "a" * 10_000_000}))
    assert response.status_code == 413 and set(response.json()) == {"detail", "errors"}


def _integer_path_operations():
    for key, operation in sorted(operations().items()):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                yield pytest.param(key, parameter["name"], id=f"{key} {parameter['name']}")


@pytest.mark.parametrize("key, name", list(_integer_path_operations()))
def test_huge_ids_in_every_path_are_the_ordinary_404(sweep, db, key, name):
    method, path = key.split(" ", 1)
    url = path.format(**{**_ids(sweep, path), name: HUGE})
    operation = operations()[key]
    schema = _json_body_schema(operation)
    response = _send(sweep, method, url, json.dumps(_valid_body(schema)) if schema else "")
    assert response.status_code == 404 and response.json() == {"detail": "Not found.", "errors": {}}


def _integer_query_operations():
    for key, operation in sorted(operations().items()):
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            options = schema.get("anyOf", [schema])
            if parameter["in"] == "query" and any(option.get("type") == "integer" for option in options):
                yield pytest.param(key, parameter["name"], id=f"{key} {parameter['name']}")


@pytest.mark.parametrize("key, name", list(_integer_query_operations()))
def test_huge_integers_in_every_query_are_a_400_naming_the_parameter(sweep, db, key, name):
    method, path = key.split(" ", 1)
    url = path.format(**_ids(sweep, path)) + f"?{name}={HUGE}"
    response = _send(sweep, method, url, "")
    assert response.status_code == 400 and list(response.json()["errors"]) == [name]


def _period_cases():
    for key, operation in sorted(operations().items()):
        for parameter in operation.get("parameters", []):
            if "period" in parameter["name"]:
                for period in FAR_PERIODS:
                    yield pytest.param(key, parameter["in"], parameter["name"], period,
                                       id=f"{key} {parameter['name']}={period}")


@pytest.mark.parametrize("key, where, name, period", list(_period_cases()))
def test_far_periods_in_a_url_are_never_a_server_error(sweep, db, key, where, name, period):
    method, path = key.split(" ", 1)
    ids = _ids(sweep, path)
    if where == "path":
        url = path.format(**{**ids, name: period})
    else:
        url = path.format(**ids) + f"?{name}={period}"
    response = _send(sweep, method, url, "")
    assert response.status_code < 500
    if response.status_code >= 400:
        assert set(response.json()) == {"detail", "errors"}


def _date_field_cases():
    for key, operation in sorted(_write_operations()):
        for field_path, field in _body_fields(_json_body_schema(operation)):
            options = [_resolve(option) for option in field.get("anyOf", [field])]
            name = str(field_path[-1])
            if "period" in name or any(option.get("format") == "date" for option in options):
                for value in ("9999-12-31", "0001-01-01", "9999-12", "2999-01", "9999-12-27"):
                    yield pytest.param(key, field_path, value, id=f"{key} {name}={value}")


AFTERWARDS = ("/partnerships/{slug}/", "/partnerships/{slug}/scorecard/", "/portfolio/", "/portfolio/export.csv",
              "/api/v1/partnerships/{partnership_id}/warnings", "/api/v1/portfolio")


@pytest.mark.parametrize("key, field_path, value", list(_date_field_cases()))
def test_far_dates_and_periods_in_a_body_never_break_a_page(sweep, db, key, field_path, value):
    method, path = key.split(" ", 1)
    schema = _json_body_schema(operations()[key])
    url = path.format(**_ids(sweep, path))
    response = _send(sweep, method, url, _with_bad_value(_valid_body(schema, key, sweep), field_path, json.dumps(value)))
    assert response.status_code < 500
    web = Client(raise_request_exception=False)
    web.force_login(sweep.world.bob)
    for page in AFTERWARDS:
        after = page.format(slug=sweep.slug, partnership_id=sweep.partnership_id)
        answer = web.get(after) if not after.startswith("/api/") else _send(sweep, "GET", after, "")
        assert answer.status_code < 500, f"{after} after {value} was {'accepted' if response.status_code < 400 else 'refused'}"


PAGE_PERIODS = [(name, period) for name in ("metrics:scorecard",) for period in FAR_PERIODS]


@pytest.mark.parametrize("name, period", [
    pytest.param(name, period, id=f"{name} period={period}") for name, period in PAGE_PERIODS])
def test_far_periods_in_a_page_query_are_never_a_server_error(sweep, db, name, period):
    web = Client(raise_request_exception=False)
    web.force_login(sweep.world.bob)
    assert web.get(reverse(name, kwargs={"slug": sweep.slug}), {"period": period}).status_code < 500


FORM_VALUES = {"nul": "a\x00b", "huge_integer": HUGE, "far_date": "9999-12-31", "far_period": "9999-12",
               "long_text": "a" * 100_000}


def _form_pages():
    from .routes import PAGES

    return sorted(name for name, route in PAGES.items() if route.scope in ("shared", "private", "account"))


@pytest.mark.parametrize("name", _form_pages())
def test_hostile_values_in_every_form_field_are_never_a_server_error(sweep, db, name):
    from .routes import PAGES

    web = Client(raise_request_exception=False)
    web.force_login(sweep.world.bob)
    url = reverse(name, kwargs=PAGES[name].kwargs(sweep))
    page = web.get(url)
    fields = sorted(set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', page.content.decode(errors="replace"))))
    problems = []
    for field in (f for f in fields if f != "csrfmiddlewaretoken"):
        for kind, value in FORM_VALUES.items():
            response = web.post(url, {field: value})
            if response.status_code >= 500:
                problems.append(f"{field}={kind}: {response.status_code}")
    assert problems == []
