"""Every page and every API operation, as every kind of actor, against bob's private records.

The routes come from the URL resolver and from the API's OpenAPI document, so a new route is
swept as soon as it exists — once it has its entry in ``routes.py``; without one this fails.

Per route and method, each actor's answer is compared with the answer to the same request for
an id that does not exist (``MISSING_ID``): whoever may not see a thing gets exactly that answer.
- anonymous: the sign-in redirect (pages) or 401 (API), except on public routes;
- charlie (outsider): the 404 of a nonexistent partnership/record, identical body;
- alice (the other party) and victor (its viewer): the 404 of a nonexistent record on bob's
  private records; victor gets 403 on every write of the partnership;
- nobody outside bob's organization ever reads a private marker (``SECRETS``) in any answer,
  and no attack writes anything (the audit trail does not grow);
- bob, last, gets no 404: the URL really names his record, so the 404s above mean something.
No answer is a 5xx.
"""

import functools
import json
import re
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accord.core.models import AuditEvent

from .openapi_walk import minimal, openapi, operations
from .routes import OPERATIONS, PAGES
from .sweep_world import MISSING_ID, MISSING_TEXT, OWNERS, SECRETS

ATTACKERS = ("anonymous", "charlie", "alice", "victor")
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), (namespace + pattern.name) if pattern.name else None


def _api_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


@functools.cache
def _pages() -> dict:
    """URL name → route, for every pattern that is not one of the API's operations."""
    operation_paths = {key.split(" ", 1)[1] for key in operations()}
    pages = {}
    for route, name in _walk(get_resolver().url_patterns):
        if _api_path(route) in operation_paths:
            continue
        assert name, f"URL pattern {route!r} has no name: the sweep cannot reverse it"
        pages[name] = route
    return pages


def test_every_route_has_an_entry_in_the_sweep_table():
    pages, found = set(_pages()), set(operations())
    assert sorted(pages - set(PAGES)) == [], "pages without an entry in tests/security/routes.py PAGES"
    assert sorted(found - set(OPERATIONS)) == [], "API operations without an entry in routes.py OPERATIONS"
    assert sorted(set(PAGES) - pages) == [] and sorted(set(OPERATIONS) - found) == [], "stale entries"


class Actor:
    """A person of the sweep world (or nobody), with a browser session and their API token."""

    def __init__(self, sweep, name):
        self.name, self.client = name, Client(raise_request_exception=False)
        self.user = getattr(sweep.world, name) if name != "anonymous" else None
        self.token = sweep.tokens.get(name)

    def page(self, method, url, data):
        if self.user is not None:
            self.client.force_login(self.user)
        return self.client.get(url) if method == "GET" else self.client.post(url, data)

    def call(self, method, url, body):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        if method == "GET":
            return self.client.get(url, headers=headers)
        return self.client.generic(method, url, json.dumps(body), content_type="application/json", headers=headers)


def _normal(response) -> tuple[int, str]:
    # Masked CSRF tokens differ on every render; nothing else may.
    body = response.content.decode(errors="replace")
    body = re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*', r"\1", body)
    return response.status_code, body


def _ghost(route, kwargs, actor_name):
    """The same URL naming something that does not exist: the record, or for outsiders the partnership."""
    if route.target is None:
        return None
    name = route.target
    if actor_name == "charlie" and route.scope == "shared":
        name = "partnership_id" if "partnership_id" in kwargs else "slug"
    value = kwargs[name]
    return {**kwargs, name: MISSING_ID if isinstance(value, int) else MISSING_TEXT}


def _check(problems, label, actor, route, method, response, ghost, audit_before):
    status = response.status_code
    where = f"{label} {method} as {actor}: {status}"
    if status >= 500:
        problems.append(f"{where} (server error)")
        return
    body = response.content.decode(errors="replace")
    if actor not in OWNERS and any(secret in body for secret in SECRETS):
        problems.append(f"{where} shows a private marker")
    if route.scope == "public" or actor in OWNERS:
        return
    if actor == "anonymous":
        if label.startswith("/api/"):
            if status != 401:
                problems.append(f"{where}, expected 401")
        elif not (status == 302 and "/accounts/login/" in response["Location"]) and status != 405:
            problems.append(f"{where}, expected the sign-in redirect")
        return
    denied = route.scope in ("private", "foreign") or (actor == "charlie" and route.scope == "shared")
    if AuditEvent.objects.count() != audit_before and (denied or (actor == "victor" and route.scope == "shared")):
        problems.append(f"{where} wrote something")
    if denied and ghost is not None and _normal(response) != _normal(ghost):
        problems.append(f"{where} differs from the answer for a nonexistent id ({ghost.status_code})")
    # A viewer may be refused any write form before the record is looked up (403 for a missing id too).
    if denied and route.scope != "foreign" and status not in (404, 405) and not (actor == "victor" and status == 403):
        problems.append(f"{where}, expected 404")
    if actor == "victor" and route.scope == "shared" and method in WRITES and label.startswith("/api/") \
            and status not in (403, 405):
        problems.append(f"{where}, expected 403 for a viewer")


