"""The school area (/mein-bereich/): the staff of an institution register careers-guidance
events, follow their status, edit them while they wait and cancel them once published.

Who may do what: anonymous visitors are sent to the login; a logged-in user without an
institution (InstitutionMembership) gets 403 on the forms; an event of another institution is
404 – it is not theirs to know about.

The views are classes (LoginRequiredMixin, one method per HTTP method; any other method gets
405) rather than decorated functions: mutmut, the mutation tool of `make mutants`, leaves
decorated functions alone, and these views are core code it must reach.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from . import services
from .forms import SchoolEventForm, address_initial
from .models import EventStatus

EDITABLE = (EventStatus.REVIEW, EventStatus.REJECTED)


def _base_url(request):
    return request.build_absolute_uri("/")


def _institutions_or_403(user):
    institutions = services.institutions_of(user)
    if not institutions.exists():
        raise PermissionDenied(
            _("Ihr Konto ist keiner Einrichtung zugeordnet. Wenden Sie sich an Ihr Bildungsbüro.")
        )
    return institutions


def _own_event(user, pk):
    return get_object_or_404(services.events_of_institutions(user), pk=pk)


class SchoolAreaView(LoginRequiredMixin, View):
    def get(self, request):
        institutions = list(services.institutions_of(request.user).select_related("region"))
        events = services.events_of_institutions(request.user).order_by("-starts_at", "pk")
        return render(
            request,
            "offers/school/area.html",
            {
                "institutions": institutions,
                "events": list(events),
                "editable_statuses": EDITABLE,
            },
        )


def _render_form(request, form, *, event=None, institutions=(), status=200):
    return render(
        request,
        "offers/school/event_form.html",
        {"form": form, "event": event, "institutions": institutions},
        status=status,
    )


def _apply_service_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class EventCreateView(LoginRequiredMixin, View):
    def get(self, request):
        institutions = _institutions_or_403(request.user)
        # ?einrichtung=<pk> picks one of the user's institutions; anything else, the first.
        picked = request.GET.get("einrichtung", "")
        chosen = institutions.filter(pk=picked).first() if picked.isdigit() else None
        chosen = chosen or institutions.first()
        form = SchoolEventForm(
            institutions=institutions,
            initial=address_initial(chosen),
        )
        return _render_form(request, form, institutions=institutions)

    def post(self, request):
        institutions = _institutions_or_403(request.user)
        form = SchoolEventForm(request.POST, institutions=institutions)
        if form.is_valid():
            try:
                event = services.event_school_submit(
                    by=request.user,
                    institution=form.cleaned_data["institution"],
                    co_organisers=form.cleaned_data["co_organiser_actors"],
                    base_url=_base_url(request),
                    **form.service_fields(),
                )
            except services.SubmissionLimitReached as limit:
                form.add_error(None, limit.message)
                return _render_form(request, form, institutions=institutions, status=429)
            except ValidationError as error:
                _apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Vielen Dank! „%(title)s“ ist eingereicht. Das Bildungsbüro prüft die "
                        "Veranstaltung; Sie erhalten eine E-Mail, sobald sie freigegeben ist."
                    )
                    % {"title": event.title},
                )
                return redirect("offers:school-area")
        return _render_form(request, form, institutions=institutions)


class _OwnEventView(View):
    """An event of the user's institutions (else 404) in one of `statuses` (else back to the
    school area with `refusal`). Comes after LoginRequiredMixin, which checks the login first."""

    statuses = ()

    def refusal(self, event):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.institutions = _institutions_or_403(request.user)
        self.event = _own_event(request.user, kwargs["pk"])
        if self.event.status not in self.statuses:
            messages.error(request, self.refusal(self.event))
            return redirect("offers:school-area")
        return super().dispatch(request, *args, **kwargs)


class EventEditView(LoginRequiredMixin, _OwnEventView):
    """Edit an own event while it waits for review or after it was rejected."""

    statuses = EDITABLE

    def refusal(self, event):
        return _("„%(title)s“ ist %(status)s und kann nicht mehr bearbeitet werden.") % {
            "title": event.title,
            "status": event.get_status_display(),
        }

    def get(self, request, pk):
        form = SchoolEventForm(
            instance=self.event,
            institutions=self.institutions.filter(pk=self.event.organiser_id),
            initial={"institution": self.event.organiser_id},
        )
        return _render_form(request, form, event=self.event)

    def post(self, request, pk):
        event = self.event
        form = SchoolEventForm(
            request.POST,
            instance=event,
            institutions=self.institutions.filter(pk=event.organiser_id),
        )
        if form.is_valid():
            was_rejected = event.status == EventStatus.REJECTED
            try:
                services.event_school_update(
                    event=event,
                    by=request.user,
                    co_organisers=form.cleaned_data["co_organiser_actors"],
                    base_url=_base_url(request),
                    **form.service_fields(),
                )
            except ValidationError as error:
                _apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("„%(title)s“ ist erneut eingereicht und wartet auf Freigabe.")
                    % {"title": event.title}
                    if was_rejected
                    else _("Ihre Änderungen an „%(title)s“ sind gespeichert.")
                    % {"title": event.title},
                )
                return redirect("offers:school-area")
        return _render_form(request, form, event=event)


class EventCancelView(LoginRequiredMixin, _OwnEventView):
    """Cancel an own published event: a confirmation page, then the POST that cancels."""

    statuses = (EventStatus.PUBLISHED,)

    def refusal(self, event):
        return _("Nur freigegebene Veranstaltungen können abgesagt werden.")

    def get(self, request, pk):
        return render(request, "offers/school/event_cancel.html", {"event": self.event})

    def post(self, request, pk):
        services.event_cancel(event=self.event, by=request.user, base_url=_base_url(request))
        messages.success(
            request,
            _("„%(title)s“ ist abgesagt. Im Veranstaltungskalender steht sie jetzt als „abgesagt“.")
            % {"title": self.event.title},
        )
        return redirect("offers:school-area")
