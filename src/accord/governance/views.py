from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core.views import add_service_errors
from accord.partnerships.access import partnership_access

from . import proceedings, selectors, services
from .forms import MeetingForm, MeetingMoveForm
from .models import MeetingStatus

UPCOMING_SHOWN = 20


@login_required
def governance_home(request, slug):
    """The partnership's bodies, who sits on them, and the meetings coming up."""
    access = partnership_access(request.user, slug=slug)
    bodies = list(selectors.body_list(access=access))
    form = MeetingForm(request.POST or None, bodies=bodies)
    if request.method == "POST":
        access.require_write()
        if form.is_valid():
            data = form.cleaned_data
            try:
                body = selectors.body_get(access=access, body_id=data["body"])
                meeting = services.meeting_create(access=access, body=body, kind=data["kind"],
                                                  starts_at=data["starts_at"], location=data["location"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Meeting added.")
                return redirect("governance:meeting", slug=slug, meeting_id=meeting.pk)
    meetings = selectors.meeting_list(access=access, upcoming=True)[:UPCOMING_SHOWN]
    return render(request, "governance/home.html", {
        "access": access, "partnership": access.partnership, "bodies": bodies, "meetings": meetings, "form": form,
    }, status=422 if form.errors else 200)


@login_required
def meeting_detail(request, slug, meeting_id):
    """One meeting; writers move it here."""
    access = partnership_access(request.user, slug=slug)
    proceedings.agenda_refresh(access=access, meeting=selectors.meeting_get(access=access, meeting_id=meeting_id))
    meeting = selectors.meeting_with_proceedings(access=access, meeting_id=meeting_id)
    form = MeetingMoveForm(request.POST or None, initial={
        "starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "location": meeting.location})
    if request.method == "POST":
        access.require_write()
        if form.is_valid():
            try:
                services.meeting_update(access=access, meeting=meeting, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Meeting moved.")
                return redirect("governance:meeting", slug=slug, meeting_id=meeting.pk)
    return render(request, "governance/meeting.html", {
        "access": access, "partnership": access.partnership, "meeting": meeting, "form": form,
        "cancelled": meeting.status == MeetingStatus.CANCELLED,
    }, status=422 if form.errors else 200)


@login_required
@require_POST
def meeting_cancel(request, slug, meeting_id):
    access = partnership_access(request.user, slug=slug, write=True)
    meeting = selectors.meeting_get(access=access, meeting_id=meeting_id)
    services.meeting_update(access=access, meeting=meeting, status=MeetingStatus.CANCELLED)
    messages.success(request, "Meeting cancelled.")
    return redirect("governance:meeting", slug=slug, meeting_id=meeting.pk)


@login_required
def action_list(request, slug):
    """Every action of the partnership, both parties', with overdue flags and "done on time" per party."""
    access = partnership_access(request.user, slug=slug)
    actions = selectors.action_list(access=access, status=request.GET.get("status", ""),
                                    overdue=request.GET.get("overdue") == "1")
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    return render(request, "governance/actions.html", {
        "access": access, "partnership": access.partnership, "page": page, "today": timezone.localdate(),
        "rates": selectors.on_time_rates(access=access), "status": request.GET.get("status", ""),
    })
