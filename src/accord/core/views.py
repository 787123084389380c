"""Small helpers shared by the HTML views of every app."""

from django.core.exceptions import ValidationError
from django.forms import Form

from .errors import Conflict


def add_service_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form, each message beside its field."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def service_on_form(form: Form, service, /, **kwargs) -> bool:
    """Call ``service(**kwargs)`` for a form's view: its ``ValidationError`` goes beside the fields and
    a ``Conflict`` (a stale revision) above them. True when the service succeeded."""
    try:
        service(**kwargs)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    except Conflict as exc:
        form.add_error(None, exc.message)
        return False
    return True
