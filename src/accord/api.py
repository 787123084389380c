"""The one NinjaAPI: bearer-token auth, a router per app, one place that turns errors into JSON.

Every error body has the same shape: ``{"detail": "...", "errors": {"field": ["message"]}}``.
Every body and query string passes the limits of ``core.inputs`` before a handler runs.
"""

import functools
import re

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from accord.accounts.services import api_token_authenticate
from accord.core import inputs
from accord.core.errors import Conflict, ExplainedNotFound
from accord.core.middleware import RETRY_AFTER_SECONDS, database_is_busy, request_too_large_message
from accord.partnerships.access import NOT_FOUND_MESSAGE


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class CheckedParser(Parser):
    """JSON and query strings, refused (400 naming the field) when a value breaks ``core.inputs``."""

    def parse_body(self, request):
        return inputs.decode_json(request.body)

    def parse_querydict(self, data, list_fields, request):
        integers = _integer_query_parameters(request)
        for key, values in data.lists():
            for value in values:
                if isinstance(value, str):
                    inputs.check_text(key, value)
                    if key in integers:
                        inputs.check_integer_text(key, value)
        return super().parse_querydict(data, list_fields, request)


ERROR_SCHEMA = {
    "title": "ErrorOut",
    "type": "object",
    "description": "Every error: a sentence, and the messages per field (`__all__` for the request as a whole).",
    "properties": {
        "detail": {"type": "string", "title": "Detail"},
        "errors": {"type": "object", "title": "Errors", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["detail", "errors"],
}
ERROR_STATUSES = {
    400: "Invalid input: the errors name the fields.",
    401: "No valid token.",
    403: "Your role may not do this.",
    404: "Not found, or not yours: the same answer.",
    409: "Changed by someone else since you read it (stale revision), or not allowed in its current state.",
    413: "The request body is too large.",
    503: "The database is busy with a large change; retry after the Retry-After header's seconds.",
}
ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
WRITE_METHODS = {"post", "put", "patch", "delete"}


class AccordAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """ninja's document plus the errors that the handlers below answer for every operation."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"].setdefault("schemas", {})["ErrorOut"] = ERROR_SCHEMA
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                statuses = [400, 404] + ([401] if operation.get("security") else [])
                if method in WRITE_METHODS:
                    statuses += [403, 409, 413, 503]
                for status in statuses:
                    # ninja keys its responses by int status; so do we, or a status would appear twice.
                    documented = operation["responses"].setdefault(status, {
                        "description": ERROR_STATUSES[status],
                        "content": {"application/json": {"schema": dict(ERROR_REF)}},
                    })
                    # An operation with its own error shape (the bulk import's rows) still meets the
                    # input limits first, which answer in the common one.
                    body = documented.get("content", {}).get("application/json", {})
                    if body.get("schema") not in (None, ERROR_REF):
                        body["schema"] = {"anyOf": [body["schema"], dict(ERROR_REF)]}
        return schema


api = AccordAPI(
    title="Accord API",
    version="1",
    description="The shared workspace of a partnership: same rules as the web pages.",
    auth=BearerToken(),
    urls_namespace="api",
    parser=CheckedParser(),
)


@functools.cache
def _integer_query_parameters_by_operation() -> dict[tuple[str, str], frozenset[str]]:
    """(method, OpenAPI path) → the names of its integer query parameters, read from our own schema."""
    table = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            names = {
                parameter["name"] for parameter in operation.get("parameters", [])
                if parameter["in"] == "query" and _is_integer(parameter.get("schema", {}))
            }
            table[(method.upper(), path)] = frozenset(names)
    return table


def _is_integer(schema: dict) -> bool:
    return schema.get("type") == "integer" or any(_is_integer(option) for option in schema.get("anyOf", ()))


def _integer_query_parameters(request) -> frozenset[str]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return frozenset()
    path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", match.route)
    return _integer_query_parameters_by_operation().get((request.method, path), frozenset())


def error_response(request, status: int, detail: str, errors: dict | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(Http404)
def not_found(request, exc):
    # One body for "does not exist" and "not yours": nothing about the reason leaks.
    return error_response(request, 404, NOT_FOUND_MESSAGE)


@api.exception_handler(ExplainedNotFound)
def not_found_explained(request, exc):
    # Only raised inside a partnership the caller may see: the reason is theirs to read.
    return error_response(request, 404, str(exc))


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return error_response(request, 403, str(exc) or "You may not do this.")


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return error_response(request, 401, "Authentication required: send 'Authorization: Bearer <token>'.")


@api.exception_handler(Conflict)
def conflict(request, exc):
    return error_response(request, 409, exc.message)


@api.exception_handler(HttpError)
def http_error(request, exc):
    if isinstance(exc.__cause__, inputs.InputRejected):
        # ninja wraps whatever the body parser raised; the cause names the field.
        return rejected_input(request, exc.__cause__)
    response = error_response(request, exc.status_code, str(exc))
    if getattr(exc, "retry_after", None):  # a throttled attempt says when to try again
        response["Retry-After"] = str(int(exc.retry_after))
    return response


@api.exception_handler(inputs.InputRejected)
def rejected_input(request, exc):
    return error_response(request, 400, str(exc), {exc.field: [exc.message]})


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    return error_response(request, 413, request_too_large_message())


@api.exception_handler(OperationalError)
def database_busy(request, exc):
    if not database_is_busy(exc):
        raise exc
    response = error_response(request, 503, "The database is busy; try again in a few seconds.")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@api.exception_handler(DjangoValidationError)
def invalid(request, exc):
    if hasattr(exc, "error_dict"):
        errors = {field: messages for field, messages in exc.message_dict.items()}
    else:
        errors = {"__all__": exc.messages}
    first = next(iter(errors.items()))
    return error_response(request, 400, f"{first[0]}: {first[1][0]}", errors)


@api.exception_handler(SchemaValidationError)
def schema_invalid(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        if location and location[0] == "path":
            # A malformed id in the URL names nothing that exists.
            return error_response(request, 404, NOT_FOUND_MESSAGE)
        field = ".".join(location[1:]) if len(location) > 1 else (location[0] if location else "__all__")
        if location[:1] == ["body"] and len(location) > 2:
            field = ".".join(location[2:])
        errors.setdefault(field or "__all__", []).append(error.get("msg", "Invalid value."))
    first = next(iter(errors.items()), ("__all__", ["Invalid input."]))
    return error_response(request, 400, f"{first[0]}: {first[1][0]}", errors)


def _register_routers() -> None:
    from accord.accounts.api import router as accounts_router
    from accord.agreements.api import router as agreements_router
    from accord.audits.api import router as audits_router
    from accord.calendars.api import router as calendars_router
    from accord.charters.api import router as charters_router
    from accord.governance.api import router as governance_router
    from accord.health.api import router as health_router
    from accord.incentives.api import router as incentives_router
    from accord.markets.api import router as markets_router
    from accord.metrics.api import router as metrics_router
    from accord.partnerships.api import router as partnerships_router
    from accord.pricing.api import router as pricing_router
    from accord.reviews.api import router as reviews_router

    api.add_router("", accounts_router)
    api.add_router("/partnerships", partnerships_router)
    # Each domain app's routes live under /partnerships/{partnership_id}/... (or /portfolio).
    api.add_router("", charters_router)
    api.add_router("", agreements_router)
    api.add_router("", metrics_router)
    api.add_router("", incentives_router)
    api.add_router("", governance_router)
    api.add_router("", markets_router)
    api.add_router("", audits_router)
    api.add_router("", pricing_router)
    api.add_router("", calendars_router)
    api.add_router("", reviews_router)
    api.add_router("", health_router)


_register_routers()
