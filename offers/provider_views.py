"""The provider area (/mein-bereich/): the staff of an institution – of any kind: Kita, school,
VHS, music school, library, association, chamber, employer, authority – keep its profile, its
offers and its events current.

Every write goes through offers.moderation (``provider_create``, ``provider_update``,
``provider_end``): a new entry and a substantive change of a published one wait for the
Bildungsbüro, minor changes are public at once. The views only collect the form's values and
say what happened.

Who may do what – the same for every view, tested as a matrix
(tests/offers/test_provider_permissions.py):

- anonymous visitors are sent to the login;
- a logged-in user without an institution (``Actor.objects.of_member``) sees a note on the
  overview and gets 403 on every other page (the staff of a Bildungsbüro, too: they keep
  entries in the admin);
- an entry or institution that is not one of the user's institutions' is 404 – it is not
  theirs to know about.

The views are classes (LoginRequiredMixin, one method per HTTP method; any other method gets
405) rather than decorated functions: mutmut, the mutation tool of `make mutants`, leaves
decorated functions alone, and these views are core code it must reach.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from actors.forms import ActorProfileForm
from actors.models import Actor
from bildungsregion.linkcheck import broken_links_for

from . import moderation, services
from .completeness import completeness, entries_for_completeness, provider_completeness
from .forms import EVENT_FIELDS, OFFER_FIELDS, EventForm, OfferForm, address_initial
from .models import ChangeRequest, EditorialStatus, Event, EventStatus, Offer

# Events a provider may still edit: a draft of the office, one waiting or rejected, a published
# one (its substantive changes wait); cancelled and archived ones are done.
EVENT_EDITABLE = (
    EventStatus.DRAFT,
    EventStatus.REVIEW,
    EventStatus.REJECTED,
    EventStatus.PUBLISHED,
)
# Offers a provider may still edit: all but archived ones (archiving is the office's).
OFFER_EDITABLE = tuple(s for s in EditorialStatus.values if s != EditorialStatus.ARCHIVED)


def _base_url(request):
    return request.build_absolute_uri("/")


def _institutions_or_403(user):
    institutions = Actor.objects.of_member(user).order_by("name")
    if not institutions.exists():
        raise PermissionDenied(
            _("Ihr Konto ist keiner Einrichtung zugeordnet. Wenden Sie sich an Ihr Bildungsbüro.")
        )
    return institutions


def _through_service(form, service, *args, **kwargs):
    """``service(*args, **kwargs)`` (a step of offers.moderation) for a valid ``form``: its
    result, or None with the service's ValidationError on the form, beside the form's own
    errors (the page shows the form again with what was typed). The services check
    everything before they save, so a refused entry was never stored."""
    try:
        return service(*args, **kwargs)
    except ValidationError as error:
        _apply_service_errors(form, error)
        return None


def _apply_service_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _labels(model, names):
    return [str(model._meta.get_field(name).verbose_name) for name in names]


def moderation_note(model, names):
    """(labels of ``names`` that wait for the Bildungsbüro once the entry is published, labels
    of those public at once): offers.moderation's SUBSTANTIVE and MINOR, for the form page."""
    waiting = [n for n in names if n in moderation.SUBSTANTIVE[model]]
    at_once = [n for n in names if n in moderation.MINOR[model]]
    return _labels(model, waiting), _labels(model, at_once)


def _result_message(entry, result):
    """What a provider's edit did, in one sentence or two."""
    model = type(entry)
    title = str(entry)
    if not moderation.is_published(entry):
        return _(
            "Ihre Änderungen an „%(title)s“ sind gespeichert. Der Eintrag wartet auf Freigabe."
        ) % {"title": title}
    parts = []
    if result.applied:
        parts.append(
            _("Sofort öffentlich: %(fields)s.")
            % {"fields": ", ".join(_labels(model, result.applied))}
        )
    if result.pending is not None:
        parts.append(
            _(
                "Auf Freigabe durch das Bildungsbüro warten: %(fields)s. Bis dahin bleibt die "
                "veröffentlichte Fassung sichtbar."
            )
            % {"fields": ", ".join(_labels(model, result.pending.after))}
        )
    if not parts:
        return _("„%(title)s“: Es gab nichts zu ändern.") % {"title": title}
    return " ".join(
        [_("Ihre Änderungen an „%(title)s“ sind gespeichert.") % {"title": title}, *parts]
    )


