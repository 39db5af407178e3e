"""An iCalendar (RFC 5545) feed of the dated internship periods, in the way of offers.ical:
all-day events from the first to the last day of each internship."""

import datetime

import icalendar
from django.conf import settings
from django.http.request import split_domain_port

PRODID = "-//Bildungsregionen Niedersachsen//Bildungsportal Praktika//DE"


def _vevent(place, *, host, request):
    end = place.ends_on or place.starts_on
    vevent = icalendar.Event.new(
        uid=f"place-{place.pk}@{host}",
        start=place.starts_on,
        end=end + datetime.timedelta(days=1),  # DTEND of an all-day event is exclusive
        summary=f"{place.get_kind_display()}: {place.title} ({place.actor.name})",
        description=place.description,
        location=", ".join(place.address_lines) or None,
        url=request.build_absolute_uri(place.get_absolute_url()),
        categories=[place.get_kind_display()],
        last_modified=place.updated_at,
    )
    if place.has_coordinates:
        vevent.add("geo", (place.latitude, place.longitude))
    return vevent


def places_calendar(places, *, name, request):
    cal = icalendar.Calendar()
    cal.version = "2.0"
    cal.prodid = PRODID
    cal.calscale = "GREGORIAN"
    cal.method = "PUBLISH"
    cal.calendar_name = name
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    host, _port = split_domain_port(request.get_host())
    for place in places:
        cal.add_component(_vevent(place, host=host, request=request))
    return cal.to_ical()
