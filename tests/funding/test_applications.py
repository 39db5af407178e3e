"""The provider area's applications: who sees what, drafts, submitting before the deadline."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funding.models import Application
from tests.factories import make_actor, make_region

from .conftest import make_application, make_call, make_member, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(call):
    return make_actor(call.programme.region, name="Grundschule am Park", kind="grundschule")


@pytest.fixture
def member(school):
    return make_member(school, "lehrerin")


def form_data(call, **overrides):
    questions = list(call.questions.all())
    data = {
        "title": "Theater in der Schule",
        "aims": "Kinder spielen Theater.",
        "target_group": "Klassen 3 und 4",
        "schedule": "Frühjahr 2027",
        "partners": "",
        "own_share": "200,00",
        "requested_amount": "1500,00",
        "kosten-TOTAL_FORMS": "2",
        "kosten-INITIAL_FORMS": "0",
        "kosten-MIN_NUM_FORMS": "0",
        "kosten-MAX_NUM_FORMS": "50",
        "kosten-0-item": "Honorar Theaterpädagogin",
        "kosten-0-amount": "1200,00",
        "kosten-1-item": "Material",
        "kosten-1-amount": "500,00",
        f"frage_{questions[0].pk}": "Über die Klassenleitungen.",
        f"frage_{questions[1].pk}": "",
        "anlage-title": "",
    }
    data.update(overrides)
    return data


def test_application_pages_send_anonymous_visitors_to_login(client, call):
    application = make_application(call)
    for url in (
        reverse("funding:application-list"),
        reverse("funding:application-create", kwargs={"slug": call.slug}),
        reverse("funding:application-detail", kwargs={"pk": application.pk}),
        reverse("funding:application-edit", kwargs={"pk": application.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_application_pages_refuse_accounts_without_institution(client, call, django_user_model):
    client.force_login(django_user_model.objects.create_user("ohne", email="ohne@example.org"))
    assert client.get(reverse("funding:application-list")).status_code == 403
    url = reverse("funding:application-create", kwargs={"slug": call.slug})
    assert client.get(url).status_code == 403


def test_application_of_another_institution_is_404(client, call, member):
    other = make_application(call, title="Fremder Antrag")
    client.force_login(member)
    for name in ("application-detail", "application-edit"):
        assert client.get(reverse(f"funding:{name}", kwargs={"pk": other.pk})).status_code == 404
    response = client.get(reverse("funding:application-list"))
    assert response.context["applications"] == []


def test_other_regions_staff_and_members_see_nothing(client, call):
    elsewhere = make_actor(make_region(), kind="grundschule")
    outsider = make_member(elsewhere, "woanders")
    mine = make_application(call)
    client.force_login(outsider)
    response = client.get(reverse("funding:application-list"))
    assert response.context["applications"] == []
    assert response.context["calls"] == []
    assert client.get(mine.get_absolute_url()).status_code == 404


def test_institution_of_another_region_is_told_and_cannot_apply(client, call):
    elsewhere = make_actor(make_region(name="Stade"), name="GS Stade", kind="grundschule")
    user = make_member(elsewhere, "stade")
    client.force_login(user)
    url = reverse("funding:application-create", kwargs={"slug": call.slug})
    response = client.get(url)
    assert response.status_code == 200
    assert "form" not in response.context or response.context["form"] is None
    assert "GS Stade liegt nicht in der Region" in response.context["refusal"]
    response = client.post(url, form_data(call, institution=elsewhere.pk))
    assert response.status_code == 403
    assert Application.objects.count() == 0


def test_institution_of_another_kind_is_told_and_cannot_apply(client, call):
    company = make_actor(call.programme.region, name="Bäckerei", kind="unternehmen")
    client.force_login(make_member(company, "baecker"))
    url = reverse("funding:application-create", kwargs={"slug": call.slug})
    response = client.get(url)
    assert response.context["refusal"] == (
        "Einrichtungen der Art „Unternehmen“ können diese Förderung nicht beantragen."
    )
    assert client.post(url, form_data(call, institution=company.pk)).status_code == 403
    assert Application.objects.count() == 0


def test_draft_is_saved_with_cost_plan_answers_and_attachment(client, call, school, member):
    client.force_login(member)
    url = reverse("funding:application-create", kwargs={"slug": call.slug})
    data = form_data(call, institution=school.pk, **{"anlage-title": "Kostenangebot"})
    data["anlage-file"] = SimpleUploadedFile(
        "angebot.pdf", b"%PDF-1.4 test", content_type="application/pdf"
    )
    response = client.post(url, data)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "funding:application-edit", kwargs={"pk": application.pk}
    )
    assert application.status == "entwurf"
    assert application.created_by == member
    assert application.requested_amount == Decimal("1500.00")
    assert application.own_share == Decimal("200.00")
    assert [(line.item, line.amount) for line in application.cost_lines.all()] == [
        ("Honorar Theaterpädagogin", Decimal("1200.00")),
        ("Material", Decimal("500.00")),
    ]
    assert [a.text for a in application.answers.all()] == ["Über die Klassenleitungen.", ""]
    assert [a.title for a in application.attachments.all()] == ["Kostenangebot"]


def test_wrong_input_keeps_what_was_typed_with_german_errors(client, call, school, member):
    client.force_login(member)
    url = reverse("funding:application-create", kwargs={"slug": call.slug})
    data = form_data(
        call, institution=school.pk, title="", requested_amount="viel", **{"kosten-1-amount": "x"}
    )
    data["anlage-title"] = "Programm"
    data["anlage-file"] = SimpleUploadedFile("programm.exe", b"MZ", content_type="text/plain")
    response = client.post(url, data)
    assert response.status_code == 200
    assert Application.objects.count() == 0
    form = response.context["form"]
    assert form.errors == {
        "title": ["Dieses Feld ist zwingend erforderlich."],
        "requested_amount": ["Bitte eine Zahl eingeben."],
    }
    assert response.context["cost_lines"].forms[1].errors == {
        "amount": ["Bitte eine Zahl eingeben."]
    }
    assert "Dateityp „exe“ ist nicht erlaubt" in response.context["attachment"].errors["file"][0]
    html = response.content.decode()
    assert "Kinder spielen Theater." in html
    assert "Honorar Theaterpädagogin" in html
    assert response.context["error_count"] == 4


def test_submit_before_deadline_sets_status_and_refuses_missing_answers(
    client, call, school, member
):
    client.force_login(member)
    url = reverse("funding:application-create", kwargs={"slug": call.slug})
    question = call.questions.first()
    response = client.post(
        url, form_data(call, institution=school.pk, einreichen="1", **{f"frage_{question.pk}": ""})
    )
    application = Application.objects.get()
    # Saved as a draft, not submitted: the required question has no answer.
    assert response.status_code == 200
    assert application.status == "entwurf"
    assert response.context["answers"].errors == {
        f"frage_{question.pk}": ["Zum Einreichen braucht diese Frage eine Antwort."]
    }
    edit = reverse("funding:application-edit", kwargs={"pk": application.pk})
    response = client.post(edit, form_data(call, einreichen="1"))
    assert response.status_code == 302, [f.errors for f in response.context["error_forms"]]
    application.refresh_from_db()
    assert application.status == "eingereicht"
    assert application.submitted_at is not None
    # Submitted: no more changes.
    response = client.post(edit, form_data(call, title="Anders"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.title == "Theater in der Schule"
    detail = client.get(application.get_absolute_url())
    assert "eingereicht" in detail.content.decode()


def test_submit_after_deadline_is_refused_in_german(client, school, member, today):
    call = make_call(
        programme=make_programme(school.region), deadline=today - datetime.timedelta(days=1)
    )
    draft = make_application(call, institution=school)
    client.force_login(member)
    edit = reverse("funding:application-edit", kwargs={"pk": draft.pk})
    response = client.post(edit, form_data_without_questions(einreichen="1"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"Die Antragsfrist ist am {call.deadline:%d.%m.%Y} abgelaufen. Der Antrag kann nicht "
        "mehr eingereicht werden."
    ]
    draft.refresh_from_db()
    assert draft.status == "entwurf"


def test_requested_amount_above_the_maximum_is_refused(client, school, member):
    call = make_call(programme=make_programme(school.region), max_amount=Decimal("1000.00"))
    client.force_login(member)
    url = reverse("funding:application-create", kwargs={"slug": call.slug})
    response = client.post(url, form_data_without_questions(institution=school.pk))
    assert response.context["form"].errors == {
        "requested_amount": ["Höchstens 1.000,00 € je Antrag."]
    }


def test_application_list_query_budget(client, call, school, member, django_assert_max_num_queries):
    for n in range(5):
        make_application(call, institution=school, title=f"Antrag {n}")
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("funding:application-list"))
    assert [a.title for a in response.context["applications"]] == [
        f"Antrag {n}" for n in (4, 3, 2, 1, 0)
    ]
    assert response.context["calls"] == [call]


def form_data_without_questions(**overrides):
    data = {
        "title": "Theater",
        "aims": "Ziele",
        "target_group": "Kinder",
        "schedule": "2027",
        "partners": "",
        "own_share": "0",
        "requested_amount": "1500,00",
        "kosten-TOTAL_FORMS": "1",
        "kosten-INITIAL_FORMS": "0",
        "kosten-MIN_NUM_FORMS": "0",
        "kosten-MAX_NUM_FORMS": "50",
        "kosten-0-item": "Honorar",
        "kosten-0-amount": "1500",
        "anlage-title": "",
    }
    data.update(overrides)
    return data


def test_a_saved_drafts_amounts_are_text_inputs_with_german_values(client, call, school, member):
    """A number input cannot hold "2400,00": the browser would empty it (the draft's amounts
    were lost on reload, found by tests/browser/test_funding_journey.py)."""
    application = make_application(
        call, school, own_share=Decimal("500.00"), requested_amount=Decimal("2500.00")
    )
    application.cost_lines.create(item="Honorar", amount=Decimal("2400.00"))
    client.force_login(member)
    html = client.get(reverse("funding:application-edit", args=[application.pk])).content.decode()
    for name, value in (
        ("own_share", "500,00"),
        ("requested_amount", "2500,00"),
        ("kosten-0-amount", "2400,00"),
    ):
        assert f'<input type="text" name="{name}" value="{value}" inputmode="decimal"' in html, name
