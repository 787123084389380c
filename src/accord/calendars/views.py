from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from accord.partnerships.access import NOT_FOUND_MESSAGE, partnership_access

from . import selectors, services
from .forms import ReminderPreferenceForm
from .ics import calendar_ics

ICS_TYPE = "text/calendar; charset=utf-8"


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # A feed names a person's meetings: keep it out of shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def feed(request, secret):
    """A person's feed, for calendar applications: the secret in the address is the only credential.
    Unknown and rotated-away secrets get the same 404."""
    user = selectors.feed_owner(secret)
    if user is None:
        raise Http404(NOT_FOUND_MESSAGE)
    content = calendar_ics(selectors.user_entries(user=user), name="Accord: my partnerships", prefix=True,
                           now=timezone.now())
    return _ics_response(content, "accord.ics")


@login_required
def calendar_settings(request):
    """The profile's calendar section: the secret feed address and the e-mail choices."""
    preference = selectors.reminder_preference(request.user)
    form = ReminderPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.reminder_preference_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Your e-mail reminders are saved.")
        return redirect("calendars:settings")
    url = services.feed_url(services.calendar_feed_get_or_create(user=request.user))
    return render(request, "calendars/settings.html", {
        "form": form, "feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[-1]})


@require_POST
@login_required
def feed_rotate(request):
    services.calendar_feed_rotate(user=request.user)
    messages.success(request, "Your calendar has a new address. The old one no longer works: "
                              "subscribe again with the new one.")
    return redirect("calendars:settings")


@require_GET
@login_required
def partnership_calendar(request, slug):
    """The partnership's dates on a page, with the file to download."""
    access = partnership_access(request.user, slug=slug)
    today = timezone.localdate()
    # What is ahead, and the actions still open past their date (the feed keeps them too).
    entries = [entry for entry in selectors.partnership_entries(access=access)
               if entry.day >= today or entry.kind == "action"]
    return render(request, "calendars/partnership.html", {
        "access": access, "partnership": access.partnership, "entries": entries, "today": today})


@require_GET
@login_required
def partnership_ics(request, slug):
    access = partnership_access(request.user, slug=slug)
    content = calendar_ics(selectors.partnership_entries(access=access), name=f"Accord: {access.partnership.name}",
                           prefix=False, now=timezone.now())
    return _ics_response(content, f"{slugify(access.partnership.name)[:80] or 'partnership'}.ics")
