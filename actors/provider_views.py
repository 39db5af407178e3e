"""The colleagues page of the provider area (/mein-bereich/kolleginnen-und-kollegen/): the
people of the user's institutions, and – for members who may invite
(InstitutionMembership.can_invite) – a form to invite colleagues for their own institutions;
the page where an existing account confirms a further institution it was invited to.

Who may do what: anonymous visitors are sent to the login; a logged-in user without an
institution gets 403; a member without the right to invite sees the list but no form, and a
POST of theirs gets 403. The rules themselves live in actors.invitations, which the office's
invitation in the admin shares; nothing here says whether an address has an account.

The views are classes (LoginRequiredMixin, one method per HTTP method), as in
offers/provider_views.py.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from bildungsregion import throttle

from . import invitations
from .forms import ColleagueInviteForm
from .models import Actor


def _institutions_or_403(user):
    """The user's institutions (any kind of actor), or 403 for an account without one."""
    if not user.is_active:
        raise PermissionDenied
    institutions = Actor.objects.of_member(user).order_by("name")
    if not institutions.exists():
        raise PermissionDenied(
            _("Ihr Konto ist keiner Einrichtung zugeordnet. Wenden Sie sich an Ihr Bildungsbüro.")
        )
    return institutions


class ColleaguesView(LoginRequiredMixin, View):
    template_name = "actors/provider/colleagues.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.institutions = list(_institutions_or_403(request.user).select_related("region"))
            self.invitable = invitations.colleague_institutions(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = ColleagueInviteForm(institutions=self.invitable) if self.invitable else None
        return self._render(request, form)

    def post(self, request):
        if not self.invitable:
            raise PermissionDenied(
                _("Kolleginnen und Kollegen einladen können nur Personen, die das dürfen.")
            )
        form = ColleagueInviteForm(request.POST, institutions=self.invitable)
        if form.is_valid():
            try:
                invitations.colleague_invite(
                    email=form.cleaned_data["email"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    institutions=form.cleaned_data["institutions"],
                    can_invite=form.cleaned_data["can_invite"],
                    by=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
            except ValidationError as error:
                # error_dict keeps the errors' codes (THROTTLED below).
                if hasattr(error, "error_dict"):
                    errors_by_field = error.error_dict
                else:
                    errors_by_field = {None: error.error_list}
                for field, errors in errors_by_field.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _(
                        "Die Einladung an %(email)s ist verschickt. Die Person erscheint hier, "
                        "sobald sie die Einladung angenommen hat."
                    )
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("actors:colleagues")
        response = self._render(request, form)
        if form.has_error("email", code=invitations.THROTTLED):
            return throttle.refused(response)
        return response

    def _render(self, request, form):
        members = {}
        for membership in (
            invitations.accepted_memberships()
            .filter(actor__in=[i.pk for i in self.institutions])
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "user__username")
        ):
            members.setdefault(membership.actor_id, []).append(membership)
        invitable_ids = {actor.pk for actor in self.invitable}
        groups = [
            {
                "institution": institution,
                "members": members.get(institution.pk, []),
                "may_invite": institution.pk in invitable_ids,
            }
            for institution in self.institutions
        ]
        return render(request, self.template_name, {"groups": groups, "form": form})


class ColleagueConfirmView(LoginRequiredMixin, View):
    """The link of the mail to an existing account: confirm that it works for a further
    institution (actors.invitations.colleague_confirm)."""

    template_name = "actors/provider/colleague_confirm.html"

    def get(self, request, token):
        try:
            pending = invitations.colleague_confirm_load(token)
        except ValidationError:
            return render(request, self.template_name, {"validlink": False})
        if pending.user_id != request.user.pk:
            return render(
                request, self.template_name, {"validlink": True, "other_account": True}, status=403
            )
        return render(request, self.template_name, {"validlink": True, "pending": pending})

    def post(self, request, token):
        try:
            pending = invitations.colleague_confirm(token=token, by=request.user)
        except ValidationError:
            return render(request, self.template_name, {"validlink": False})
        except PermissionDenied:
            return render(
                request, self.template_name, {"validlink": True, "other_account": True}, status=403
            )
        messages.success(
            request,
            _("Sie arbeiten jetzt auch für: %(names)s.")
            % {"names": ", ".join(actor.name for actor in pending.institutions)},
        )
        return redirect("actors:colleagues")


class InstitutionLeaveView(LoginRequiredMixin, View):
    """Stop working for one of the user's institutions (a confirmation page, then POST)."""

    template_name = "actors/provider/institution_leave.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.institution = get_object_or_404(
                Actor.objects.of_member(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return render(request, self.template_name, {"institution": self.institution})

    def post(self, request, pk):
        invitations.membership_leave(user=request.user, actor=self.institution)
        messages.success(
            request,
            _("Sie arbeiten nicht mehr für %(name)s.") % {"name": self.institution.name},
        )
        if Actor.objects.of_member(request.user).exists():
            return redirect("actors:colleagues")
        return redirect("offers:provider-area")
