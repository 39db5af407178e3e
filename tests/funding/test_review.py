"""Review in the admin (scoped to the call's region): reviewers score each application on the
call's criteria and comment; the coordination sees the scores and averages before deciding."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from funding import services
from funding.models import Review, Score
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_actor, make_region

from .conftest import make_application, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(call):
    """The permission matrix: the applicant, a member of another institution of the region,
    staff of another region, a reviewer (Redaktion) and the coordination of the region."""
    region = call.programme.region
    application = make_application(call, status="eingereicht", requested_amount=Decimal("2000"))
    other_school = make_actor(region, kind="grundschule")
    return {
        "application": application,
        "applicant": make_member(application.institution, "antrag"),
        "other_institution": make_member(other_school, "andere"),
        "other_region": make_user(
            "fremd", region=make_region(), role=StaffMembership.Role.COORDINATOR
        ),
        "reviewer": make_user("gutachten", region=region, role=StaffMembership.Role.EDITOR),
        "coordinator": make_user(
            "koordination", region=region, role=StaffMembership.Role.COORDINATOR
        ),
    }


ROLES = ["applicant", "other_institution", "other_region", "reviewer", "coordinator"]


def _statuses(client, people, url):
    statuses = {}
    for role in ROLES:
        client.force_login(people[role])
        statuses[role] = client.get(url).status_code
    return statuses


def test_permission_matrix_of_review_decision_and_application_pages(client, people):
    application = people["application"]
    review = reverse("admin:funding_application_review", args=[application.pk])
    decide = reverse("admin:funding_application_decide", args=[application.pk])
    change = reverse("admin:funding_application_change", args=[application.pk])
    own = reverse("funding:application-detail", args=[application.pk])
    # Accounts without staff status are sent to the admin's login (302).
    assert _statuses(client, people, review) == {
        "applicant": 302,
        "other_institution": 302,
        "other_region": 404,
        "reviewer": 200,
        "coordinator": 200,
    }
    assert _statuses(client, people, decide) == {
        "applicant": 302,
        "other_institution": 302,
        "other_region": 404,
        "reviewer": 403,
        "coordinator": 200,
    }
    assert _statuses(client, people, change) == {
        "applicant": 302,
        "other_institution": 302,
        "other_region": 404,
        "reviewer": 200,
        "coordinator": 200,
    }
    # The provider area: the applicant's own institution only; to everybody else it is 404.
    assert _statuses(client, people, own) == {
        "applicant": 200,
        "other_institution": 404,
        "other_region": 404,
        "reviewer": 404,
        "coordinator": 404,
    }


def test_posting_a_review_is_refused_outside_the_region(client, people, call):
    application = people["application"]
    url = reverse("admin:funding_application_review", args=[application.pk])
    data = {f"kriterium_{c.pk}": "3" for c in call.criteria.all()}
    for role, status in [("other_region", 404), ("applicant", 302)]:
        client.force_login(people[role])
        assert client.post(url, data).status_code == status
    assert not Review.objects.exists()


def test_reviewer_scores_every_criterion_within_its_range(client, people, call):
    application = people["application"]
    teilhabe, nachhaltigkeit = call.criteria.order_by("position")
    nachhaltigkeit.max_score = 3
    nachhaltigkeit.save()
    url = reverse("admin:funding_application_review", args=[application.pk])
    client.force_login(people["reviewer"])
    response = client.post(
        url,
        {f"kriterium_{teilhabe.pk}": "5", f"kriterium_{nachhaltigkeit.pk}": "4", "comment": "Gut"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"kriterium_{nachhaltigkeit.pk}": ["Dieser Wert muss kleiner oder gleich 3 sein."]
    }
    # What was typed stays in the form.
    assert 'value="5"' in response.content.decode()
    assert "Gut" in response.content.decode()
    response = client.post(url, {f"kriterium_{teilhabe.pk}": "5", "comment": "Gut"})
    assert f"kriterium_{nachhaltigkeit.pk}" in response.context["form"].errors

    response = client.post(
        url,
        {f"kriterium_{teilhabe.pk}": "5", f"kriterium_{nachhaltigkeit.pk}": "2", "comment": "Gut"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "in_pruefung"
    review = Review.objects.get()
    assert (review.reviewer, review.comment) == (people["reviewer"], "Gut")
    assert sorted(Score.objects.values_list("criterion__name", "score")) == [
        ("Kulturelle Teilhabe", 5),
        ("Nachhaltigkeit", 2),
    ]
    # A second post changes the same review: one per reviewer and application.
    client.post(
        url,
        {
            f"kriterium_{teilhabe.pk}": "4",
            f"kriterium_{nachhaltigkeit.pk}": "3",
            "comment": "Besser",
        },
    )
    assert Review.objects.count() == 1
    assert sorted(Score.objects.values_list("score", flat=True)) == [3, 4]


def test_review_service_checks_rights_range_and_status(people, call):
    application = people["application"]
    criteria = list(call.criteria.all())
    scores = {c.pk: 1 for c in criteria}
    with pytest.raises(PermissionDenied):
        services.review_save(
            application=application, by=people["other_region"], scores=scores, comment=""
        )
    with pytest.raises(ValidationError) as error:
        services.review_save(
            application=application,
            by=people["reviewer"],
            scores={**scores, criteria[0].pk: 6},
            comment="",
        )
    assert error.value.message_dict == {
        f"kriterium_{criteria[0].pk}": ["Zwischen 0 und 5 Punkten."]
    }
    draft = make_application(call)
    with pytest.raises(ValidationError):
        services.review_save(application=draft, by=people["reviewer"], scores=scores, comment="")


def test_decision_page_shows_scores_and_averages(client, people, call):
    application = people["application"]
    teilhabe, nachhaltigkeit = call.criteria.order_by("position")  # weights 2 and 1
    services.review_save(
        application=application,
        by=people["reviewer"],
        scores={teilhabe.pk: 5, nachhaltigkeit.pk: 2},
        comment="Starkes Konzept",
    )
    services.review_save(
        application=application,
        by=people["coordinator"],
        scores={teilhabe.pk: 4, nachhaltigkeit.pk: 3},
        comment="Kosten prüfen",
    )
    summary = services.review_summary(application)
    assert summary["averages"] == [Decimal("4.5"), Decimal("2.5")]
    # (4.5 * 2 + 2.5 * 1) / (5 * 2 + 5 * 1) = 11.5 / 15
    assert round(summary["weighted"], 1) == Decimal("76.7")
    client.force_login(people["coordinator"])
    page = client.get(reverse("admin:funding_application_decide", args=[application.pk]))
    content = page.content.decode()
    assert "Starkes Konzept" in content and "Kosten prüfen" in content
    assert "4,5" in content and "2,5" in content
    assert "gewichtet: 77 % der möglichen Punkte" in content
