from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.accounts.throttle import Throttled
from accord.charters.selectors import charter_review_flag
from accord.core.models import RECORD_KINDS
from accord.core.views import add_service_errors, service_on_form
from accord.metrics.scorecards.selectors import partnership_summary

from . import notes, selectors, services
from .access import partnership_access
from .forms import (
    PartnershipCreateForm,
    PartnershipForm,
    PartyInviteForm,
    PartyJoinForm,
    PartyMemberForm,
)
from .models import Status
from .notes import PARTY_NOTES, NoteForm
from .notes_views import note_create_from_post, note_form_page


@login_required
def partnership_list(request):
    search = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    partnerships = selectors.partnership_list(user=request.user, search=search, status=status)
    page = Paginator(partnerships, 25).get_page(request.GET.get("page"))
    return render(request, "partnerships/list.html", {
        "page": page, "search": search, "status": status, "statuses": Status.choices,
        "invitations": selectors.invitations_pending_for(user=request.user),
    })


@login_required
def partnership_create(request):
    form = PartnershipCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        try:
            partnership = services.partnership_create(acting_user=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Partnership “{partnership.name}” created. Now invite the other party.")
            return redirect("partnerships:detail", slug=partnership.slug)
    return render(request, "partnerships/form.html", {"form": form, "title": "New partnership"})


@login_required
def partnership_detail(request, slug):
    access = partnership_access(request.user, slug=slug)
    return render(request, "partnerships/detail.html", {
        "access": access,
        "partnership": access.partnership,
        "parties": selectors.party_list(access=access),
        "notes": notes.note_list(access=access, kind=PARTY_NOTES)[:20],
        "note_form": NoteForm(), "kind": PARTY_NOTES,
        "events": selectors.activity_entries(access=access, events=selectors.activity_feed(access=access)[:15]),
        "metrics": partnership_summary(access),
        "review": charter_review_flag(access=access),
    })


@login_required
def partnership_edit(request, slug):
    access = partnership_access(request.user, slug=slug, manage=True)
    partnership = access.partnership
    form = PartnershipForm(request.POST or None, instance=partnership, initial={"revision": partnership.revision})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in PartnershipForm.model_fields}
        if service_on_form(form, services.partnership_update, access=access,
                           revision=form.cleaned_data.get("revision"), **data):
            messages.success(request, "Partnership updated.")
            return redirect("partnerships:detail", slug=partnership.slug)
    return render(request, "partnerships/form.html", {"form": form, "title": f"Edit {partnership.name}",
                                                      "partnership": partnership})


@login_required
def party_invite(request, slug):
    access = partnership_access(request.user, slug=slug, manage=True)
    form = PartyInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.party_invite(access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except Throttled as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, services.invitation_sent_message(invitation))
            return redirect("partnerships:party_invite", slug=slug)
    return render(request, "partnerships/invite.html", {
        "form": form, "partnership": access.partnership, "sent": selectors.invitations_sent(access=access),
    })


def party_join(request, token):
    """The sign-up link of a party invitation mailed to someone without an account."""
    invitation = services.partnership_invitation_get_pending(token=token)
    form = PartyJoinForm(request.POST or None)
    if request.method == "POST" and not request.user.is_authenticated and form.is_valid():
        try:
            user = services.party_join(token=token, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to Accord. Accept or decline “{invitation.partnership.name}” below.")
            return redirect("partnerships:list")
    return render(request, "partnerships/join.html", {"invitation": invitation, "form": form})


@login_required
@require_POST
def invitation_respond(request, party_id):
    accept = request.POST.get("answer") == "accept"
    party = services.party_respond(acting_user=request.user, party_id=party_id, accept=accept)
    if accept:
        messages.success(request, f"You joined “{party.partnership.name}” as {party.get_role_display().lower()}.")
        return redirect("partnerships:detail", slug=party.partnership.slug)
    messages.info(request, f"You declined “{party.partnership.name}”.")
    return redirect("partnerships:list")


@login_required
def party_members(request, slug):
    access = partnership_access(request.user, slug=slug, manage=True)
    form = PartyMemberForm(request.POST or None, people=selectors.party_member_candidates(access=access))
    if request.method == "POST" and form.is_valid():
        try:
            services.party_member_add(access=access, user_id=form.cleaned_data["user"].pk, role=form.cleaned_data["role"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Person named on the partnership.")
            return redirect("partnerships:party_members", slug=slug)
    members = access.party.members.select_related("user")
    return render(request, "partnerships/members.html", {"form": form, "partnership": access.partnership,
                                                         "party": access.party, "members": members})


@login_required
@require_POST
def party_member_remove(request, slug, member_id):
    access = partnership_access(request.user, slug=slug, manage=True)
    services.party_member_remove(access=access, member_id=member_id)
    messages.success(request, "Person removed from the partnership.")
    return redirect("partnerships:party_members", slug=slug)


def _notes_panel(request, access, form=None, status=200):
    return render(request, "partnerships/detail.html#notes", {
        "access": access, "partnership": access.partnership, "kind": PARTY_NOTES,
        "notes": notes.note_list(access=access, kind=PARTY_NOTES)[:20], "note_form": form or NoteForm(),
    }, status=status)


@login_required
def note_list(request, slug):
    access = partnership_access(request.user, slug=slug)
    search = request.GET.get("q", "").strip()
    visibility = request.GET.get("visibility", "")
    found = notes.note_list(access=access, kind=PARTY_NOTES, search=search, visibility=visibility)
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(request, "partnerships/notes.html", {"access": access, "partnership": access.partnership,
                                                       "kind": PARTY_NOTES, "page": page, "search": search,
                                                       "visibility": visibility, "note_form": NoteForm()})


@login_required
@require_POST
def note_create(request, slug):
    access = partnership_access(request.user, slug=slug, write=True)
    form, created = note_create_from_post(request, access, PARTY_NOTES)
    if request.htmx:
        return _notes_panel(request, access, None if created else form, status=200 if created else 422)
    if not created:
        return note_form_page(request, access, PARTY_NOTES, form, status=422)
    messages.success(request, "Note added.")
    # The Notes tab adds notes too, and stays there.
    return redirect("partnerships:notes" if request.POST.get("from") == "notes" else "partnerships:detail", slug=slug)


@login_required
def activity(request, slug):
    access = partnership_access(request.user, slug=slug)
    fields = ("kind", "party", "person", "date_from", "date_to")
    chosen = {name: request.GET.get(name, "").strip() for name in fields}
    try:
        filters = selectors.activity_filters_parse(access=access, **chosen)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        filters = selectors.ActivityFilters()
    page = Paginator(selectors.activity_feed(access=access, filters=filters), 50).get_page(request.GET.get("page"))
    page.object_list = selectors.activity_entries(access=access, events=page.object_list)
    return render(request, "partnerships/activity.html", {
        "access": access, "partnership": access.partnership, "page": page, "chosen": chosen,
        "kinds": sorted(RECORD_KINDS.items(), key=lambda item: item[1]),
        "parties": selectors.party_list(access=access), "people": selectors.activity_people(access=access),
    })
