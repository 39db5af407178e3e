from base64 import b32encode

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
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    index = client.get("/admin/")
    assert (index.status_code, index["Location"]) == (302, "/admin/login/?next=/admin/")
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

    for page in ["/admin/", "/admin/offers/offer/", "/admin/monitoring/"]:
        response = client.get(page)
        assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={page}")
    login_page = client.get("/admin/", follow=True)

    assert login_page.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert login_page.status_code == 200
    assert login_page.templates[0].name == "admin/login.html"
    assert "otp_token" in login_page.context["form"].fields
    assert "app_list" not in login_page.context
    assert "/admin/offers/offer/" not in login_page.content.decode()


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


# --- item: the second factor cannot be skipped with the password alone ----------------------


def other_code(device):
    return "000000" if code(device) != "000000" else "111111"


def test_password_alone_cannot_set_up_a_further_device_and_reach_the_admin(
    client, django_user_model, required
):
    user = staff(django_user_model, StaffMembership.Role.COORDINATOR)
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    client.force_login(user)  # a session with the password only

    setup = client.get("/admin/zwei-faktor/")

    assert (setup.status_code, setup["Location"]) == (302, "/admin/login/")
    assert list(TOTPDevice.objects.filter(user=user)) == [device]
    posted = client.post("/admin/zwei-faktor/", {"token": code(device)})
    assert (posted.status_code, posted["Location"]) == (302, "/admin/login/")
    for page in ["/admin/", "/admin/bildungsregion/user/"]:
        response = client.get(page)
        assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={page}")


def test_pending_device_of_another_session_is_not_shown_to_an_unverified_session(
    client, django_user_model, required
):
    user = staff(django_user_model, StaffMembership.Role.COORDINATOR)
    confirmed = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    pending = TOTPDevice.objects.create(user=user, name="Halb eingerichtet", confirmed=False)
    client.force_login(user)

    response = client.get("/admin/zwei-faktor/")

    assert (response.status_code, response["Location"]) == (302, "/admin/login/")
    assert set(TOTPDevice.objects.filter(user=user)) == {confirmed, pending}


def test_setup_shows_each_session_its_own_secret(client, django_user_model, required):
    user = staff(django_user_model, StaffMembership.Role.COORDINATOR)
    earlier = TOTPDevice.objects.create(user=user, name="Halb eingerichtet", confirmed=False)
    client.force_login(user)  # no device yet: the first one may be set up

    setup = client.get("/admin/zwei-faktor/")

    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device != earlier
    assert setup.context["secret"] != b32(earlier)
    assert client.get("/admin/zwei-faktor/").context["secret"] == b32(device)
    assert client.post("/admin/zwei-faktor/", {"token": code(device)})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def b32(device):
    return b32encode(device.bin_key).decode()


def test_verified_session_may_set_up_a_further_device(client, django_user_model, required):
    user = staff(django_user_model, StaffMembership.Role.COORDINATOR)
    first = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    assert login(client, user.username, code(first))["Location"] == "/admin/"

    setup = client.get("/admin/zwei-faktor/")

    assert setup.status_code == 200
    assert setup.context["required"] is False
    second = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post("/admin/zwei-faktor/", {"token": code(second)})
    assert set(TOTPDevice.objects.filter(user=user, confirmed=True)) == {first, second}


def test_public_login_of_staff_with_a_device_needs_the_code(client, django_user_model, required):
    user = staff(django_user_model, StaffMembership.Role.COORDINATOR)
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)

    without = client.post("/anmelden/", {"username": user.username, "password": PASSWORD})

    assert without.status_code == 200
    assert without.context["form"].non_field_errors() == [
        "Bitte geben Sie den Code aus Ihrer Authenticator-App ein."
    ]
    assert "_auth_user_id" not in client.session
    wrong = client.post(
        "/anmelden/",
        {"username": user.username, "password": PASSWORD, "otp_token": other_code(device)},
    )
    assert wrong.context["form"].non_field_errors() == [
        "Der Code stimmt nicht. Bitte geben Sie den aktuellen Code ein."
    ]
    assert "_auth_user_id" not in client.session
    good = client.post(
        "/anmelden/", {"username": user.username, "password": PASSWORD, "otp_token": code(device)}
    )
    assert (good.status_code, good["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_public_login_of_a_coordinator_without_device_leads_to_the_setup(
    client, django_user_model, required
):
    user = staff(django_user_model, StaffMembership.Role.COORDINATOR)
    response = client.post(
        "/anmelden/", {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [
        ("/admin/", 302),
        ("/admin/login/?next=/admin/", 302),
        ("/admin/zwei-faktor/", 302),
    ]
    assert response.status_code == 200
    assert response.context["required"] is True


def test_coordinating_one_region_requires_the_second_factor_also_as_editor_elsewhere(
    client, django_user_model, required
):
    user = staff(django_user_model, StaffMembership.Role.EDITOR)
    StaffMembership.objects.create(
        user=user, region=make_region(), role=StaffMembership.Role.COORDINATOR
    )
    response = client.post(
        "/anmelden/", {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [
        ("/admin/", 302),
        ("/admin/login/?next=/admin/", 302),
        ("/admin/zwei-faktor/", 302),
    ]
    assert response.context["required"] is True
