"""Lists for other websites: /einbetten/angebote/ and /einbetten/veranstaltungen/.

A Gemeinde, a school or a Landkreis shows the portal's offers or events on its own site in an
iframe. The embedded page takes the list's filters as query parameters (the same FilterSets and
the same queries as /angebote/ and /veranstaltungen/: ``offer_listing``, ``event_listing``),
plus ``anzahl`` (entries per page) and ``titel`` (its heading). It has no header, footer,
filter form or script, sets no cookie (it would be a third-party cookie on the embedding site)
and links open the portal in the top window with absolute URLs.

Framing: every other page of the portal refuses it (X-Frame-Options DENY, CSP frame-ancestors
'none'); these pages drop X-Frame-Options and allow any website – or, for a region whose
Bildungsbüro keeps a list of websites (``Region.embed_origins``), only those (and the portal
itself, for the preview of the admin's snippet generator). The list is public content: saving
a region starts a new page-cache generation, so a cached embed never keeps an old policy.

``EmbedSnippetForm`` is the snippet generator of the admin (portal.admin_site): the staff of a
region choose the list, its filters, the number of entries and the height, and get the
``<iframe>`` code.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

from bildungsregion import page_cache
from bildungsregion.links import absolute_url
from bildungsregion.views import PAGE_SIZE
from regions.models import Region

from .filters import EventFilter, OfferFilter
from .views import event_listing, offer_count_label, offer_listing

# The embed's own parameters beside the list's filters.
COUNT_PARAM, TITLE_PARAM = "anzahl", "titel"
DEFAULT_COUNT = 5
TITLE_MAX_LENGTH = 120
DEFAULT_HEIGHT, MIN_HEIGHT, MAX_HEIGHT = 600, 200, 3000
# The two lists.
OFFERS, EVENTS = "angebote", "veranstaltungen"


class EmbedOptionsForm(forms.Form):
    """``anzahl`` and ``titel`` of an embedded list."""

    anzahl = forms.IntegerField(
        label=_("Anzahl der Einträge"),
        required=False,
        min_value=1,
        max_value=PAGE_SIZE,
        error_messages={
            "invalid": _("Die Anzahl der Einträge muss eine Zahl von 1 bis 20 sein."),
            "min_value": _("Die Anzahl der Einträge muss eine Zahl von 1 bis 20 sein."),
            "max_value": _("Die Anzahl der Einträge muss eine Zahl von 1 bis 20 sein."),
        },
    )
    titel = forms.CharField(
        label=_("Überschrift"),
        required=False,
        max_length=TITLE_MAX_LENGTH,
        error_messages={
            "max_length": _("Die Überschrift darf höchstens 120 Zeichen lang sein."),
        },
    )

    def options(self):
        """(number of entries, heading or ""): the defaults for what is missing or wrong."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get(COUNT_PARAM) or DEFAULT_COUNT, data.get(TITLE_PARAM) or ""


def frame_ancestors(region):
    """Who may frame an embedded list of ``region`` (None: of all regions): the websites its
    Bildungsbüro listed and the portal itself, or any website."""
    origins = region.embed_origin_list if region is not None else []
    return [CSP.SELF, *origins] if origins else ["*"]


def _embed_response(request, template, context, region):
    """The page, with the portal's CSP but the region's frame-ancestors."""
    policy = {**settings.SECURE_CSP, "frame-ancestors": frame_ancestors(region)}
    return csp_override(policy)(render)(request, template, context)


def _filtered_region(filterset):
    """The region the list is filtered to (directly or by a town of it), or None."""
    data = filterset.form.cleaned_data
    region = data.get("region")
    if region is None and data.get("gemeinde") is not None:
        region = data["gemeinde"].region
    return region


def _errors(*forms_):
    """The messages of wrong parameters: the embedded list shows them instead of a form."""
    return [message for form in forms_ for errors in form.errors.values() for message in errors]


def _context(request, *, filterset, options, page, heading, more_path, count_label):
    _count, title = options.options()
    return {
        "heading": title or heading,
        "page_obj": page,
        "count_label": count_label,
        "errors": _errors(filterset.form, options),
        "more_url": absolute_url(more_path, request),
        "link_base": absolute_url("", request),
        "query_string_without_page": filterset.url_without()[1:],
    }


def list_heading(kind, region):
    """The heading of an embedded list (and the title of its iframe) without a ``titel``."""
    if kind == EVENTS:
        if region is not None:
            return gettext("Veranstaltungen der Bildungsregion %(region)s") % {"region": region}
        return gettext("Veranstaltungen der Bildungsregionen")
    if region is not None:
        return gettext("Angebote der Bildungsregion %(region)s") % {"region": region}
    return gettext("Angebote der Bildungsregionen")


@xframe_options_exempt
@page_cache.query_params(*OfferFilter.url_params(), COUNT_PARAM, TITLE_PARAM)
def embed_offers(request):
    """/einbetten/angebote/: the offers of /angebote/ for the same filters."""
    options = EmbedOptionsForm(request.GET)
    count, _title = options.options()
    listing = offer_listing(request.GET, per_page=count)
    region = _filtered_region(listing.asked)
    context = _context(
        request,
        filterset=listing.asked,
        options=options,
        page=listing.page,
        heading=list_heading(OFFERS, region),
        more_path=reverse("offers:offer-list") + listing.asked.canonical_query(),
        count_label=offer_count_label(listing.total),
    )
    context["cards"] = listing.cards
    return _embed_response(request, "offers/embed/offer_list.html", context, region)


