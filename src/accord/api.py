"""The one NinjaAPI: bearer-token auth, a router per app, one place that turns errors into JSON.

Every error body has the same shape: ``{"detail": "...", "errors": {"field": ["message"]}}``.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import HttpBearer

from accord.accounts.services import api_token_authenticate
from accord.core.errors import Conflict
from accord.partnerships.access import NOT_FOUND_MESSAGE


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Accord API",
    version="1",
    description="The shared workspace of a partnership: same rules as the web pages.",
    auth=BearerToken(),
    urls_namespace="api",
)


def error_response(request, status: int, detail: str, errors: dict | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


@api.exception_handler(Http404)
def not_found(request, exc):
    # One body for "does not exist" and "not yours": nothing about the reason leaks.
    return error_response(request, 404, NOT_FOUND_MESSAGE)


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
    return error_response(request, exc.status_code, str(exc))


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
    from accord.charters.api import router as charters_router
    from accord.metrics.api import router as metrics_router
    from accord.partnerships.api import router as partnerships_router

    api.add_router("", accounts_router)
    api.add_router("/partnerships", partnerships_router)
    # Each domain app's routes live under /partnerships/{partnership_id}/... (or /portfolio).
    api.add_router("", charters_router)
    api.add_router("", agreements_router)
    api.add_router("", metrics_router)


_register_routers()