# --- the overview ---------------------------------------------------------------------------


def _requests_by_entry(entries):
    """{(model, pk): [ChangeRequest, newest first]} of ``entries`` (offers, events, actors),
    in one query."""
    by_model = {}
    for entry in entries:
        by_model.setdefault(type(entry), []).append(entry.pk)
    if not by_model:
        return {}
    cts = {ContentType.objects.get_for_model(model): model for model in by_model}
    condition = Q(pk__in=[])
    for ct, model in cts.items():
        condition |= Q(content_type=ct, object_id__in=by_model[model])
    found = {}
    requests = (
        ChangeRequest.objects.filter(condition)
        .exclude(kind=ChangeRequest.Kind.MINOR)
        .order_by("-submitted_at", "-pk")
    )
    models_by_ct = {ct.pk: model for ct, model in cts.items()}
    for change in requests:
        key = (models_by_ct[change.content_type_id], change.object_id)
        found.setdefault(key, []).append(change)
    return found


class State:
    """How the overview shows an entry: its status badges [(label, variant)] and a message of
    the Bildungsbüro, if any."""

    def __init__(self, entry, requests):
        self.badges = []
        self.message = ""
        waiting = next((r for r in requests if r.is_waiting), None)
        latest = requests[0] if requests else None
        if isinstance(entry, Offer):
            self._offer(entry, latest)
        elif isinstance(entry, Event):
            self._event(entry)
        if waiting is not None and waiting.kind == ChangeRequest.Kind.CHANGE:
            self.badges.append((_("Änderung wartet auf Freigabe"), "info"))
        elif (
            latest is not None
            and latest.kind == ChangeRequest.Kind.CHANGE
            and latest.status == ChangeRequest.Status.REJECTED
        ):
            self.badges.append((_("Änderung abgelehnt"), "danger"))
            self.message = latest.message

    def _offer(self, offer, latest):
        status = offer.status
        if status == EditorialStatus.REVIEW:
            self.badges.append((_("wartet auf Freigabe"), "info"))
        elif status == EditorialStatus.REJECTED:
            self.badges.append((_("abgelehnt"), "danger"))
            if latest is not None and latest.status == ChangeRequest.Status.REJECTED:
                self.message = latest.message
        elif offer.has_ended:
            self.badges.append((offer.status_label, "neutral"))
        elif status == EditorialStatus.PUBLISHED:
            self.badges.append((_("veröffentlicht"), "success"))
        else:
            self.badges.append((offer.get_status_display(), "neutral"))

    def _event(self, event):
        variants = {
            EventStatus.PUBLISHED: "success",
            EventStatus.REVIEW: "info",
            EventStatus.REJECTED: "danger",
            EventStatus.CANCELLED: "danger",
        }
        self.badges.append((event.get_status_display(), variants.get(event.status, "neutral")))
        if event.status == EventStatus.REJECTED:
            self.message = event.moderation_message


class ProviderAreaView(LoginRequiredMixin, View):
    """The overview: the user's institutions, each with its profile's and entries' state,
    completeness and broken links; a fixed number of queries per institution, whatever the
    number of entries."""

    def get(self, request):
        institutions = list(
            entries_for_completeness(
                Actor.objects.of_member(request.user).select_related("region"), only=False
            ).order_by("name")
        )
        ids = [institution.pk for institution in institutions]
        # Every status, archived ones too: they can be copied.
        offers = list(
            entries_for_completeness(Offer.objects.filter(provider__in=ids), only=False).order_by(
                "title", "pk"
            )
        )
        events = list(
            entries_for_completeness(Event.objects.filter(organiser__in=ids), only=False).order_by(
                "-starts_at", "pk"
            )
        )
        requests = _requests_by_entry([*institutions, *offers, *events])

        def row(entry):
            return {
                "entry": entry,
                "state": State(entry, requests.get((type(entry), entry.pk), [])),
                "completeness": completeness(entry),
                "can_end": isinstance(entry, Offer)
                and entry.status in OFFER_EDITABLE
                and moderation.can_end(entry),
            }

        groups = []
        for institution in institutions:
            groups.append(
                {
                    "institution": institution,
                    "profile": row(institution),
                    "completeness": provider_completeness(institution),
                    "offers": [row(o) for o in offers if o.provider_id == institution.pk],
                    "events": [row(e) for e in events if e.organiser_id == institution.pk],
                }
            )
        return render(
            request,
            "offers/provider/area.html",
            {
                "groups": groups,
                "broken_links": broken_links_for([*institutions, *offers, *events]),
                "event_editable": EVENT_EDITABLE,
                "offer_editable": OFFER_EDITABLE,
            },
        )