def body_for(operation, route, sweep):
    if route.data:
        # A body that names a record of the sweep world is a function of it.
        return route.data(sweep) if callable(route.data) else route.data
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return {}
    return minimal(content["application/json"]["schema"], openapi()["components"]["schemas"])


def _sweep_one(sweep, label, route, requests):
    """``requests(actor, kwargs, method)`` → response; run every actor then the owner."""
    problems, statuses = [], {}
    kwargs = route.kwargs(sweep)
    for method in requests.methods:
        for name in ATTACKERS:
            actor = Actor(sweep, name)
            with transaction.atomic():
                audit_before = AuditEvent.objects.count()
                response = requests(actor, kwargs, method)
                ghost_kwargs = _ghost(route, kwargs, name)
                ghost = requests(actor, ghost_kwargs, method) if ghost_kwargs else None
                _check(problems, label, name, route, method, response, ghost, audit_before)
                statuses[(name, method)] = response.status_code
                transaction.set_rollback(True)
        if route.scope in ("private", "shared", "foreign"):
            with transaction.atomic():
                response = requests(Actor(sweep, "bob"), kwargs, method)
                if response.status_code == 404 or response.status_code >= 500:
                    problems.append(f"{label} {method} as bob (the owner): {response.status_code} — "
                                    "the entry's kwargs do not name his record")
                transaction.set_rollback(True)
    viewer_post = statuses.get(("victor", "POST"))
    if isinstance(requests, PageRequests) and route.scope == "shared" and viewer_post not in (None, 403, 405) \
            and viewer_post != statuses[("victor", "GET")]:
        # A viewer's POST is refused, unless the page takes no POST at all (then it answers as to a GET).
        problems.append(f"{label} POST as victor: {viewer_post}, expected 403 for a viewer")
    return problems


class PageRequests:
    methods = ("GET", "POST")

    def __init__(self, name, route, sweep):
        self.name, self.route, self.query = name, route, route.query(sweep)

    def __call__(self, actor, kwargs, method):
        url = reverse(self.name, kwargs=kwargs)
        return actor.page(method, f"{url}?{urlencode(self.query)}" if self.query else url, self.route.data)


class ApiRequests:
    def __init__(self, key, route, sweep):
        self.query, self.sweep = route.query(sweep), sweep
        self.method, self.path = key.split(" ", 1)
        self.methods = (self.method,)
        self.operation, self.route = operations()[key], route

    def __call__(self, actor, kwargs, method):
        url = self.path.format(**kwargs)
        query = {parameter["name"]: minimal(parameter["schema"], {}) for parameter in self.operation.get("parameters", [])
                 if parameter["in"] == "query" and parameter.get("required")}
        query.update(self.query)
        if query:
            url += "?" + urlencode(query)
        return actor.call(method, url, body_for(self.operation, self.route, self.sweep))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_isolation(sweep, db, name):
    assert name in _pages(), f"{name} is in routes.PAGES but not a URL pattern"
    route = PAGES[name]
    assert _sweep_one(sweep, reverse(name, kwargs=route.kwargs(sweep)), route, PageRequests(name, route, sweep)) == []


@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_api_isolation(sweep, db, key):
    assert key in operations(), f"{key} is in routes.OPERATIONS but not an API operation"
    route = OPERATIONS[key]
    requests = ApiRequests(key, route, sweep)
    assert _sweep_one(sweep, key.split(" ", 1)[1].format(**route.kwargs(sweep)), route, requests) == []


def test_the_sweep_world_has_its_private_records(sweep, db):
    # Guard the guard: the markers are really in the database, readable by bob.
    bob = Actor(sweep, "bob")
    url = f"/api/v1/partnerships/{sweep.partnership_id}"
    assert "SWEEP-SECRET-PARTY-NOTE" in bob.call("GET", f"{url}/notes/{sweep.private_note}", None).content.decode()
    assert "SWEEP-SECRET-TERM-NOTE" in bob.call("GET", f"{url}/agreement/notes", None).content.decode()
    measurements = bob.call("GET", f"{url}/measurements?{urlencode({'indicator': sweep.private_indicator})}", None)
    assert "SWEEP-SECRET-MEASUREMENT" in measurements.content.decode()
