"""Request-wide rules: the content security policy, input limits, and errors in the API's one format."""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

from accord.core.inputs import LARGEST_INTEGER
from accord.partnerships.access import NOT_FOUND_MESSAGE

API_PREFIX = "/api/"
# How long a client should wait after a 503 for a busy database: about one busy timeout.
RETRY_AFTER_SECONDS = 5
BUSY_MESSAGE = "The database is busy; try again in a few seconds."


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def database_is_busy(exc: Exception) -> bool:
    """SQLite's "database is locked"/"busy": another writer held the lock past the busy timeout."""
    message = str(exc).lower()
    return isinstance(exc, OperationalError) and ("database is locked" in message or "database is busy" in message)


def request_too_large_message() -> str:
    return f"The request body is too large (at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes)."


def api_error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": {}}, status=status)


def server_error(request):
    """``handler500``: also reached by errors raised outside any view (a session saved by its
    middleware after the view ran), which ``process_exception`` never sees. A busy database there is
    still a 503 to retry, not a failure. Renders without the request's context: no database needed."""
    exc = sys.exc_info()[1]
    if exc is not None and database_is_busy(exc):
        status, detail, template = 503, BUSY_MESSAGE, "503.html"
    else:
        status, detail, template = 500, "Something went wrong on our side.", "500.html"
    response = api_error(status, detail) if is_api(request) else HttpResponse(
        loader.render_to_string(template, {"detail": detail}), status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class ContentSecurityPolicyMiddleware:
    """Adds the site's content security policy to every response, the API's docs page included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        return response


class RequestLimitsMiddleware:
    """Answers requests that no view should see, and keeps API errors in the API's format.

    - A body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (file uploads excepted: they have
      their own limit) → 413 before anything reads it.
    - An id in the URL too large for any database column → the ordinary 404; Django's ``<int:>``
      converter accepts any number of digits and the database driver would overflow.
    - The database stayed locked past the busy timeout → 503 with ``Retry-After``.
    - Under ``/api/``, an error that Django or ninja answered in HTML or plain text (an unknown
      path, a method not allowed) → the same status in the JSON error format.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._body_too_large(request):
            response = self._error_page(request, 413, request_too_large_message(), "413.html")
        else:
            response = self.get_response(request)
        if is_api(request) and response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            response = self._as_json(response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not -LARGEST_INTEGER <= value <= LARGEST_INTEGER:
                if is_api(request):
                    return api_error(404, NOT_FOUND_MESSAGE)
                raise Http404(NOT_FOUND_MESSAGE)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            # A multipart form whose fields (not files) exceed the limit: known only once read.
            return self._error_page(request, 413, request_too_large_message(), "413.html")
        if not database_is_busy(exception):
            return None
        response = self._error_page(request, 503, BUSY_MESSAGE, "503.html")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @staticmethod
    def _body_too_large(request) -> bool:
        if request.content_type == "multipart/form-data":
            return False
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return limit is not None and length > limit

    @staticmethod
    def _error_page(request, status: int, detail: str, template: str):
        if is_api(request):
            return api_error(status, detail)
        return render(request, template, {"detail": detail}, status=status)

    @staticmethod
    def _as_json(response):
        detail = NOT_FOUND_MESSAGE if response.status_code == 404 else (response.reason_phrase or "Error") + "."
        converted = api_error(response.status_code, detail)
        for header in ("Allow", "Retry-After"):
            if header in response:
                converted[header] = response[header]
        return converted