# --- shared pieces of the form views ---------------------------------------------------------


class _ProviderView(View):
    """The user's institutions (else 403), then what ``load`` finds. Comes after
    LoginRequiredMixin, which checks the login first."""

    def dispatch(self, request, *args, **kwargs):
        self.institutions = _institutions_or_403(request.user)
        refusal = self.load(request, **kwargs)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    def load(self, request, **kwargs):
        """Load what the view works on (404 if it is not the user's); a response to answer
        with instead, or None."""
        return None

    def chosen_institution(self, request):
        """?einrichtung=<pk> picks one of the user's institutions; anything else, the first."""
        picked = request.GET.get("einrichtung", "")
        chosen = self.institutions.filter(pk=picked).first() if picked.isdigit() else None
        return chosen or self.institutions.first()


class _OwnEntryView(_ProviderView):
    """An entry (``model``) of the user's institutions (else 404) in one of ``statuses``
    (else back to the overview with ``refusal``; no ``statuses``: any)."""

    model = None
    statuses = ()

    def refusal(self, entry):
        return _("„%(title)s“ ist %(status)s und kann hier nicht mehr geändert werden.") % {
            "title": entry,
            "status": entry.get_status_display(),
        }

    def load(self, request, **kwargs):
        provider = "provider" if self.model is Offer else "organiser"
        own = self.model.objects.filter(
            **{f"{provider}__in": Actor.objects.of_member(request.user)}
        ).select_related(provider, "region")
        self.entry = get_object_or_404(own, pk=kwargs["pk"])
        if self.statuses and self.entry.status not in self.statuses:
            messages.error(request, self.refusal(self.entry))
            return redirect("offers:provider-area")
        return None


def _copy_initial(entry, names, m2m_names):
    initial = {}
    for name in names:
        if name in m2m_names:
            initial[name] = list(getattr(entry, name).values_list("pk", flat=True))
        else:
            field = type(entry)._meta.get_field(name)
            initial[name] = getattr(entry, field.attname)
    return initial


# --- offers ---------------------------------------------------------------------------------


def _render_entry_form(request, form, *, name, entry, fields, institutions, copy_of, status):
    """The new/edit/copy form of an offer or event (``name``: the template's and the context's
    name for it), with what of it waits for the office and what is public at once."""
    waiting, at_once = moderation_note(type(form.instance), fields)
    return render(
        request,
        f"offers/provider/{name}_form.html",
        {
            "form": form,
            name: entry,
            "copy_of": copy_of,
            "institutions": institutions,
            "new": entry is None,
            "published": entry is not None and moderation.is_published(entry),
            "pending": moderation.pending_change(entry) if entry is not None else None,
            "waiting_labels": waiting,
            "at_once_labels": at_once,
        },
        status=status,
    )


def _render_offer_form(request, form, *, offer=None, institutions=(), copy_of=None, status=200):
    return _render_entry_form(
        request,
        form,
        name="offer",
        entry=offer,
        fields=OFFER_FIELDS,
        institutions=institutions,
        copy_of=copy_of,
        status=status,
    )


class OfferCreateView(LoginRequiredMixin, _ProviderView):
    def get(self, request):
        form = OfferForm(
            institutions=self.institutions,
            initial=address_initial(self.chosen_institution(request)),
        )
        return _render_offer_form(request, form, institutions=self.institutions)

    def post(self, request):
        form = OfferForm(request.POST, institutions=self.institutions)
        if form.is_valid():
            offer = form.instance
            offer.provider = form.cleaned_data["institution"]
            created = _through_service(
                form,
                moderation.provider_create,
                offer,
                by=request.user,
                m2m=form.m2m(),
                base_url=_base_url(request),
            )
            if created is not None:
                messages.success(
                    request,
                    _(
                        "Vielen Dank! „%(title)s“ ist eingereicht und wartet auf Freigabe. Das "
                        "Bildungsbüro prüft das Angebot; Sie erhalten eine E-Mail, sobald es "
                        "veröffentlicht ist."
                    )
                    % {"title": offer.title},
                )
                return redirect("offers:provider-area")
        return _render_offer_form(request, form, institutions=self.institutions)