@xframe_options_exempt
@page_cache.query_params(*EventFilter.url_params(), COUNT_PARAM, TITLE_PARAM)
def embed_events(request):
    """/einbetten/veranstaltungen/: the events of /veranstaltungen/ for the same filters."""
    options = EmbedOptionsForm(request.GET)
    count, _title = options.options()
    filterset, page = event_listing(request.GET, per_page=count)
    region = _filtered_region(filterset)
    total = page.paginator.count
    context = _context(
        request,
        filterset=filterset,
        options=options,
        page=page,
        heading=list_heading(EVENTS, region),
        more_path=reverse("offers:event-list") + filterset.canonical_query(),
        count_label=ngettext(
            "%(counter)s Veranstaltung gefunden", "%(counter)s Veranstaltungen gefunden", total
        )
        % {"counter": total},
    )
    context["events"] = page.object_list
    return _embed_response(request, "offers/embed/event_list.html", context, region)


# --- the snippet generator (admin) ---------------------------------------------------------

EMBED_URLS = {OFFERS: "offers:embed-offers", EVENTS: "offers:embed-events"}
# The list filters the generator offers, per list (the FilterSets' own fields).
OFFER_FILTERS = ("lebensphase", "thema", "lernform", "format", "kosten", "barrierefrei")
EVENT_FILTERS = ("art", "jahrgang")


def _filter_field(filterset_class, name, help_text):
    """A form field of the list's own filter: the same choices, values and checks."""
    flt = filterset_class.base_filters[name]
    return flt.field_class(label=flt.label, help_text=help_text, **flt.extra)


class EmbedSnippetForm(forms.Form):
    """What the snippet generator asks: the list, its filters, the number of entries, the
    heading and the height. ``regions``: the regions the user works for (all for superusers,
    who may also embed the lists of all regions)."""

    liste = forms.ChoiceField(
        label=_("Liste"),
        choices=[(OFFERS, _("Angebote")), (EVENTS, _("Veranstaltungen"))],
        initial=OFFERS,
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), to_field_name="slug"
    )
    anzahl = forms.IntegerField(
        label=_("Anzahl der Einträge je Seite"),
        min_value=1,
        max_value=PAGE_SIZE,
        initial=DEFAULT_COUNT,
        error_messages=EmbedOptionsForm.base_fields["anzahl"].error_messages,
    )
    titel = forms.CharField(
        label=_("Überschrift"),
        required=False,
        max_length=TITLE_MAX_LENGTH,
        help_text=_("Leer: „Angebote der Bildungsregion …“ bzw. „Veranstaltungen …“."),
        error_messages=EmbedOptionsForm.base_fields["titel"].error_messages,
    )
    hoehe = forms.IntegerField(
        label=_("Höhe in Pixeln"),
        min_value=MIN_HEIGHT,
        max_value=MAX_HEIGHT,
        initial=DEFAULT_HEIGHT,
        error_messages={
            key: _("Die Höhe muss eine Zahl von 200 bis 3000 Pixeln sein.")
            for key in ("invalid", "min_value", "max_value")
        },
    )

    def __init__(self, *args, regions, all_regions=False, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = regions
        region.error_messages["invalid_choice"] = _(
            "Diese Region können Sie nicht wählen: Sie arbeiten nicht für ihr Bildungsbüro."
        )
        if all_regions:
            region.required = False
            region.empty_label = _("alle Regionen")
        else:
            region.empty_label = None
        only_offers, only_events = _("nur für Angebote"), _("nur für Veranstaltungen")
        for name in OFFER_FILTERS:
            self.fields[name] = _filter_field(OfferFilter, name, only_offers)
        for name in EVENT_FILTERS:
            self.fields[name] = _filter_field(EventFilter, name, only_events)
        self.order_fields(["liste", "region", *OFFER_FILTERS, *EVENT_FILTERS])

    def embed_query(self):
        """The embedded list's query parameters, in a fixed order: only the filters of the
        chosen list, only those with a value."""
        data = self.cleaned_data
        names = OFFER_FILTERS if data["liste"] == OFFERS else EVENT_FILTERS
        params = [
            (name, self[name].value())
            for name in ("region", *names)
            if data.get(name) not in (None, "")
        ]
        params.append((COUNT_PARAM, data[COUNT_PARAM]))
        if data["titel"]:
            params.append((TITLE_PARAM, data["titel"]))
        return urlencode(params)

    def embed_path(self):
        return reverse(EMBED_URLS[self.cleaned_data["liste"]]) + "?" + self.embed_query()

    def frame_title(self):
        data = self.cleaned_data
        return data["titel"] or list_heading(data["liste"], data.get("region"))


def embed_snippet(*, url, title, height):
    """The code a website puts where the list shall show: an iframe with a title (what a
    screen reader announces for the frame), loaded when it scrolls into view."""
    return format_html(
        '<iframe src="{}" title="{}" loading="lazy" height="{}" '
        'style="width: 100%; border: 0;"></iframe>',
        url,
        title,
        height,
    )
