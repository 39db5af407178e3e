from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bildungsregion import page_cache, throttle
from bildungsregion.links import absolute_url
from bildungsregion.views import is_htmx, paginate
from regions.hosts import canonical_url
from regions.models import Region
from usage.models import SearchList
from usage.notes import note_search

from . import check, services
from .check import CheckForm
from .filters import PlaceFilter
from .forms import ContactForm
from .ical import places_calendar
from .models import Occupation, OccupationField, Place
from .structured_data import place_jsonld

PLACE_RELATED = ("actor", "occupation__field", "region", "municipality")


@page_cache.query_params(*PlaceFilter.url_params())
def place_list(request):
    filterset = PlaceFilter(request.GET, queryset=Place.objects.public(), request=request)
    page = paginate(request, filterset.sorted_qs().select_related(*PLACE_RELATED))
    htmx = is_htmx(request)
    template = "careers/place_list.html#results" if htmx else "careers/place_list.html"
    response = render(
        request,
        template,
        {
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page,
            "places": page.object_list,
            "facets": filterset.facets(),
            "active_filters": filterset.active_filters(),
            "canonical_url": filterset.canonical_url(request.path, page.number),
            "ics_query": request.GET.urlencode(),
            "is_htmx": htmx,
            "has_origin": getattr(filterset.form, "origin", None) is not None,
        },
    )
    return note_search(
        response,
        listing=SearchList.PLACES,
        results=page.paginator.count,
        filterset=filterset,
        page=page.number,
    )


@page_cache.query_params(*PlaceFilter.url_params())
def internship_calendar(request):
    """The dated internships of the list's filters as iCalendar."""
    filterset = PlaceFilter(
        request.GET, queryset=Place.objects.public().internships().dated(), request=request
    )
    places = filterset.sorted_qs().select_related(*PLACE_RELATED)[:500]
    body = places_calendar(places, name=_("Praktika – Bildungsregionen"), request=request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="praktika.ics"'
    return response


def _public_place(slug):
    place = get_object_or_404(Place.objects.select_related(*PLACE_RELATED), slug=slug)
    if not place.is_public:
        raise Http404
    return place


@require_http_methods(["GET", "HEAD", "POST"])
def place_detail(request, slug):
    """A place, with the form to write to its employer. A sent message redirects with a
    confirmation; too many from one client get the form back, as typed, with 429."""
    place = _public_place(slug)
    refused = False
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            allowed = throttle.hit(
                "careers-contact:client",
                throttle.client_address(request),
                settings.CAREERS_CONTACT_LIMIT_PER_CLIENT,
            )
            if allowed:
                if not form.is_spam():
                    services.place_contact_send(
                        place=place,
                        name=form.cleaned_data["name"],
                        contact_email=form.cleaned_data["contact_email"],
                        message=form.cleaned_data["message"],
                        place_url=absolute_url(place.get_absolute_url(), request),
                    )
                messages.success(
                    request,
                    _(
                        "Ihre Nachricht ist unterwegs zu %(actor)s. Eine Kopie geht an Ihre "
                        "E-Mail-Adresse."
                    )
                    % {"actor": place.actor.name},
                )
                return redirect(place)
            form.add_error(None, throttle.refusal_message())
            refused = True
    else:
        form = ContactForm()
    others = (
        Place.objects.public()
        .filter(actor=place.actor)
        .exclude(pk=place.pk)
        .select_related("occupation")
        .order_by("starts_on", "title")[:6]
    )
    response = render(
        request,
        "careers/place_detail.html",
        {
            "place": place,
            "others": others,
            "jsonld": place_jsonld(place, request),
            "form": form,
            "can_contact": bool(place.contact_address),
            # On the host of its region if that has one (regions.hosts): one address only.
            "canonical_url": canonical_url(request, request.path, place.region),
        },
    )
    return throttle.refused(response) if refused else response


def occupation_list(request):
    public = Place.objects.public()
    fields = OccupationField.objects.prefetch_related(
        Prefetch(
            "occupations",
            queryset=Occupation.objects.annotate(
                n_places=Count("places", filter=Q(places__in=public))
            ),
        )
    )
    return render(request, "careers/occupation_list.html", {"fields": fields})


def selected_region(request):
    """The region of ``?region=<slug>`` (None: all regions, also for an unknown slug)."""
    slug = request.GET.get("region", "")
    return Region.objects.filter(slug=slug).first() if slug else None


def public_occupation(slug):
    return get_object_or_404(Occupation.objects.select_related("field"), slug=slug)


def occupation_context(request, occupation):
    """The context of an occupation's page: its places (of the selected region, if one is),
    the region choice and the other occupations of the field. portal's page adds the events
    and offers for it (portal.occupations)."""
    region = selected_region(request)
    places = (
        Place.objects.public()
        .filter(occupation=occupation)
        .select_related(*PLACE_RELATED)
        .order_by("region__name", "starts_on", "title")
    )
    if region is not None:
        places = places.filter(region=region)
    by_region = {}
    for place in places:
        by_region.setdefault(place.region, []).append(place)
    return {
        "occupation": occupation,
        "places_by_region": list(by_region.items()),
        "region": region,
        "regions": Region.objects.order_by("name").only("name", "slug"),
        "related": Occupation.objects.in_field(occupation.field)
        .exclude(pk=occupation.pk)
        .only("name", "slug"),
    }


@page_cache.query_params("region")
def occupation_detail(request, slug):
    occupation = public_occupation(slug)
    return render(
        request, "careers/occupation_detail.html", occupation_context(request, occupation)
    )


@require_http_methods(["GET", "HEAD", "POST"])
def careers_check(request):
    """The Berufswahl-Check (careers.check): the statements, and after sending them the
    matching occupational fields. Computed from the request alone; nothing is stored, and the
    answer may not be kept by any cache."""
    result = None
    if request.method == "POST":
        form = CheckForm(request.POST)
        if form.is_valid():
            type_scores = check.scores(form.cleaned_data)
            fields = OccupationField.objects.prefetch_related(
                Prefetch("occupations", queryset=Occupation.objects.only("name", "slug", "field"))
            )
            result = {
                "scores": type_scores,
                "matches": check.matching_fields(type_scores, fields),
                "plz": form.cleaned_data.get("plz") or "",
                "answered": any(form.cleaned_data.get(key) for key, *_rest in check.STATEMENTS),
            }
    else:
        form = CheckForm()
    response = render(
        request,
        "careers/check.html",
        {"form": form, "result": result, "offers_url": _offers_url()},
    )
    response["Cache-Control"] = "no-store"
    return response


def _offers_url():
    """The offers of the transition school–work (offers' list, by its URL name: careers does
    not import offers)."""
    try:
        return reverse("offers:offer-list") + "?lebensphase=uebergang-schule-beruf"
    except NoReverseMatch:
        return ""
