"""Calendar entries as an iCalendar document (RFC 5545), written with the ``icalendar`` package.

Meetings carry their start and end in UTC (every calendar application converts to the reader's
zone), a SEQUENCE that rises each time they move, STATUS:CANCELLED once cancelled, and two
display alarms. Due dates are all-day events that do not block the reader's time.
"""

import datetime

import icalendar

from .selectors import CalendarEntry

PRODUCT_ID = "-//Accord//Partnership calendar//EN"


def _event(entry: CalendarEntry, *, stamp: datetime.datetime, prefix: bool) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("summary", f"{entry.partnership_name}: {entry.title}" if prefix else entry.title)
    if entry.all_day:
        event.add("dtstart", entry.start)
        event.add("dtend", entry.start + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        event.add("dtstart", entry.start.astimezone(datetime.UTC))
        event.add("dtend", entry.end.astimezone(datetime.UTC))
    event.add("sequence", entry.sequence)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    event.add("categories", [entry.kind.replace("_", " ")])
    if entry.description:
        event.add("description", f"{entry.description}\n{entry.url}" if entry.url else entry.description)
    if entry.url:
        event.add("url", entry.url)
    if entry.location:
        event.add("location", entry.location)
    for before in entry.alarms:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{entry.title} in {int(before.total_seconds() // 3600)} hours")
        alarm.add("trigger", -before)
        event.add_component(alarm)
    return event


def calendar_ics(entries: list[CalendarEntry], *, name: str, prefix: bool, now: datetime.datetime) -> bytes:
    """The feed named ``name``; ``prefix`` puts the partnership's name before each title (a person's
    feed spans partnerships)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = now.astimezone(datetime.UTC).replace(microsecond=0)
    for entry in entries:
        calendar.add_component(_event(entry, stamp=stamp, prefix=prefix))
    return calendar.to_ical()
