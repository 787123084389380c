"""Pages of the escalation ladder: the list with filters, raising one, one escalation with its ladder and
history (where its steps are taken), and the partnership's targets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.core.errors import Conflict
from accord.core.views import add_service_errors, service_on_form
from accord.partnerships.access import partnership_access

from . import actions, calculations, ladder, selectors
from .escalation_forms import EscalateForm, EscalationForm, ResolveForm, RespondForm, TargetsForm
from .escalation_models import EscalationCategory, EscalationLevel, EscalationSeverity, EscalationStatus
from .forms import ActionForm

FILTERS = ("status", "level", "category", "severity")


@login_required
def escalation_list(request, slug):
    """Every escalation, newest first, with filters; those past their resolution target say so."""
    access = partnership_access(request.user, slug=slug)
    chosen = {name: request.GET.get(name, "") for name in FILTERS}
    page = Paginator(selectors.escalation_list(access=access, **chosen), 50).get_page(request.GET.get("page"))
    return render(request, "governance/escalations.html", {
        "access": access, "partnership": access.partnership, "page": page, "chosen": chosen,
        "today": timezone.localdate(), "overdue": selectors.escalations_overdue(access=access),
        "filters": [(name, choices, chosen[name]) for name, choices in (
            ("status", EscalationStatus.choices), ("level", EscalationLevel.choices),
            ("category", EscalationCategory.choices), ("severity", EscalationSeverity.choices))],
    })


@login_required
def escalation_raise(request, slug):
    access = partnership_access(request.user, slug=slug, write=True)
    form = EscalationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            escalation = ladder.escalation_raise(
                access=access, category=data["category"], severity=data["severity"],
                description=data["description"], concerns_type=data["concerns_type"],
                concerns_id=data["concerns_id"] or None)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Escalation raised at the working level.")
            return redirect("governance:escalation", slug=slug, escalation_id=escalation.pk)
    return render(request, "governance/escalation_raise.html", {
        "access": access, "partnership": access.partnership, "form": form}, status=422 if form.errors else 200)


def _detail(request, access, escalation, forms=None, status=200):
    people = selectors.named_people(access=access)
    # Each form has its own prefix (its step): they share one page, and their fields' ids must not clash.
    forms = {"respond": RespondForm(prefix="respond"), "escalate": EscalateForm(prefix="escalate"),
             "resolve": ResolveForm(people=people, prefix="resolve"),
             "action": ActionForm(people=selectors.party_people(access=access), prefix="action"), **(forms or {})}
    blocker = calculations.escalation_blocker(level=escalation.level, status=escalation.status,
                                              responded=escalation.responded_at is not None,
                                              resolve_by=escalation.resolve_by, today=timezone.localdate())
    return render(request, "governance/escalation.html", {
        "access": access, "partnership": access.partnership, "escalation": escalation, "forms": forms,
        "blocker": blocker, "ladder": calculations.LADDER, "resolved": escalation.status == EscalationStatus.RESOLVED,
        "receiving": access.party.pk != escalation.owner_party_id,
        "overdue": calculations.overdue_for_escalation(status=escalation.status, level=escalation.level,
                                                       resolve_by=escalation.resolve_by, today=timezone.localdate()),
    }, status=status)


@login_required
def escalation_detail(request, slug, escalation_id):
    access = partnership_access(request.user, slug=slug)
    return _detail(request, access, selectors.escalation_get(access=access, escalation_id=escalation_id))


STEPS = {
    "acknowledge": (None, "Acknowledged.", lambda access, escalation, data: ladder.escalation_acknowledge(
        access=access, escalation=escalation)),
    "respond": (RespondForm, "Response recorded.", lambda access, escalation, data: ladder.escalation_respond(
        access=access, escalation=escalation, text=data["text"])),
    "escalate": (EscalateForm, "Escalated one level up.", lambda access, escalation, data: ladder.escalation_escalate(
        access=access, escalation=escalation, text=data["text"])),
    "resolve": (ResolveForm, "Resolved.", lambda access, escalation, data: ladder.escalation_resolve(
        access=access, escalation=escalation, **data)),
    "action": (ActionForm, "Action added.", lambda access, escalation, data: actions.action_create(
        access=access, escalation=escalation, **data)),
}


@login_required
@require_POST
def escalation_step(request, slug, escalation_id, step):
    """One step of the ladder from the escalation's page. A step refused in the escalation's state (409) or for
    the caller's party (403) comes back as a message on the page, with what to do instead."""
    if step not in STEPS:
        raise Http404("No such step.")
    access = partnership_access(request.user, slug=slug, write=True)
    escalation = selectors.escalation_get(access=access, escalation_id=escalation_id)
    form_class, done, service = STEPS[step]
    extra = {"resolve": {"people": selectors.named_people(access=access)},
             "action": {"people": selectors.party_people(access=access)}}.get(step, {})
    form = form_class(request.POST, prefix=step, **extra) if form_class else None
    if form is None or form.is_valid():
        data = {} if form is None else form.service_fields() if step == "action" else form.cleaned_data
        try:
            service(access, escalation, data)
        except (Conflict, PermissionDenied) as exc:
            messages.error(request, exc.message if isinstance(exc, Conflict) else str(exc))
            return redirect("governance:escalation", slug=slug, escalation_id=escalation.pk)
        except ValidationError as exc:
            if form is None:
                raise
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("governance:escalation", slug=slug, escalation_id=escalation.pk)
    return _detail(request, access, escalation, forms={step: form}, status=422)


@login_required
def escalation_targets(request, slug):
    """Response and resolution targets per level, and whether governance feeds the relationship indicators."""
    access = partnership_access(request.user, slug=slug)
    targets = ladder.targets_for(access.partnership)
    initial = {name: getattr(targets, name) for name in (*ladder.TARGET_FIELDS, "feed_indicators")}
    form = TargetsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        access.require_manage()
        if form.is_valid() and service_on_form(form, ladder.targets_update, access=access, **form.cleaned_data):
            messages.success(request, "Targets saved.")
            return redirect("governance:escalation_targets", slug=slug)
    return render(request, "governance/escalation_targets.html", {
        "access": access, "partnership": access.partnership, "form": form, "targets": targets,
    }, status=422 if form.errors else 200)
