from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core.views import add_service_errors, service_on_form
from accord.partnerships import notes
from accord.partnerships.access import partnership_access
from accord.partnerships.notes import NoteForm
from accord.partnerships.notes_views import note_form_page

from . import actions, attendance, proceedings, selectors, services
from .attendance import PREPARATION_NOTES
from .forms import ActionForm, AgendaItemForm, AttendanceForm, MeetingForm, MeetingMoveForm, MinuteForm
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
    meetings = [(m, selectors.quorum_of(m)) for m in selectors.meeting_list(access=access, upcoming=True)[:UPCOMING_SHOWN]]
    held = [(m, selectors.quorum_of(m)) for m in selectors.meeting_list(access=access, held=True)[:UPCOMING_SHOWN]]
    return render(request, "governance/home.html", {
        "access": access, "partnership": access.partnership, "bodies": bodies, "meetings": meetings, "held": held,
        "form": form, "overdue_escalations": selectors.escalations_overdue(access=access),
    }, status=422 if form.errors else 200)


def _meeting_forms(access, meeting, bound=None) -> dict:
    """The forms of the meeting page (``bound`` replaces one that came back with errors)."""
    items = list(meeting.agenda_items.all())
    people = selectors.named_people(access=access)
    # Each form has its own prefix: several sit on one page, and their fields' ids must not clash.
    forms = {"agenda": AgendaItemForm(prefix="agenda"), "minutes": MinuteForm(items=items, prefix="minutes"),
             "decisions": MinuteForm(items=items, prefix="decisions"),
             "actions": ActionForm(people=selectors.party_people(access=access), prefix="actions"),
             "attendance": AttendanceForm(people=people, prefix="attendance", current={
                 row.user_id: row.status for row in meeting.attendance.all()}),
             "preparation": NoteForm(prefix="preparation")}
    return {**forms, **(bound or {})}


def _meeting_page(request, access, meeting, form, bound=None, status=200):
    return render(request, "governance/meeting.html", {
        "access": access, "partnership": access.partnership, "meeting": meeting, "form": form,
        "cancelled": meeting.status == MeetingStatus.CANCELLED, "quorum": selectors.quorum_of(meeting),
        "forms": _meeting_forms(access, meeting, bound), "kind": PREPARATION_NOTES,
        "preparation_notes": notes.note_list(access=access, kind=PREPARATION_NOTES, meeting=meeting.pk),
    }, status=status)


@login_required
def meeting_detail(request, slug, meeting_id):
    """One meeting: its agenda, attendance, minutes, decisions, actions and your party's preparation;
    writers move it here."""
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
    return _meeting_page(request, access, meeting, form, status=422 if form.errors else 200)


# What the meeting page adds: (form, message, service call with the form's data)
MEETING_WRITES = {
    "agenda": (lambda r, items, people: AgendaItemForm(r.POST, prefix="agenda"), "Agenda item added.",
               lambda access, meeting, form: proceedings.agenda_item_add(access=access, meeting=meeting,
                                                                         **form.cleaned_data)),
    "minutes": (lambda r, items, people: MinuteForm(r.POST, items=items, prefix="minutes"), "Minutes added.",
                lambda access, meeting, form: proceedings.minute_add(access=access, meeting=meeting,
                                                                     **form.cleaned_data)),
    "decisions": (lambda r, items, people: MinuteForm(r.POST, items=items, prefix="decisions"), "Decision recorded.",
                  lambda access, meeting, form: proceedings.decision_add(access=access, meeting=meeting,
                                                                         **form.cleaned_data)),
    "actions": (lambda r, items, people: ActionForm(r.POST, people=people, prefix="actions"), "Action added.",
                lambda access, meeting, form: actions.action_create(access=access, meeting=meeting,
                                                                    **form.service_fields())),
    "attendance": (lambda r, items, people: AttendanceForm(r.POST, people=people, prefix="attendance"),
                   "Attendance saved.",
                   lambda access, meeting, form: attendance.attendance_record(access=access, meeting=meeting,
                                                                              entries=form.entries())),
    "preparation": (lambda r, items, people: NoteForm(r.POST, prefix="preparation"), "Preparation note added.",
                    lambda access, meeting, form: notes.note_create(
                        access=access, kind=PREPARATION_NOTES, meeting=meeting, text=form.cleaned_data["text"],
                        visibility=form.cleaned_data["visibility"])),
}


@login_required
@require_POST
def meeting_add(request, slug, meeting_id, what):
    """Add to a meeting from its page: an agenda item, minutes, a decision, an action, the attendance, or a
    preparation note of your party."""
    if what not in MEETING_WRITES:
        raise Http404("Nothing of that kind to add.")
    access = partnership_access(request.user, slug=slug, write=True)
    meeting = selectors.meeting_with_proceedings(access=access, meeting_id=meeting_id)
    make_form, done, service = MEETING_WRITES[what]
    people = (selectors.named_people(access=access) if what == "attendance"
              else selectors.party_people(access=access) if what == "actions" else ())
    form = make_form(request, list(meeting.agenda_items.all()), people)
    if form.is_valid() and service_on_form(form, service, access=access, meeting=meeting, form=form):
        messages.success(request, done)
        return redirect("governance:meeting", slug=slug, meeting_id=meeting.pk)
    move = MeetingMoveForm(initial={"starts_at": meeting.starts_at, "ends_at": meeting.ends_at,
                                    "location": meeting.location})
    return _meeting_page(request, access, meeting, move, bound={what: form}, status=422)


@login_required
def preparation_note_edit(request, slug, note_id):
    """Change one of your party's preparation notes (the other party's are not there for you)."""
    access = partnership_access(request.user, slug=slug, write=True)
    note = notes.note_get(access=access, kind=PREPARATION_NOTES, note_id=note_id, own=True)
    form = NoteForm(request.POST or None, initial={"text": note.text, "visibility": note.visibility,
                                                   "revision": note.revision})
    if request.method == "POST" and form.is_valid():
        if service_on_form(form, notes.note_update, access=access, note=note, revision=form.cleaned_data["revision"],
                           text=form.cleaned_data["text"], visibility=form.cleaned_data["visibility"]):
            messages.success(request, "Note saved.")
            return redirect("governance:meeting", slug=slug, meeting_id=note.meeting_id)
    return note_form_page(request, access, PREPARATION_NOTES, form, note, status=422 if form.errors else 200)


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
                                    overdue=request.GET.get("overdue") == "1",
                                    owner_id=request.user.pk if request.GET.get("mine") == "1" else None)
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    return render(request, "governance/actions.html", {
        "access": access, "partnership": access.partnership, "page": page, "today": timezone.localdate(),
        "rates": selectors.on_time_rates(access=access), "status": request.GET.get("status", ""),
    })
