"""The caller's own calendar feed address: /me/calendar."""

from ninja import Router, Schema

from . import services

router = Router(tags=["calendars"])


class CalendarFeedOut(Schema):
    url: str


@router.get("/me/calendar", response=CalendarFeedOut)
def calendar_feed(request):
    """The caller's secret iCalendar address (made on first asking). Anyone holding it reads the caller's
    partnership dates without signing in: rotate it if it leaks."""
    return {"url": services.feed_url(services.calendar_feed_get_or_create(user=request.user))}


@router.post("/me/calendar/rotate", response=CalendarFeedOut)
def calendar_feed_rotate(request):
    """A new secret address; the old one answers 404 from now on."""
    return {"url": services.feed_url(services.calendar_feed_rotate(user=request.user))}
