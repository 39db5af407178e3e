"""schema.org JSON-LD for offers, events and actors (https://schema.org)."""

from django.utils import timezone

EDUCATIONAL_KINDS = {
    "kita",
    "grundschule",
    "oberschule",
    "gymnasium",
    "igs",
    "foerderschule",
    "bbs",
    "hochschule",
    "vhs",
    "musikschule",
}


def _address(obj):
    if not obj.has_address:
        return None
    return _clean(
        {
            "@type": "PostalAddress",
            "streetAddress": obj.street,
            "postalCode": obj.postcode,
            "addressLocality": obj.city,
            "addressRegion": "Niedersachsen",
            "addressCountry": "DE",
        }
    )


def _geo(obj):
    if not obj.has_coordinates:
        return None
    return {"@type": "GeoCoordinates", "latitude": obj.latitude, "longitude": obj.longitude}


def _clean(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def actor_jsonld(actor, request):
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOrganization" if actor.kind in EDUCATIONAL_KINDS else "Organization",
        "@id": request.build_absolute_uri(actor.get_absolute_url()),
        "name": actor.name,
        "description": actor.description,
        "url": actor.website or request.build_absolute_uri(actor.get_absolute_url()),
        "email": actor.email,
        "telephone": actor.phone,
        "address": _address(actor),
        "geo": _geo(actor),
    }
    return _clean(data)


def _provider(actor, request):
    return _clean(
        {
            "@type": "EducationalOrganization"
            if actor.kind in EDUCATIONAL_KINDS
            else "Organization",
            "name": actor.name,
            "url": request.build_absolute_uri(actor.get_absolute_url()),
        }
    )


def _place(obj):
    """A Place (of an event or an offer), or None when nothing about it is known (not a bare
    {"@type": "Place"})."""
    place = _clean(
        {
            "name": obj.venue or obj.city,
            "address": _address(obj),
            "geo": _geo(obj),
        }
    )
    return {"@type": "Place", **place} if place else None


def offer_jsonld(offer, request, next_event=None):
    """A Course; an offer with a date of its own (an event) is described as an Event."""
    url = request.build_absolute_uri(offer.get_absolute_url())
    common = {
        "@context": "https://schema.org",
        "@id": url,
        "url": url,
        "name": offer.title,
        "description": offer.summary,
        "inLanguage": list(offer.languages),  # BCP 47 codes: "de", "tr"
        "isAccessibleForFree": offer.is_free,
        "dateModified": offer.updated_at.isoformat(),  # auto_now: every saved offer has one
    }
    if offer.is_free:
        offers = {"@type": "Offer", "price": "0", "priceCurrency": "EUR"}
    elif offer.cost is not None:
        offers = {"@type": "Offer", "price": f"{offer.cost:.2f}", "priceCurrency": "EUR"}
    else:
        offers = None
    if next_event is not None:
        data = {
            **common,
            "@type": "Event",
            "startDate": timezone.localtime(next_event.starts_at).isoformat(),
            "endDate": timezone.localtime(next_event.ends_at).isoformat()
            if next_event.ends_at
            else None,
            "eventStatus": "https://schema.org/EventCancelled"
            if next_event.is_cancelled
            else "https://schema.org/EventScheduled",
            "eventAttendanceMode": _attendance_mode(offer.format),
            "location": _place(next_event),
            "organizer": _provider(offer.provider, request),
            "offers": offers,
        }
    else:
        data = {
            **common,
            "@type": "Course",
            "provider": _provider(offer.provider, request),
            "educationalLevel": ", ".join(stage.name for stage in offer.life_stages.all()),
            "about": [topic.name for topic in offer.topics.all()],
            "offers": offers,
            "hasCourseInstance": _clean(
                {
                    "@type": "CourseInstance",
                    "courseMode": _course_mode(offer.format),
                    "location": _place(offer) if offer.format != "online" else None,
                    "courseSchedule": _clean(
                        {
                            "@type": "Schedule",
                            "description": offer.schedule,
                            "startDate": offer.valid_from.isoformat() if offer.valid_from else None,
                            "endDate": offer.valid_until.isoformat() if offer.valid_until else None,
                        }
                    )
                    if offer.schedule or offer.valid_from
                    else None,
                }
            ),
        }
    return _clean(data)


def event_jsonld(event, request):
    url = request.build_absolute_uri(event.get_absolute_url())
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "EducationEvent",
            "@id": url,
            "url": url,
            "name": event.title,
            "description": event.description,
            "startDate": timezone.localtime(event.starts_at).isoformat(),
            "endDate": timezone.localtime(event.ends_at).isoformat() if event.ends_at else None,
            "eventStatus": "https://schema.org/EventCancelled"
            if event.is_cancelled
            else "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": _place(event),
            "organizer": _provider(event.organiser, request),
            "isAccessibleForFree": event.is_free,
            "maximumAttendeeCapacity": event.capacity,
        }
    )


def _course_mode(format_):
    return {"praesenz": "onsite", "online": "online", "hybrid": "blended"}.get(format_, "onsite")


def _attendance_mode(format_):
    return {
        "praesenz": "https://schema.org/OfflineEventAttendanceMode",
        "online": "https://schema.org/OnlineEventAttendanceMode",
        "hybrid": "https://schema.org/MixedEventAttendanceMode",
    }.get(format_, "https://schema.org/OfflineEventAttendanceMode")
