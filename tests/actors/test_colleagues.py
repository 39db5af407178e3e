"""The colleagues page (/mein-bereich/kolleginnen-und-kollegen/) and the colleague path of
actors.invitations: inviting a new address, an address that has an account (no disclosure),
confirming a further institution, the limits, the form's errors."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actors import invitations
from actors.models import Actor, InstitutionMembership
from bildungsregion.models import User
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_actor, make_region

pytestmark = pytest.mark.django_db

COLLEAGUES = "/mein-bereich/kolleginnen-und-kollegen/"
PASSWORD = "Ein-langes-Testpasswort-42"
SENT = (
    "Die Einladung an {email} ist verschickt. Die Person erscheint hier, sobald sie die "
    "Einladung angenommen hat."
)


@pytest.fixture
def place(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    stade = make_region(name="Stade", slug="stade-kk")
    lueneburg = make_region(name="Lüneburg", slug="lueneburg-kk")
    vhs = make_actor(stade, name="Kreisvolkshochschule Stade", kind=Actor.Kind.VHS)
    kita = make_actor(stade, name="Kita Regenbogen", kind=Actor.Kind.KITA)
    verein = make_actor(lueneburg, name="TuS Lüneburg", kind=Actor.Kind.ASSOCIATION)
    head = make_user("leitung", is_staff=False, password=PASSWORD)
    head.first_name, head.last_name = "Hanna", "Leitung"
    head.save()
    InstitutionMembership.objects.create(user=head, actor=vhs, can_invite=True)
    InstitutionMembership.objects.create(user=head, actor=kita, can_invite=False)
    colleague = make_user("kollege", is_staff=False, password=PASSWORD)
    InstitutionMembership.objects.create(user=colleague, actor=vhs, can_invite=False)
    # Someone in Lüneburg with an account and a password: a person of another institution.
    trainer = make_user("trainerin", is_staff=False, password=PASSWORD)
    InstitutionMembership.objects.create(user=trainer, actor=verein)
    return {
        "stade": stade,
        "vhs": vhs,
        "kita": kita,
        "verein": verein,
        "head": head,
        "colleague": colleague,
        "trainer": trainer,
        "office": make_user("buero-kk", region=stade, role=StaffMembership.Role.COORDINATOR),
    }


def invite(client, email, institutions, **extra):
    return client.post(
        COLLEAGUES, {"email": email, "institutions": [i.pk for i in institutions], **extra}
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_page_lists_accepted_people_per_institution(client, place, django_assert_max_num_queries):
    pending = make_user("noch-nicht", is_staff=False)  # invited, no password yet
    InstitutionMembership.objects.create(user=pending, actor=place["vhs"])
    client.force_login(place["head"])
    # 8, and the region hosts once per content generation (regions.hosts)
    with django_assert_max_num_queries(9):
        response = client.get(COLLEAGUES)
    assert response.status_code == 200
    groups = [
        (g["institution"].name, [m.user.username for m in g["members"]], g["may_invite"])
        for g in response.context["groups"]
    ]
    assert groups == [
        ("Kita Regenbogen", ["leitung"], False),
        ("Kreisvolkshochschule Stade", ["kollege", "leitung"], True),
    ]
    html = response.content.decode()
    assert "noch-nicht" not in html
    assert "Hanna Leitung · leitung@example.org (Sie) · darf einladen" in html
    assert list(response.context["form"].fields["institutions"].queryset) == [place["vhs"]]
    # One institution to invite for: it is ticked already.
    assert response.context["form"]["institutions"].value() == [place["vhs"].pk]


def test_page_is_forbidden_without_institution_and_asks_anonymous_to_log_in(client, place):
    assert client.get(COLLEAGUES)["Location"] == f"/anmelden/?next={COLLEAGUES}"
    client.force_login(place["office"])
    assert client.get(COLLEAGUES).status_code == 403


def test_new_address_gets_an_account_and_an_invitation_naming_the_colleague(
    client, place, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(place["head"])
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            client,
            "Nora.Neu@vhs-stade.example",
            [place["vhs"]],
            first_name="Nora",
            last_name="Neu",
            can_invite="on",
        )
    assert (response.status_code, response["Location"]) == (302, COLLEAGUES)
    account = User.objects.get(email="Nora.Neu@vhs-stade.example")
    assert (account.is_staff, account.has_usable_password(), account.get_full_name()) == (
        False,
        False,
        "Nora Neu",
    )
    assert list(account.institution_memberships.values_list("actor", "can_invite")) == [
        (place["vhs"].pk, True)
    ]
    [mail] = mailoutbox
    assert mail.subject == "Einladung ins Bildungsportal: die Einträge Ihrer Einrichtung pflegen"
    assert "Hanna Leitung lädt Sie in das Portal der Bildungsregionen ein." in mail.body
    assert "- Kreisvolkshochschule Stade" in mail.body
    page = client.get(COLLEAGUES)
    assert messages_of(page) == [SENT.format(email="Nora.Neu@vhs-stade.example")]
    members = [m.user.username for g in page.context["groups"] for m in g["members"]]
    assert "Nora.Neu@vhs-stade.example" not in members  # listed once she has accepted

    link = re.search(r"http://testserver(/einladung/\S+/)", mail.body).group(1)
    client.logout()
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.force_login(place["head"])
    assert "Nora Neu" in client.get(COLLEAGUES).content.decode()


def _answer(client, email, place, mailoutbox, capture):
    """What the inviting member gets to see for ``email``: status, messages, the page after."""
    with capture(execute=True):
        response = invite(client, email, [place["vhs"]])
    page = client.get(COLLEAGUES)
    mails = list(mailoutbox)
    mailoutbox.clear()
    listed = [m.user.username for g in page.context["groups"] for m in g["members"]]
    answer = (response.status_code, response.get("Location"), messages_of(page), tuple(listed))
    return answer, mails


def test_existing_accounts_get_the_same_answer_as_a_new_address(
    client, place, mailoutbox, django_capture_on_commit_callbacks
):
    """No disclosure: a colleague learns nothing of whether an address has an account."""
    staff = place["office"]
    superuser = make_user("land", is_superuser=True)
    client.force_login(place["head"])
    answers, mails = {}, {}
    for key, email in {
        "new": "ganz.neu@example.org",
        "account with password": place["trainer"].email.upper(),
        "staff": staff.email,
        "superuser": superuser.email,
    }.items():
        answer, mails[key] = _answer(
            client, email, place, mailoutbox, django_capture_on_commit_callbacks
        )
        status, location, messages, listed = answer
        answers[key] = (status, location, tuple(m.replace(email, "…") for m in messages), listed)
    assert len(set(answers.values())) == 1, answers
    assert answers["new"][0] == 302
    assert [m.subject for m in mails["new"]] == [
        "Einladung ins Bildungsportal: die Einträge Ihrer Einrichtung pflegen"
    ]
    assert [(m.to, m.subject) for m in mails["account with password"]] == [
        (
            [place["trainer"].email],
            "Bildungsportal: Bitte bestätigen Sie eine weitere Einrichtung",
        )
    ]
    assert mails["staff"] == mails["superuser"] == []
    # Nobody became a member without consent.
    for account in (place["trainer"], staff, superuser):
        assert not account.institution_memberships.filter(actor=place["vhs"]).exists()


def test_an_account_confirms_the_further_institution_with_its_link(
    client, place, mailoutbox, django_capture_on_commit_callbacks
):
    trainer = place["trainer"]
    client.force_login(place["head"])
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, trainer.email, [place["vhs"]], can_invite="on")
    [mail] = mailoutbox
    assert "Hanna Leitung möchte, dass Sie im Portal der Bildungsregionen auch für" in mail.body
    path = re.search(r"http://testserver(/mein-bereich/kolleginnen-und-kollegen/\S+/)", mail.body)
    path = path.group(1)

    client.logout()
    assert client.get(path)["Location"].startswith("/anmelden/?next=")
    # Another account that follows the link: it belongs to someone else.
    client.force_login(place["colleague"])
    assert client.get(path).status_code == 403
    assert client.post(path).status_code == 403
    assert not trainer.institution_memberships.filter(actor=place["vhs"]).exists()

    client.force_login(trainer)
    page = client.get(path)
    assert page.status_code == 200
    assert "Kreisvolkshochschule Stade (Bildungsregion Stade)" in page.content.decode()
    response = client.post(path, follow=True)
    assert response.redirect_chain == [(COLLEAGUES, 302)]
    assert messages_of(response) == ["Sie arbeiten jetzt auch für: Kreisvolkshochschule Stade."]
    assert sorted(trainer.institution_memberships.values_list("actor", "can_invite")) == sorted(
        [(place["verein"].pk, True), (place["vhs"].pk, True)]
    )
    # Twice is once.
    client.post(path)
    assert trainer.institution_memberships.count() == 2
    # And the inviting member now sees her.
    client.force_login(place["head"])
    assert "trainerin" in client.get(COLLEAGUES).content.decode()


def test_confirm_link_is_void_once_the_inviter_may_no_longer_invite(
    client, place, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(place["head"])
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, place["trainer"].email, [place["vhs"]])
    path = re.search(r"http://testserver(/mein-bereich/\S+/)", mailoutbox[0].body).group(1)
    InstitutionMembership.objects.filter(user=place["head"], actor=place["vhs"]).update(
        can_invite=False
    )
    client.force_login(place["trainer"])
    response = client.post(path)
    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "nicht mehr gültig" in response.content.decode()
    assert not place["trainer"].institution_memberships.filter(actor=place["vhs"]).exists()


def test_confirm_link_expires_and_cannot_be_forged(
    client, place, settings, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(place["head"])
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, place["trainer"].email, [place["vhs"]])
    path = re.search(r"http://testserver(/mein-bereich/\S+/)", mailoutbox[0].body).group(1)
    client.force_login(place["trainer"])
    forged = path.replace("/bestaetigen/", "/bestaetigen/x")
    assert client.get(forged).context["validlink"] is False
    settings.PASSWORD_RESET_TIMEOUT = -1
    assert client.get(path).context["validlink"] is False
    with pytest.raises(ValidationError):
        invitations.colleague_confirm(token=path.split("/")[-2], by=place["trainer"])


def test_an_account_without_password_gets_the_institution_and_its_invitation_again(
    client, place, mailoutbox, django_capture_on_commit_callbacks
):
    waiting = make_user("wartet", is_staff=False)
    InstitutionMembership.objects.create(user=waiting, actor=place["verein"])
    client.force_login(place["head"])
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, waiting.email, [place["vhs"]])
    assert response.status_code == 302
    assert sorted(waiting.institution_memberships.values_list("actor", "can_invite")) == sorted(
        [(place["verein"].pk, True), (place["vhs"].pk, False)]
    )
    [mail] = mailoutbox
    assert "/einladung/" in mail.body
    assert "- Kreisvolkshochschule Stade" in mail.body
    assert "- TuS Lüneburg" in mail.body


def test_member_without_the_right_sees_no_form_and_may_not_post(
    client, place, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(place["colleague"])
    page = client.get(COLLEAGUES)
    assert page.context["form"] is None
    assert "Kollegin oder Kollegen einladen" not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(client, "x@example.org", [place["vhs"]]).status_code == 403
    assert mailoutbox == []


def test_the_service_refuses_institutions_the_member_may_not_invite_for(place):
    """The view's form offers only the right institutions; the service checks them itself."""
    for institutions in ([place["kita"]], [place["verein"]], [place["vhs"], place["kita"]]):
        with pytest.raises(PermissionDenied):
            invitations.colleague_invite(
                email="x@example.org",
                institutions=institutions,
                by=place["head"],
                base_url="http://testserver/",
            )
    with pytest.raises(ValidationError):
        invitations.colleague_invite(
            email="x@example.org", institutions=[], by=place["head"], base_url="/"
        )
    assert not User.objects.filter(email="x@example.org").exists()


