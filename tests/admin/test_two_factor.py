import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from regions.models import StaffMembership
from tests.factories import make_region

pytestmark = pytest.mark.django_db

PASSWORD = "ein-sicheres-Passwort-2026"


def code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture(autouse=True)
def no_throttle(settings):
    # django-otp slows down retries after a wrong code (1 s, 2 s, …); the tests retry at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def required(settings):
    settings.STAFF_OTP_REQUIRED = True


def staff(django_user_model, role):
    user = django_user_model.objects.create_user(f"buero-{role}", password=PASSWORD, is_staff=True)
    StaffMembership.objects.create(user=user, region=make_region(), role=role)
    return user


def login(client, username, token=""):
    return client.post(
        "/admin/login/",
        {"username": username, "password": PASSWORD, "otp_token": token, "next": "/admin/"},
    )


def test_coordinator_must_set_up_a_second_factor(client, django_user_model, required):
    user = staff(django_user_model, StaffMembership.Role.COORDINATOR)
    response = login(client, user.username)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/")["Location"] == "/admin/zwei-faktor/"
    setup = client.get("/admin/zwei-faktor/")
    assert setup.status_code == 200
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(
        "/admin/zwei-faktor/", {"token": "000000" if code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    done = client.post("/admin/zwei-faktor/", {"token": code(device)})
    assert done["Location"] == "/admin/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/admin/").status_code == 200


def test_login_with_a_device_needs_the_code(client, django_user_model, required):
    user = staff(django_user_model, StaffMembership.Role.COORDINATOR)
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    without = login(client, user.username)
    assert without.status_code == 200
    assert without.context["form"].non_field_errors() == [
        "Bitte geben Sie den Code aus Ihrer Authenticator-App ein."
    ]
    bad = login(client, user.username, "12345")
    assert bad.context["form"].non_field_errors() == [
        "Der Code stimmt nicht. Bitte geben Sie den aktuellen Code ein."
    ]
    good = login(client, user.username, code(device))
    assert good["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_password_alone_does_not_reach_the_admin_when_a_device_exists(client, django_user_model):
    user = staff(django_user_model, StaffMembership.Role.EDITOR)
    TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    client.force_login(user)  # e.g. through the public login, password only
    assert client.get("/admin/").status_code == 302


def test_editors_may_work_without_a_second_factor(client, django_user_model, required):
    user = staff(django_user_model, StaffMembership.Role.EDITOR)
    assert login(client, user.username)["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_without_the_setting_coordinators_need_no_second_factor(
    client, django_user_model, settings
):
    settings.STAFF_OTP_REQUIRED = False
    user = staff(django_user_model, StaffMembership.Role.COORDINATOR)
    assert login(client, user.username)["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
