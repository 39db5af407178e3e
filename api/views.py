"""The open data API, /api/v1/: read-only lists and entries of offers, events, actors, regions
and the places of the Ausbildungsregion, with the lists' filters, search and order.

Why Django REST framework with drf-spectacular (and not django-ninja): DRF's
DjangoFilterBackend takes the lists' django-filter FilterSets as they are, and drf-spectacular
describes their filters in the OpenAPI schema from the same classes; django-ninja has its own
filter schemas (pydantic), so every filter would be written a second time.

Every answer is German, JSON only, anonymous (no session, no cookie, no CSRF), GET/HEAD/OPTIONS
only. See api/conditional.py for ETag, CORS and the rate limit.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from actors.filters import ActorFilter
from actors.models import Actor
from careers.filters import PlaceFilter
from careers.models import Place
from offers.filters import EventFilter, OfferFilter
from offers.models import Event, LifeStage, Offer, OfferIndex, Topic, Transition
from regions.models import Region

from . import conditional, serializers
from .filtering import ListFilterBackend

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class Pages(PageNumberPagination):
    """``seite`` as on the list pages; ``pro_seite`` up to MAX_PAGE_SIZE."""

    page_size = PAGE_SIZE
    page_query_param = "seite"
    page_size_query_param = "pro_seite"
    max_page_size = MAX_PAGE_SIZE

    def get_paginated_response(self, data):
        return Response(
            {
                "anzahl": self.page.paginator.count,
                "seite": self.page.number,
                "seiten": self.page.paginator.num_pages,
                "naechste": self.get_next_link(),
                "vorherige": self.get_previous_link(),
                "ergebnisse": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["anzahl", "seite", "seiten", "naechste", "vorherige", "ergebnisse"],
            "properties": {
                "anzahl": {"type": "integer", "description": _("Zahl aller Treffer")},
                "seite": {"type": "integer", "description": _("Nummer dieser Seite")},
                "seiten": {"type": "integer", "description": _("Zahl der Seiten")},
                "naechste": {**link, "description": _("Adresse der nächsten Seite")},
                "vorherige": {**link, "description": _("Adresse der vorigen Seite")},
                "ergebnisse": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["description"] = _("Seite der Liste, ab 1")
            else:
                parameter["description"] = _(
                    "Einträge je Seite (Vorgabe %(size)s, höchstens %(max)s)"
                ) % {"size": PAGE_SIZE, "max": MAX_PAGE_SIZE}
        return parameters


class PublicApiView(generics.GenericAPIView):
    """What every view of the API shares (see the module's docstring)."""

    http_method_names = ["get", "head", "options"]
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [conditional.ClientThrottle]
    # Seconds after which the content may change without a write (upcoming events).
    time_slot = None
    etag = None

    def initial(self, request, *args, **kwargs):
        translation.activate("de")
        request._request.LANGUAGE_CODE = "de"
        super().initial(request, *args, **kwargs)  # content negotiation, rate limit
        if request.method in ("GET", "HEAD"):
            self.etag = conditional.content_etag(request, time_slot=self.time_slot)
            conditional.not_modified(request._request, self.etag)

    def throttled(self, request, wait):
        raise conditional.Refused(wait)

    def handle_exception(self, exc):
        if isinstance(exc, conditional.NotModified):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        conditional.allow_any_origin(response)
        if self.etag and response.status_code in (200, 304):
            response["ETag"] = self.etag
            response["Cache-Control"] = "no-cache"
        return response


class PublicListView(PublicApiView, generics.ListAPIView):
    """A list of the page's FilterSet: the page of keys (and distances) in the list's order
    from the narrow query the page uses, then the entries of that page with what they show
    (``entries()`` of the collection's mixin), in a fixed number of queries."""

    filter_backends = [ListFilterBackend]
    pagination_class = Pages
    radius_origin = None

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        columns = ("pk", "distance") if self.radius_origin is not None else ("pk",)
        page = self.paginate_queryset(queryset.values_list(*columns))
        rows = self.entries().in_bulk([row[0] for row in page])
        shown = []
        for row in page:
            entry = rows.get(row[0])
            if entry is None:
                continue  # withdrawn between the two queries
            entry.distance = row[1] if len(row) > 1 else None
            shown.append(entry)
        return self.get_paginated_response(self.get_serializer(shown, many=True).data)


class PublicDetailView(PublicApiView, generics.RetrieveAPIView):
    """One public entry by its ``id``; any other (unpublished, ended …) is a 404."""

    def get_object(self):
        entry = get_object_or_404(self.entries(), pk=self.kwargs["pk"])
        entry.distance = None
        return entry


def offer_entries():
    named = ("pk", "slug", "name")
    return (
        Offer.objects.public()
        .select_related("provider", "region", "municipality")
        .prefetch_related(
            Prefetch("life_stages", queryset=LifeStage.objects.only(*named)),
            Prefetch("topics", queryset=Topic.objects.only(*named)),
            Prefetch("transitions", queryset=Transition.objects.only(*named)),
        )
    )


def event_entries():
    return (
        Event.objects.public()
        .select_related("organiser", "offer", "region", "municipality")
        .prefetch_related(Prefetch("co_organisers", queryset=Actor.objects.order_by("name")))
    )


def actor_entries():
    return Actor.objects.public().select_related("region", "municipality")


def place_entries():
    return Place.objects.public().select_related(
        "actor", "occupation__field", "region", "municipality"
    )


class OffersMixin:
    serializer_class = serializers.OfferSerializer
    filterset_class = OfferFilter

    def get_queryset(self):
        return OfferIndex.objects.public()

    def entries(self):
        return offer_entries()


class EventsMixin:
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    time_slot = conditional.EVENT_SLOT_SECONDS

    def get_queryset(self):
        return Event.objects.public()

    def entries(self):
        return event_entries()


class ActorsMixin:
    serializer_class = serializers.ActorSerializer
    filterset_class = ActorFilter

    def get_queryset(self):
        return Actor.objects.public()

    def entries(self):
        return actor_entries()


class PlacesMixin:
    serializer_class = serializers.PlaceSerializer
    filterset_class = PlaceFilter

    def get_queryset(self):
        return Place.objects.public()

    def entries(self):
        return place_entries()


DETAIL = _(
    "Ein öffentlicher Eintrag nach seiner id; jeder andere (unveröffentlicht, abgelaufen, "
    "nicht öffentlich) ist nicht gefunden (404)."
)
OFFERS, EVENTS, ACTORS, PLACES, REGIONS = (
    _("Angebote"),
    _("Veranstaltungen"),
    _("Akteure"),
    _("Praktikums- und Ausbildungsplätze"),
    _("Regionen"),
)


@extend_schema(
    tags=[OFFERS],
    summary=_("Angebote suchen und filtern"),
    description=_(
        "Die öffentlichen Bildungsangebote, mit den Filtern und der Suche der Seite "
        "/angebote/ und in ihrer Reihenfolge: bei einer Suche nach Relevanz, in der "
        "Umkreissuche nach Entfernung, sonst die neuesten zuerst (änderbar mit „sortierung“)."
    ),
)
class OfferList(OffersMixin, PublicListView):
    pass


@extend_schema(tags=[OFFERS], summary=_("Ein Angebot"), description=DETAIL)
class OfferDetail(OffersMixin, PublicDetailView):
    pass


@extend_schema(
    tags=[EVENTS],
    summary=_("Veranstaltungen suchen und filtern"),
    description=_(
        "Die öffentlichen Veranstaltungen (auch abgesagte, mit „abgesagt“), mit den Filtern "
        "der Seite /veranstaltungen/: ohne „von“ die kommenden, die früheste zuerst, in der "
        "Umkreissuche die nächste zuerst."
    ),
)
class EventList(EventsMixin, PublicListView):
    pass


@extend_schema(tags=[EVENTS], summary=_("Eine Veranstaltung"), description=DETAIL)
class EventDetail(EventsMixin, PublicDetailView):
    pass


@extend_schema(
    tags=[ACTORS],
    summary=_("Akteure suchen und filtern"),
    description=_("Die öffentlichen Akteure, mit den Filtern und der Suche der Seite /akteure/."),
)
class ActorList(ActorsMixin, PublicListView):
    pass


@extend_schema(tags=[ACTORS], summary=_("Ein Akteur"), description=DETAIL)
class ActorDetail(ActorsMixin, PublicDetailView):
    pass


@extend_schema(
    tags=[PLACES],
    summary=_("Praktikums- und Ausbildungsplätze suchen und filtern"),
    description=_(
        "Die öffentlichen Plätze der Ausbildungsregion, mit den Filtern und der Suche der "
        "Seite /ausbildung-und-praktikum/."
    ),
)
class PlaceList(PlacesMixin, PublicListView):
    pass


@extend_schema(
    tags=[PLACES], summary=_("Ein Praktikums- oder Ausbildungsplatz"), description=DETAIL
)
class PlaceDetail(PlacesMixin, PublicDetailView):
    pass


class RegionsMixin:
    serializer_class = serializers.RegionSerializer

    def get_queryset(self):
        return Region.objects.order_by("name")

    def entries(self):
        return Region.objects.all()


@extend_schema(
    tags=[REGIONS],
    summary=_("Die Bildungsregionen"),
    description=_("Alle Bildungsregionen mit ihrem Bildungsbüro, nach Namen."),
)
class RegionList(RegionsMixin, PublicApiView, generics.ListAPIView):
    pagination_class = Pages


@extend_schema(tags=[REGIONS], summary=_("Eine Bildungsregion"), description=DETAIL)
class RegionDetail(RegionsMixin, PublicDetailView):
    pass
