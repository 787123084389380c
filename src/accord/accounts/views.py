from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import (
    LoginView,
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
)
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from accord.core.views import add_service_errors

from . import selectors, services
from .forms import (
    ApiTokenForm,
    InvitationAcceptForm,
    InvitationForm,
    RoleForm,
    ThrottledAuthenticationForm,
    client_address,
)
from .models import Role, membership_of
from .throttle import Throttled


class SignInView(LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class ThrottledPasswordResetView(PasswordResetView):
    """Mails a reset link, at most a few times per asking address and per mailed address."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        try:
            services.password_reset_allow(email=form.cleaned_data["email"], address=client_address(self.request))
        except Throttled as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        return super().form_valid(form)


class RevokingPasswordResetConfirmView(PasswordResetConfirmView):
    """A new password by link; the user's API tokens are revoked and every session ends."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user, reset=True)
        return response


class RevokingPasswordChangeView(PasswordChangeView):
    """A new password while signed in; this session stays, the others end and API tokens are revoked."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        revoked = services.password_changed(user=form.user, reset=False)
        messages.success(self.request, f"Password changed. Your other sessions were signed out and "
                                       f"{revoked} API token{'s' if revoked != 1 else ''} revoked.")
        return response


@login_required
def profile(request):
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        token, new_token = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        messages.success(request, f"Token “{token.name}” created. Copy it now: it will not be shown again.")
        form = ApiTokenForm()
    tokens = request.user.api_tokens.active()
    return render(request, "accounts/profile.html", {"form": form, "tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def token_revoke(request, token_id):
    services.api_token_revoke(user=request.user, token_id=token_id)
    messages.success(request, "Token revoked. Programs using it can no longer sign in.")
    return redirect("accounts:profile")


@login_required
def organization(request):
    membership = membership_of(request.user)
    if membership is None:
        return render(request, "accounts/no_organization.html", status=403)
    org = membership.organization
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and membership.is_admin and form.is_valid():
        try:
            invitation, _ = services.invitation_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except Throttled as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("accounts:organization")
    context = {
        "organization": org,
        "members": org.memberships.select_related("user").order_by("user__username"),
        "invitations": org.invitations.pending(),
        "form": form,
        "roles": Role.choices,
    }
    return render(request, "accounts/organization.html", context)


@login_required
@require_POST
def member_role(request, membership_id):
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_set_role(acting_user=request.user, membership_id=membership_id, role=form.cleaned_data["role"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Role changed.")
    else:
        messages.error(request, "Choose a valid role.")
    return redirect("accounts:organization")


@login_required
def organization_audit(request):
    events = selectors.organization_events(acting_user=request.user)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/organization_audit.html",
                  {"organization": membership_of(request.user).organization, "page": page})


def invitation_accept(request, token):
    invitation = services.invitation_get_pending(token=token)
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {invitation.organization.name}.")
            return redirect("partnerships:list")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})
