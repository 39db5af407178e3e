"""The places of an institution in the provider area: /mein-bereich/plaetze/ (careers cannot
import offers' provider area, so it has its own pages beside it; the overview links here).

The same rules as offers.provider_views: anonymous visitors go to the login; a user without an
institution (``Actor.objects.of_member``) gets 403; a place of another institution is 404. A
new place, and one that was not public, waits for the Bildungsbüro (in Prüfung); changes of a
published place are public at once (careers.services.place_save_by_provider)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from actors.models import Actor

from . import services
from .forms import PlaceForm
from .models import Place, PlaceStatus


def _institutions_or_403(user):
    institutions = Actor.objects.of_member(user).order_by("name")
    if not institutions.exists():
        raise PermissionDenied(
            _("Ihr Konto ist keiner Einrichtung zugeordnet. Wenden Sie sich an Ihr Bildungsbüro.")
        )
    return institutions


def _own_place(user, pk):
    institutions = _institutions_or_403(user)
    return get_object_or_404(Place.objects.of_actors(institutions), pk=pk), institutions


class PlaceListView(LoginRequiredMixin, View):
    def get(self, request):
        institutions = _institutions_or_403(request.user)
        places = (
            Place.objects.of_actors(institutions)
            .select_related("actor", "occupation")
            .order_by("actor__name", "title")
        )
        return render(
            request,
            "careers/provider/place_list.html",
            {"places": places, "institutions": institutions},
        )


class _PlaceFormView(LoginRequiredMixin, View):
    template = "careers/provider/place_form.html"

    def _render(self, request, form, place=None):
        return render(request, self.template, {"form": form, "place": place})

    def _save(self, request, form, institutions, place=None):
        if not form.is_valid():
            return self._render(request, form, place)
        place = form.save(commit=False)
        try:
            services.place_save_by_provider(place=place, by=request.user)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self._render(request, form, place)
        if place.status == PlaceStatus.PUBLISHED:
            messages.success(request, _("Gespeichert. Die Änderungen sind öffentlich."))
        else:
            messages.success(
                request,
                _("Gespeichert. Das Bildungsbüro prüft den Platz und veröffentlicht ihn dann."),
            )
        return redirect("careers:provider-places")


class PlaceCreateView(_PlaceFormView):
    def get(self, request):
        institutions = _institutions_or_403(request.user)
        return self._render(request, PlaceForm(institutions=institutions))

    def post(self, request):
        institutions = _institutions_or_403(request.user)
        form = PlaceForm(request.POST, institutions=institutions)
        return self._save(request, form, institutions)


class PlaceUpdateView(_PlaceFormView):
    def get(self, request, pk):
        place, institutions = _own_place(request.user, pk)
        return self._render(request, PlaceForm(instance=place, institutions=institutions), place)

    def post(self, request, pk):
        place, institutions = _own_place(request.user, pk)
        form = PlaceForm(request.POST, instance=place, institutions=institutions)
        return self._save(request, form, institutions, place)


class PlaceEndView(LoginRequiredMixin, View):
    def get(self, request, pk):
        place, _institutions = _own_place(request.user, pk)
        return render(request, "careers/provider/place_end.html", {"place": place})

    def post(self, request, pk):
        place, _institutions = _own_place(request.user, pk)
        services.place_end(place=place, by=request.user)
        messages.success(request, _("Der Platz „%(title)s“ ist beendet.") % {"title": place.title})
        return redirect("careers:provider-places")
