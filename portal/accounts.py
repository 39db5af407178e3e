"""The account pages of the public site, in German: login, logout, forgotten password and
accepting an invitation. Django's auth views with the portal's templates (templates/registration).

The forgotten password answers the same for every address, with or without an account, and
also when the address has had its share of mails (PASSWORD_RESET_LIMIT_PER_ADDRESS per window):
then it sends nothing. Too many requests from one client (PASSWORD_RESET_LIMIT_PER_CLIENT) get
the form back with a German message and 429 – that says nothing about any account.

The login asks for the second factor exactly as the admin's does (regions.two_factor):
a password alone never verifies an account that has a confirmed device.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from actors.invitations import invitation_token_generator
from bildungsregion import throttle
from bildungsregion.links import absolute_url
from bildungsregion.mail import send_portal_mail
from regions.two_factor import SecondFactorLoginMixin

logger = logging.getLogger(__name__)


class LoginForm(SecondFactorLoginMixin, auth_forms.AuthenticationForm):
    """Password and, for accounts with a second factor, the app's code – as at /admin/login/."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Benutzername")
        self.fields["username"].help_text = _("Wenn Sie eingeladen wurden: Ihre E-Mail-Adresse.")
        self.fields["password"].label = _("Passwort")


class PortalLoginView(auth_views.LoginView):
    """The people of institutions (every kind of actor) land in their area (/mein-bereich/),
    Bildungsbüro staff in the admin."""

    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        user = self.request.user
        if user.is_authenticated and user.is_staff:
            return reverse("admin:index")
        return reverse("offers:provider-area")


class PortalLogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("Sie sind abgemeldet."))
        return response


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, sending the portal's e-mail "password_reset" (bildungsregion.mail) with a
    link on PORTAL_BASE_URL (bildungsregion.links), at most PASSWORD_RESET_LIMIT_PER_ADDRESS
    times per address and window."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        if not throttle.hit(
            "password-reset:address", email, settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        ):
            return
        self.request = request
        super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """The view's template names are not used: the mail is emails/password_reset*.txt."""
        path = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        context = {**context, "reset_url": absolute_url(path, self.request)}
        try:
            send_portal_mail(template="password_reset", context=context, to=[to_email])
        except Exception:  # like Django's: a failed mail must not tell that the account exists
            logger.exception("Failed to send password reset email to %s", context["user"].pk)


class PortalPasswordResetView(auth_views.PasswordResetView):
    """The forgotten password; see the module docstring for its limits."""

    form_class = PasswordResetForm
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        client = throttle.client_address(self.request)
        if not throttle.hit(
            "password-reset:client", client, settings.PASSWORD_RESET_LIMIT_PER_CLIENT
        ):
            form.add_error(None, throttle.refusal_message())
            return throttle.refused(self.form_invalid(form))
        return super().form_valid(form)


class PortalPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    reset_url_token = "neues-passwort"
    success_url = reverse_lazy("password_reset_complete")


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The link of the invitation e-mail: choose a password, then be logged in."""

    template_name = "registration/invitation_accept.html"
    token_generator = invitation_token_generator
    reset_url_token = "passwort-festlegen"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("offers:provider-area")
    title = _("Passwort festlegen")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Willkommen! Ihr Passwort ist gespeichert und Sie sind angemeldet."),
        )
        return response
