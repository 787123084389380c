from django import forms
from django.contrib.auth.forms import AuthenticationForm

from . import services
from .models import Role
from .throttle import Throttled


def client_address(request) -> str:
    """The address the request came from, as the web server saw it (see docs/security.md on proxies)."""
    return (request.META.get("REMOTE_ADDR") if request else None) or "unknown"


class ThrottledAuthenticationForm(AuthenticationForm):
    """Sign-in whose attempts are taken from the throttle's buckets before the password is checked."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        if username and self.cleaned_data.get("password"):
            try:
                services.signin_attempt(username=username, address=address)
            except Throttled as exc:
                raise forms.ValidationError(exc.message, code="throttled") from None
        cleaned = super().clean()
        if self.get_user() is not None:  # an empty field leaves nobody signed in: nothing to remember
            services.signin_succeeded(user=self.get_user(), username=username, address=address)
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Role.choices, initial=Role.CONTRIBUTOR)


class InvitationAcceptForm(forms.Form):
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    username = forms.CharField(max_length=150)
    password = forms.CharField(widget=forms.PasswordInput, help_text="At least 8 characters, not only digits.")


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. “ERP export”.")