class OfferCopyView(LoginRequiredMixin, _OwnEntryView):
    """A new offer's form, prefilled with an own offer (without its validity); it is sent to
    the new-offer view."""

    model = Offer

    def get(self, request, pk):
        offer = self.entry
        initial = _copy_initial(offer, OFFER_FIELDS, OfferForm.M2M)
        initial.update(institution=offer.provider_id, valid_from=None, valid_until=None)
        form = OfferForm(institutions=self.institutions, initial=initial)
        return _render_offer_form(request, form, copy_of=offer)


class OfferEditView(LoginRequiredMixin, _OwnEntryView):
    """Edit an own offer; if a substantive change waits, the form continues from it."""

    model = Offer
    statuses = OFFER_EDITABLE

    def _form(self, data=None):
        offer = self.entry
        initial = {"institution": offer.provider_id, **moderation.pending_values(offer)}
        return OfferForm(
            data,
            instance=offer,
            institutions=self.institutions.filter(pk=offer.provider_id),
            initial=initial,
        )

    def get(self, request, pk):
        return _render_offer_form(request, self._form(), offer=self.entry)

    def post(self, request, pk):
        offer = self.entry
        form = self._form(request.POST)
        if form.is_valid():
            result = _through_service(
                form,
                moderation.provider_update,
                offer,
                by=request.user,
                changes=form.changes(),
                m2m=form.m2m(),
                base_url=_base_url(request),
            )
            if result is not None:
                messages.success(request, _result_message(offer, result))
                return redirect("offers:provider-area")
        return _render_offer_form(request, form, offer=offer)


class OfferEndView(LoginRequiredMixin, _OwnEntryView):
    """End an own offer (its validity ends today): a confirmation page, then the POST."""

    model = Offer
    statuses = OFFER_EDITABLE

    def get(self, request, pk):
        if not moderation.can_end(self.entry):
            messages.error(request, _("„%(title)s“ ist bereits beendet.") % {"title": self.entry})
            return redirect("offers:provider-area")
        return render(
            request,
            "offers/provider/offer_end.html",
            {"offer": self.entry, "today": timezone.localdate()},
        )

    def post(self, request, pk):
        try:
            moderation.provider_end(self.entry, by=request.user, base_url=_base_url(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "„%(title)s“ ist beendet: Das Angebot gilt bis heute und erscheint ab "
                    "morgen nicht mehr im Portal."
                )
                % {"title": self.entry.title},
            )
        return redirect("offers:provider-area")


# --- events ---------------------------------------------------------------------------------


def _render_event_form(request, form, *, event=None, institutions=(), copy_of=None, status=200):
    return _render_entry_form(
        request,
        form,
        name="event",
        entry=event,
        fields=(*EVENT_FIELDS, "co_organisers"),
        institutions=institutions,
        copy_of=copy_of,
        status=status,
    )


class EventCreateView(LoginRequiredMixin, _ProviderView):
    def get(self, request):
        form = EventForm(
            institutions=self.institutions,
            initial=address_initial(self.chosen_institution(request)),
        )
        return _render_event_form(request, form, institutions=self.institutions)

    def post(self, request):
        form = EventForm(request.POST, institutions=self.institutions)
        if form.is_valid():
            event = form.instance
            event.organiser = form.cleaned_data["institution"]
            try:
                created = _through_service(
                    form,
                    moderation.provider_create,
                    event,
                    by=request.user,
                    m2m=form.m2m(),
                    base_url=_base_url(request),
                )
            except services.SubmissionLimitReached as limit:
                form.add_error(None, limit.message)
                return _render_event_form(request, form, institutions=self.institutions, status=429)
            if created is not None:
                messages.success(
                    request,
                    _(
                        "Vielen Dank! „%(title)s“ ist eingereicht. Das Bildungsbüro prüft die "
                        "Veranstaltung; Sie erhalten eine E-Mail, sobald sie freigegeben ist."
                    )
                    % {"title": event.title},
                )
                return redirect("offers:provider-area")
        return _render_event_form(request, form, institutions=self.institutions)


