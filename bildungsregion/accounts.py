"""The account pages of the public site, in German: login, logout, forgotten password and
accepting an invitation. Django's auth views with the portal's templates (templates/registration).

The login asks for the second factor exactly as the admin's does (bildungsregion.two_factor):
a password alone never verifies an account that has a confirmed device.

``client_ip`` tells django-axes (the logins' brute-force protection) whose attempt it counts.
"""

import ipaddress

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from .invitations import invitation_token_generator
from .two_factor import SecondFactorLoginMixin


def client_ip(request):
    """The client's address (settings.AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR, or behind
    settings.TRUSTED_PROXY_COUNT proxies the address the outermost one saw – the entry that
    many places from the right of X-Forwarded-For (entries further left come from the client
    and can be anything). Without such an entry, REMOTE_ADDR."""
    remote_addr = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    forwarded = [entry.strip() for entry in forwarded if entry.strip()]
    if len(forwarded) < count:
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote_addr


class LoginForm(SecondFactorLoginMixin, auth_forms.AuthenticationForm):
    """Password and, for accounts with a second factor, the app's code – as at /admin/login/."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Benutzername")
        self.fields["username"].help_text = _("Wenn Sie eingeladen wurden: Ihre E-Mail-Adresse.")
        self.fields["password"].label = _("Passwort")


class PortalLoginView(auth_views.LoginView):
    """School staff land in their area (/mein-bereich/), Bildungsbüro staff in the admin."""

    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        user = self.request.user
        if user.is_authenticated and user.is_staff:
            return reverse("admin:index")
        return reverse("offers:school-area")


class PortalLogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("Sie sind abgemeldet."))
        return response


class PortalPasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


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
    success_url = reverse_lazy("offers:school-area")
    title = _("Passwort festlegen")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Willkommen! Ihr Passwort ist gespeichert und Sie sind angemeldet."),
        )
        return response
