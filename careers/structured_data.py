"""schema.org JSON-LD for a place: a JobPosting (https://schema.org/JobPosting)."""

from django.utils import timezone


def _clean(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def place_jsonld(place, request):
    url = request.build_absolute_uri(place.get_absolute_url())
    address = _clean(
        {
            "@type": "PostalAddress",
            "streetAddress": place.street,
            "postalCode": place.postcode,
            "addressLocality": place.city
            or (place.municipality.name if place.municipality_id else ""),
            "addressRegion": "Niedersachsen",
            "addressCountry": "DE",
        }
    )
    location = _clean(
        {
            "@type": "Place",
            "address": address,
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": place.latitude,
                "longitude": place.longitude,
            }
            if place.has_coordinates
            else None,
        }
    )
    posted = place.published_at or place.created_at
    occupation = place.occupation
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "@id": url,
        "url": url,
        "title": place.title,
        "description": place.description or place.title,
        "datePosted": timezone.localtime(posted).date().isoformat() if posted else None,
        "validThrough": place.valid_until.isoformat() if place.valid_until else None,
        "employmentType": "INTERN" if place.is_internship else "FULL_TIME",
        "hiringOrganization": _clean(
            {
                "@type": "Organization",
                "name": place.actor.name,
                "sameAs": place.actor.website,
                "url": request.build_absolute_uri(place.actor.get_absolute_url()),
            }
        ),
        "jobLocation": location,
        "occupationalCategory": occupation.name if occupation else None,
        "educationRequirements": place.get_certificate_display() if place.certificate else None,
        "jobStartDate": place.starts_on.isoformat() if place.starts_on else None,
        "totalJobOpenings": place.number_of_places,
        "directApply": True,
    }
    return _clean(data)
