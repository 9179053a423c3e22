"""The "add to calendar" file of a conference (RFC 5545, written with the icalendar library)."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

PRODUCT_ID = "-//PINA//Conferences//EN"


def conference_calendar(conference, *, url: str, host: str) -> bytes:
    """The conference itself is an all-day event: DATE values, with DTEND the day after the last
    day (DTEND is exclusive). Each session with a time becomes its own event, in the venue's time
    zone, with that zone's VTIMEZONE definition included so calendar programs place it correctly.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", conference.title)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    location = conference.place

    event = Event()
    event.add("uid", f"conference-{conference.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("summary", conference.title)
    event.add("dtstart", conference.start_date)
    event.add("dtend", conference.end_date + datetime.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    if location:
        event.add("location", location)
    description = "\n\n".join(part for part in (conference.excerpt, url) if part)
    event.add("description", description)
    event.add("url", url)
    calendar.add_component(event)

    for session in conference.sessions.all():
        starts_at = session.starts_at()
        if starts_at is None:
            continue
        item = Event()
        item.add("uid", f"conference-{conference.pk}-session-{session.pk}@{host}")
        item.add("dtstamp", stamp)
        item.add("summary", f"{session.title} ({conference.title})")
        item.add("dtstart", starts_at)
        ends_at = session.ends_at()
        if ends_at is not None:
            item.add("dtend", ends_at)
        if location:
            item.add("location", location)
        if session.description:
            item.add("description", session.description)
        item.add("url", url)
        calendar.add_component(item)

    calendar.add_missing_timezones()
    return calendar.to_ical()
