"""A second factor (TOTP, django-otp) for the staff of the Bildungsbüros.

- Every staff user *can* add an authenticator app (admin › "Zwei-Faktor-Anmeldung").
- Coordinators *must* (setting STAFF_OTP_REQUIRED, on in production): without a confirmed
  device they are sent to set one up before they see anything in the admin.
- Whoever has a confirmed device enters its six-digit code at every login (the admin's and the
  public one, /anmelden/); a session without that verification does not reach the admin, and
  cannot set up a further device either: only a session verified by a confirmed device may.
- The secret of a device being set up is shown only to the session that started the setup.
"""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import StaffMembership


def has_device(user):
    return any(devices_for_user(user, confirmed=True))


def must_use_second_factor(user):
    """Coordinators of a region must, when the setting says so (production)."""
    if not settings.STAFF_OTP_REQUIRED or not user.is_staff:
        return False
    return (
        user.is_superuser
        or StaffMembership.objects.filter(user=user, role=StaffMembership.Role.COORDINATOR).exists()
    )


def second_factor_state(request):
    """'ok', 'verify' (has a device, session not verified) or 'setup' (must, has none).
    Worked out once per request (the admin asks several times)."""
    state = getattr(request, "_second_factor_state", None)
    if state is None:
        user = request.user
        if has_device(user):
            state = "ok" if user.is_verified() else "verify"
        else:
            state = "setup" if must_use_second_factor(user) else "ok"
        request._second_factor_state = state
    return state


class SecondFactorLoginMixin(forms.Form):
    """A login form's step for the second factor: accounts with a confirmed device log in
    only with a current code of one of them (django-otp then marks the session verified)."""

    otp_token = forms.CharField(
        label=_("Code aus der Authenticator-App"),
        required=False,
        max_length=8,
        help_text=_("Nur nötig, wenn Sie die Zwei-Faktor-Anmeldung eingerichtet haben."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is None:
            return cleaned
        devices = list(devices_for_user(user, confirmed=True))
        if not devices:
            return cleaned
        token = (cleaned.get("otp_token") or "").replace(" ", "")
        if not token:
            raise forms.ValidationError(
                _("Bitte geben Sie den Code aus Ihrer Authenticator-App ein."), code="otp_required"
            )
        for device in devices:
            if device.verify_token(token):
                # django-otp's user_logged_in handler marks the session as verified.
                user.otp_device = device
                return cleaned
        raise forms.ValidationError(
            _("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code ein."), code="otp_invalid"
        )


class OTPAdminLoginForm(SecondFactorLoginMixin, AdminAuthenticationForm):
    """The admin login: password, and the app's code for accounts with a second factor.

    An account of an institution of any kind (not staff) is told where it logs in instead
    (``school_account``; templates/admin/login.html links /anmelden/ and /mein-bereich/);
    Django's message would ask it for a "Staff-Account"."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Benutzername oder Passwort stimmen nicht. Bitte achten Sie auf Groß- und "
            "Kleinschreibung."
        ),
        "school_account": _(
            "Mit diesem Konto melden Sie sich nicht hier an: Die Verwaltung ist für die "
            "Bildungsbüros. Einrichtungen und Anbieter melden sich auf der Website an."
        ),
    }
    school_account = False

    def confirm_login_allowed(self, user):
        if user.is_active and not user.is_staff:
            self.school_account = True
            raise forms.ValidationError(
                self.error_messages["school_account"], code="school_account"
            )
        super().confirm_login_allowed(user)


class ConfirmDeviceForm(forms.Form):
    token = forms.CharField(
        label=_("Sechsstelliger Code aus der App"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _(
                    "Der Code stimmt nicht. Prüfen Sie die Uhrzeit Ihres Telefons und versuchen "
                    "Sie es mit dem nächsten Code."
                )
            )
        return token


PENDING_DEVICE_SESSION_KEY = "two_factor_pending_device"


def pending_device(request):
    """The unconfirmed device of this session's setup, created on its first visit. Starting a
    setup discards unfinished ones of other sessions: their secret is never shown again."""
    user = request.user
    device_id = request.session.get(PENDING_DEVICE_SESSION_KEY)
    device = None
    if isinstance(device_id, int):
        device = TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(
            user=user, name=str(_("Authenticator-App")), confirmed=False
        )
        request.session[PENDING_DEVICE_SESSION_KEY] = device.pk
    return device


@login_required(login_url="admin:login")
def setup_view(request, admin_site):
    """Set up the authenticator app: scan the QR code, confirm with a code.

    The first device may be set up after a login with the password; a further one only in a
    session verified with an existing device. A session that has a device to verify with is
    sent to the admin login to enter its code."""
    user = request.user
    if not user.is_active or not user.is_staff:
        return redirect("admin:login")
    if has_device(user) and not user.is_verified():
        return redirect("admin:login")
    device = pending_device(request)
    form = ConfirmDeviceForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        del request.session[PENDING_DEVICE_SESSION_KEY]
        otp_login(request, device)
        return redirect("admin:index")
    qr = segno.make(device.config_url, error="m")
    context = {
        **admin_site.each_context(request),
        "title": _("Zwei-Faktor-Anmeldung einrichten"),
        "form": form,
        "qr_svg": mark_safe(
            qr.svg_inline(scale=5, dark="#000", light="#fff", title=str(_("QR-Code für die App")))
        ),
        "secret": b32encode(device.bin_key).decode(),
        "required": must_use_second_factor(user) and not has_device(user),
    }
    return render(request, "admin/two_factor_setup.html", context)
