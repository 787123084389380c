"""Application errors that services raise and both the HTML views and the API translate.

Validation problems are Django's ``ValidationError`` (with a message per field); not-found
is ``Http404`` (the same for "does not exist" and "not yours"); a role that may not write
is ``PermissionDenied``.
"""

from django.http import Http404


class Conflict(Exception):
    """The record changed since the caller read it; nothing was written."""

    def __init__(self, message: str = "This record was changed by someone else. Reload and try again."):
        super().__init__(message)
        self.message = message


class ExplainedNotFound(Http404):
    """A 404 whose message may be shown: raised only after the caller's access to the partnership is
    established (e.g. "no signed financial model applies to May 2026"), so it reveals nothing to outsiders."""
