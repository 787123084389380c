from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import Role
from .services import login_failure_record, login_failures_clear, login_is_locked


class ThrottledAuthenticationForm(AuthenticationForm):
    """Sign-in that refuses a username after too many recent failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": "Too many failed sign-ins for this username. Wait 15 minutes, or reset your password.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and login_is_locked(username=username):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_failure_record(username=username, ip_address=self.request.META.get("REMOTE_ADDR") if self.request else None)
            raise
        login_failures_clear(username=username)
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
