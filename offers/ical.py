"""iCalendar (RFC 5545) feeds of events, in the time zone Europe/Berlin."""

import zoneinfo

import icalendar
from django.conf import settings
from django.http.request import split_domain_port
from django.utils import timezone

PRODID = "-//Bildungsregionen Niedersachsen//Bildungsportal//DE"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _location(event):
    return ", ".join(part for part in [event.venue, *event.address_lines] if part)


def events_calendar(events, *, name, request):
    """A VCALENDAR with one VEVENT per event; cancelled events carry STATUS:CANCELLED."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    host, _port = split_domain_port(request.get_host())  # "[::1]:8000" gives "[::1]"
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", f"event-{event.pk}@{host}")
        vevent.add("dtstamp", timezone.now())
        vevent.add("dtstart", timezone.localtime(event.starts_at, BERLIN))
        if event.ends_at:
            vevent.add("dtend", timezone.localtime(event.ends_at, BERLIN))
        summary = event.title
        if event.is_cancelled:
            summary = f"Abgesagt: {summary}"
        vevent.add("summary", summary)
        vevent.add("description", event.description)
        location = _location(event)
        if location:
            vevent.add("location", location)
        if event.has_coordinates:
            vevent.add("geo", (event.latitude, event.longitude))
        vevent.add("url", request.build_absolute_uri(event.get_absolute_url()))
        vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        vevent.add("categories", [event.get_kind_display()])
        vevent.add("last-modified", event.updated_at)
        # A cancellation is a revision: clients update an event when SEQUENCE grows.
        vevent.add("sequence", 1 if event.is_cancelled else 0)
        organiser = event.organiser
        if organiser.email:
            org = icalendar.vCalAddress(f"mailto:{organiser.email}")
            org.params["cn"] = icalendar.vText(organiser.name)
            vevent.add("organizer", org)
        cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()
