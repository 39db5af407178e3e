"""iCalendar (RFC 5545) feeds of events, in the time zone Europe/Berlin."""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.http.request import split_domain_port
from django.utils import timezone

PRODID = "-//Bildungsregionen Niedersachsen//Bildungsportal//DE"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _location(event):
    return ", ".join(part for part in [event.venue, *event.address_lines] if part)


def _organizer(actor):
    if not actor.email:
        return None
    organizer = icalendar.vCalAddress(f"mailto:{actor.email}")
    organizer.name = actor.name
    return organizer


def _vevent(event, *, host, request):
    """One VEVENT, built with icalendar's typed properties; DTSTAMP is the time of the call."""
    vevent = icalendar.Event.new(
        uid=f"event-{event.pk}@{host}",
        start=timezone.localtime(event.starts_at, BERLIN),
        end=timezone.localtime(event.ends_at, BERLIN) if event.ends_at else None,
        summary=f"Abgesagt: {event.title}" if event.is_cancelled else event.title,
        description=event.description,
        location=_location(event) or None,
        url=request.build_absolute_uri(event.get_absolute_url()),
        status="CANCELLED" if event.is_cancelled else "CONFIRMED",
        categories=[event.get_kind_display()],
        last_modified=event.updated_at,
        # A cancellation is a revision: clients update an event when SEQUENCE grows.
        sequence=1 if event.is_cancelled else 0,
        organizer=_organizer(event.organiser),
    )
    if event.has_coordinates:
        vevent.add("geo", (event.latitude, event.longitude))
    return vevent


def events_calendar(events, *, name, request):
    """A VCALENDAR with one VEVENT per event; cancelled events carry STATUS:CANCELLED."""
    cal = icalendar.Calendar()
    cal.version = "2.0"
    cal.prodid = PRODID
    cal.calscale = "GREGORIAN"
    cal.method = "PUBLISH"
    cal.calendar_name = name  # NAME (RFC 7986) and X-WR-CALNAME, which older clients read
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    host, _port = split_domain_port(request.get_host())  # "[::1]:8000" gives "[::1]"
    years = set()
    for event in events:
        cal.add_component(_vevent(event, host=host, request=request))
        years.update(
            timezone.localtime(moment, BERLIN).year
            for moment in (event.starts_at, event.ends_at)
            if moment
        )
    if years:
        # The rules of Europe/Berlin for the years the feed spans only; icalendar's default,
        # 1970 to 2038, writes 69 years of transitions into every feed.
        cal.add_missing_timezones(
            first_date=datetime.date(min(years), 1, 1),
            last_date=datetime.date(max(years) + 1, 1, 1),
        )
    return cal.to_ical()