class EventCopyView(LoginRequiredMixin, _OwnEntryView):
    """A new event's form, prefilled with an own event (without its date); it is sent to the
    new-event view."""

    model = Event

    def get(self, request, pk):
        event = self.entry
        initial = _copy_initial(event, EVENT_FIELDS, ())
        initial.update(
            institution=event.organiser_id,
            starts_at=None,
            ends_at=None,
            co_organisers=list(event.co_organisers.values_list("pk", flat=True)),
        )
        form = EventForm(institutions=self.institutions, initial=initial)
        return _render_event_form(request, form, copy_of=event)


class EventEditView(LoginRequiredMixin, _OwnEntryView):
    """Edit an own event: while it waits or after it was rejected everything at once (a
    rejected one is submitted again); once published, through moderation."""

    model = Event
    statuses = EVENT_EDITABLE

    def _form(self, data=None):
        event = self.entry
        initial = {"institution": event.organiser_id, **moderation.pending_values(event)}
        return EventForm(
            data,
            instance=event,
            institutions=self.institutions.filter(pk=event.organiser_id),
            initial=initial,
        )

    def get(self, request, pk):
        return _render_event_form(request, self._form(), event=self.entry)

    def post(self, request, pk):
        event = self.entry
        form = self._form(request.POST)
        if form.is_valid():
            was_rejected = event.status == EventStatus.REJECTED
            result = _through_service(
                form,
                moderation.provider_update,
                event,
                by=request.user,
                changes=form.changes(),
                m2m=form.m2m(),
                base_url=_base_url(request),
            )
            if result is not None:
                if was_rejected:
                    message = _("„%(title)s“ ist erneut eingereicht und wartet auf Freigabe.") % {
                        "title": event.title
                    }
                else:
                    message = _result_message(event, result)
                messages.success(request, message)
                return redirect("offers:provider-area")
        return _render_event_form(request, form, event=event)


class EventCancelView(LoginRequiredMixin, _OwnEntryView):
    """Cancel an own published event: a confirmation page, then the POST that cancels."""

    model = Event
    statuses = (EventStatus.PUBLISHED,)

    def refusal(self, event):
        return _("Nur freigegebene Veranstaltungen können abgesagt werden.")

    def get(self, request, pk):
        return render(request, "offers/provider/event_cancel.html", {"event": self.entry})

    def post(self, request, pk):
        services.event_cancel(event=self.entry, by=request.user, base_url=_base_url(request))
        messages.success(
            request,
            _("„%(title)s“ ist abgesagt. Im Veranstaltungskalender steht sie jetzt als „abgesagt“.")
            % {"title": self.entry.title},
        )
        return redirect("offers:provider-area")


# --- the institution's profile ----------------------------------------------------------------


class ProfileView(LoginRequiredMixin, _ProviderView):
    """An own institution's profile (ActorProfileForm), saved through moderation: the
    description and the name wait for the Bildungsbüro, address and contact are public at
    once."""

    def load(self, request, **kwargs):
        self.institution = get_object_or_404(
            self.institutions.select_related("region"), pk=kwargs["pk"]
        )
        return None

    def _form(self, data=None):
        return ActorProfileForm(
            data, instance=self.institution, initial=moderation.pending_values(self.institution)
        )

    def _render(self, request, form):
        waiting, at_once = moderation_note(Actor, ActorProfileForm.Meta.fields)
        return render(
            request,
            "offers/provider/profile_form.html",
            {
                "form": form,
                "institution": self.institution,
                "pending": moderation.pending_change(self.institution),
                "completeness": completeness(self.institution),
                "waiting_labels": waiting,
                "at_once_labels": at_once,
            },
        )

    def get(self, request, pk):
        return self._render(request, self._form())

    def post(self, request, pk):
        form = self._form(request.POST)
        if form.is_valid():
            result = _through_service(
                form,
                moderation.provider_update,
                self.institution,
                by=request.user,
                changes=form.changes(),
                base_url=_base_url(request),
            )
            if result is not None:
                messages.success(request, _result_message(self.institution, result))
                return redirect("offers:provider-area")
        return self._render(request, form)