def test_form_errors_are_german_and_keep_what_was_typed(client, place):
    client.force_login(place["head"])
    response = client.post(
        COLLEAGUES, {"email": "keine-adresse", "first_name": "Nora", "last_name": "N" * 151}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de."],
        "last_name": ["Bitte kürzen Sie den Nachnamen auf 150 Zeichen."],
        "institutions": ["Bitte wählen Sie mindestens eine Einrichtung."],
    }
    html = response.content.decode()
    assert 'value="keine-adresse"' in html
    assert 'value="Nora"' in html
    assert html.count('id="fehlerliste"') == 1
    assert "<title>Fehler:" in html


def test_address_that_cannot_be_a_username_gets_the_neutral_answer(client, place):
    client.force_login(place["head"])
    for email in ("o'brien@example.org",):
        response = invite(client, email, [place["vhs"]])
        assert response.status_code == 200
        assert response.context["form"].errors == {"email": [invitations.not_invitable_message()]}


def test_colleague_invitations_count_against_the_same_limits(
    client, place, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """Per address across new and existing accounts alike (3), and per sender."""
    client.force_login(place["head"])
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert invite(client, place["trainer"].email, [place["vhs"]]).status_code == 302
    refused = invite(client, place["trainer"].email, [place["vhs"]])
    assert refused.status_code == 429
    assert refused.context["form"]["email"].value() == place["trainer"].email
    [error] = refused.context["form"].errors["email"]
    assert error.startswith("Zu viele Anfragen.")
    assert len(mailoutbox) == 3

    settings.INVITATION_LIMIT_PER_SENDER = 4  # three used above
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(client, "eins@example.org", [place["vhs"]]).status_code == 302
    assert invite(client, "zwei@example.org", [place["vhs"]]).status_code == 429
    assert not User.objects.filter(email="zwei@example.org").exists()


def test_office_marks_who_may_invite_when_inviting_in_the_admin(
    client, place, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(place["office"])
    url = reverse("admin:bildungsregion_user_invite")
    form = client.get(url).context["form"]
    assert form["can_invite"].value() is True
    assert "Kita Regenbogen – Kita (Stade)" in [
        label for _pk, label in form.fields["institutions"].choices
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {"email": "mit@example.org", "institutions": [place["kita"].pk], "can_invite": "on"},
        )
        client.post(url, {"email": "ohne@example.org", "institutions": [place["kita"].pk]})
    assert _rights("mit@example.org") == [(place["kita"].pk, True)]
    assert _rights("ohne@example.org") == [(place["kita"].pk, False)]
    assert "das Bildungsbüro der Bildungsregion Stade lädt Sie" in mailoutbox[0].body


def _rights(email):
    return list(
        InstitutionMembership.objects.filter(user__email=email).values_list("actor", "can_invite")
    )


def test_membership_admin_sets_the_right_to_invite(client, place):
    client.force_login(place["office"])
    membership = InstitutionMembership.objects.get(user=place["colleague"], actor=place["vhs"])
    url = reverse("admin:actors_institutionmembership_change", args=[membership.pk])
    response = client.post(
        url, {"user": place["colleague"].pk, "actor": place["vhs"].pk, "can_invite": "on"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.can_invite is True
    listing = client.get(reverse("admin:actors_institutionmembership_changelist"))
    assert "Art der Einrichtung" in listing.content.decode()


def test_accepted_memberships_counts_a_password_or_a_login():
    region = make_region()
    actor = make_actor(region)
    with_password = make_user("mit-passwort", is_staff=False, password=PASSWORD)
    logged_in = make_user("angemeldet", is_staff=False)
    User.objects.filter(pk=logged_in.pk).update(last_login="2026-01-01T00:00:00Z")
    invited = make_user("eingeladen", is_staff=False)
    inactive = make_user("inaktiv", is_staff=False, password=PASSWORD)
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    for user in (with_password, logged_in, invited, inactive):
        InstitutionMembership.objects.create(user=user, actor=actor)
    accepted = invitations.accepted_memberships().values_list("user__username", flat=True)
    assert sorted(accepted) == ["angemeldet", "mit-passwort"]
    assert make_password(None).startswith("!")


def test_a_member_leaves_an_institution_and_only_their_own(client, place):
    head = place["head"]
    leave_vhs = reverse("actors:institution-leave", args=[place["vhs"].pk])
    leave_verein = reverse("actors:institution-leave", args=[place["verein"].pk])
    assert client.get(leave_vhs)["Location"] == f"/anmelden/?next={leave_vhs}"
    client.force_login(head)
    assert client.get(leave_verein).status_code == 404
    assert client.post(leave_verein).status_code == 404
    assert place["trainer"].institution_memberships.count() == 1

    page = client.get(leave_vhs)
    assert (
        "Möchten Sie nicht mehr für Kreisvolkshochschule Stade arbeiten?" in page.content.decode()
    )
    response = client.post(leave_vhs, follow=True)
    assert response.redirect_chain == [(COLLEAGUES, 302)]
    assert messages_of(response) == ["Sie arbeiten nicht mehr für Kreisvolkshochschule Stade."]
    assert list(head.institution_memberships.values_list("actor", flat=True)) == [place["kita"].pk]
    history = InstitutionMembership.history.filter(actor=place["vhs"], user=head).latest(
        "history_date"
    )
    assert (history.history_type, history.history_user) == ("-", head)
    # The colleague stays.
    assert place["colleague"].institution_memberships.filter(actor=place["vhs"]).exists()

    last = client.post(reverse("actors:institution-leave", args=[place["kita"].pk]))
    assert last["Location"] == "/mein-bereich/"
    assert not head.institution_memberships.exists()
    assert client.get(COLLEAGUES).status_code == 403


def test_office_adds_an_existing_account_to_a_further_institution(client, place):
    """One person, several institutions: the office adds the membership in the admin."""
    client.force_login(place["office"])
    response = client.post(
        reverse("admin:actors_institutionmembership_add"),
        {"user": place["colleague"].pk, "actor": place["kita"].pk},
    )
    assert response.status_code == 302
    assert sorted(
        place["colleague"].institution_memberships.values_list("actor", "can_invite")
    ) == sorted([(place["vhs"].pk, False), (place["kita"].pk, False)])
    # An institution of another region is not the office's to give.
    refused = client.post(
        reverse("admin:actors_institutionmembership_add"),
        {"user": place["colleague"].pk, "actor": place["verein"].pk},
    )
    assert refused.status_code == 200
    assert "actor" in refused.context["adminform"].form.errors
    assert place["colleague"].institution_memberships.count() == 2
