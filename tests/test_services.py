"""The services of the bottom floor (bildungsregion/services.py): confirming an entry as current
and sending a password link, called by the admin actions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actors.models import Actor
from bildungsregion.services import entry_confirm_current, user_password_reset_send
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import committed, make_actor, make_region

pytestmark = pytest.mark.django_db

NO_LINK = "Kein Link möglich: Das Konto ist inaktiv, hat keine E-Mail-Adresse oder kein Passwort."


def test_confirm_current_saves_only_the_stand_as_a_version_of_its_own():

    region = make_region()
    editor = make_user("redaktion-a", region=region, role=StaffMembership.Role.EDITOR)
    actor = make_actor(region, name="Musikschule", last_reviewed=datetime.date(2020, 1, 1))
    actor.name = "Nicht gespeichert"  # a change in memory that the step must not save

    entry_confirm_current(entry=actor, by=editor, today=datetime.date(2026, 12, 1))

    stored = Actor.objects.get(pk=actor.pk)
    assert (stored.name, stored.last_reviewed) == ("Musikschule", datetime.date(2026, 12, 1))
    latest = stored.history.order_by("-history_date", "-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "als aktuell bestätigt")


def test_confirm_current_needs_the_permission_for_that_entry():

    own, other = make_region(), make_region()
    editor = make_user("redaktion-b", region=own, role=StaffMembership.Role.EDITOR)
    foreign = make_actor(other, last_reviewed=datetime.date(2020, 1, 1))
    with pytest.raises(PermissionDenied):
        entry_confirm_current(entry=foreign, by=editor)
    assert Actor.objects.get(pk=foreign.pk).last_reviewed == datetime.date(2020, 1, 1)


@pytest.mark.parametrize(
    ("is_active", "email", "password"),
    [(False, True, True), (True, False, True), (True, True, False)],
    ids=["inactive", "without-email", "without-password"],
)
def test_password_link_needs_an_active_account_with_email_and_password(
    mailoutbox, is_active, email, password
):

    admin = make_user("admin-s", is_superuser=True)
    user = make_user(
        "konto-s", is_staff=False, password="Ein-langes-Passwort-1" if password else None
    )
    user.is_active = is_active
    user.email = user.email if email else ""
    user.save()
    with pytest.raises(ValidationError) as error:
        user_password_reset_send(user=user, by=admin, base_url="http://testserver/")
    assert error.value.messages == [NO_LINK]
    assert mailoutbox == []


def test_password_link_names_the_account(mailoutbox):

    admin = make_user("admin-t", is_superuser=True)
    user = make_user("konto-t", is_staff=False, password="Ein-langes-Passwort-1")
    with committed():
        user_password_reset_send(user=user, by=admin, base_url="http://testserver/")
    (mail,) = mailoutbox
    assert mail.to == ["konto-t@example.org"]
    assert "Ihr Benutzername: konto-t" in mail.body
    assert "Ihr Bildungsbüro hat für Ihr Konto" in mail.body
