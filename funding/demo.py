"""Demo applications to Lüneburg's Förderfonds (``manage.py demo_data``), so that the call
page, the provider area and the admin show applications in every state.

The call itself is real (regions/data/funding_calls.json, from the seed); the applications,
their projects, amounts, reviews and decisions are invented, and they are made only by the
demo institutions of the demo data (addresses under ``.example``), never by a real school.
The demo school account ``schule-lueneburg`` gets a draft and a granted application of its
own school. Idempotent: an application is keyed by its call and title.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from actors.models import Actor

from .models import Application, ApplicationStatus, Call, CostLine, Review

CALL_SLUG = "foerderfonds-kulturelle-bildung-lueneburg"
OFFICE_USERNAME = "buero-lueneburg"
SCHOOL_USERNAME = "schule-lueneburg"

# (title, status, requested, granted, consent, cost lines, own institution of the demo school)
DEMO_APPLICATIONS = [
    (
        "Schultheater: Wir spielen unsere Stadt",
        ApplicationStatus.DRAFT,
        Decimal("3200.00"),
        None,
        False,
        [("Honorar Theaterpädagogin", Decimal("2400.00")), ("Kostüme", Decimal("800.00"))],
        True,
    ),
    (
        "Trommelwerkstatt für die Kita",
        ApplicationStatus.SUBMITTED,
        Decimal("1800.00"),
        None,
        True,
        [("Honorar Musiker", Decimal("1200.00")), ("Instrumente", Decimal("600.00"))],
        False,
    ),
    (
        "Comic-AG mit einer Zeichnerin",
        ApplicationStatus.IN_REVIEW,
        Decimal("2500.00"),
        None,
        True,
        [("Honorar Zeichnerin", Decimal("2000.00")), ("Druck", Decimal("500.00"))],
        False,
    ),
    (
        "Tanzprojekt „Bewegte Pause“",
        ApplicationStatus.GRANTED,
        Decimal("4000.00"),
        Decimal("3500.00"),
        True,
        [("Honorar Tanzpädagoge", Decimal("3000.00")), ("Abschlussaufführung", Decimal("1000.00"))],
        True,
    ),
    (
        "Museumskoffer für die Grundschule",
        ApplicationStatus.REPORT_DUE,
        Decimal("1500.00"),
        Decimal("1500.00"),
        True,
        [("Materialien", Decimal("900.00")), ("Führungen", Decimal("600.00"))],
        False,
    ),
    (
        "Fotowoche in der Oberstufe",
        ApplicationStatus.REJECTED,
        Decimal("6000.00"),
        None,
        False,
        [("Kameras", Decimal("6000.00"))],
        False,
    ),
    (
        "Lesenacht mit Autorin",
        ApplicationStatus.CLOSED,
        Decimal("900.00"),
        Decimal("800.00"),
        True,
        [("Honorar Autorin", Decimal("700.00")), ("Verpflegung", Decimal("200.00"))],
        False,
    ),
]


def _demo_institutions(call):
    """The demo institutions of the call's region that may apply (never a real one)."""
    return list(
        Actor.objects.filter(
            region=call.programme.region,
            kind__in=call.eligible_kinds,
            email__endswith=".example",
        ).order_by("kind", "name")
    )


@transaction.atomic
def demo_applications_load(today=None):
    """Create the missing demo applications; returns how many were created (0 without the
    call or the demo institutions)."""
    today = today or timezone.localdate()
    call = Call.objects.filter(slug=CALL_SLUG).select_related("programme__region").first()
    if call is None:
        return 0
    institutions = _demo_institutions(call)
    User = get_user_model()
    office = User.objects.filter(username=OFFICE_USERNAME).first()
    school_user = User.objects.filter(username=SCHOOL_USERNAME).first()
    own_school = (
        Actor.objects.filter(user_memberships__user=school_user).first() if school_user else None
    )
    if not institutions:
        return 0
    now = timezone.now()
    created = 0
    others = [i for i in institutions if i != own_school] or institutions
    for number, (title, status, requested, granted, consent, lines, own) in enumerate(
        DEMO_APPLICATIONS
    ):
        if Application.objects.filter(call=call, title=title).exists():
            continue
        institution = own_school if own and own_school else others[number % len(others)]
        submitted = status != ApplicationStatus.DRAFT
        application = Application.objects.create(
            call=call,
            institution=institution,
            created_by=school_user if institution == own_school else None,
            title=title,
            aims="Kinder und Jugendliche erleben Kunst und Kultur selbst (Demo-Antrag).",
            target_group="Zwei Lerngruppen, etwa 40 Kinder (Demo-Angabe).",
            schedule="Im kommenden Schulhalbjahr, wöchentlich (Demo-Angabe).",
            partners="Eine freischaffende Künstlerin (Demo-Angabe).",
            own_share=Decimal("200.00"),
            requested_amount=requested,
            publish_consent=consent,
            status=status,
            submitted_at=now - datetime.timedelta(days=40 - number) if submitted else None,
        )
        CostLine.objects.bulk_create(
            CostLine(application=application, item=item, amount=amount) for item, amount in lines
        )
        decided = status in (
            ApplicationStatus.GRANTED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.REPORT_DUE,
            ApplicationStatus.CLOSED,
        )
        if office is not None and status not in (
            ApplicationStatus.DRAFT,
            ApplicationStatus.SUBMITTED,
        ):
            Review.objects.get_or_create(
                application=application,
                reviewer=office,
                defaults={"comment": "Demo-Bewertung: schlüssiges Konzept, Kosten angemessen."},
            )
        if decided:
            application.granted_amount = granted
            application.decided_at = now - datetime.timedelta(days=20 - number)
            application.decided_by = office
            application.decision_reason = (
                "Demo-Begründung: Das Vorhaben dient der kulturellen Bildung."
                if granted
                else "Demo-Begründung: Die Kosten liegen über dem Rahmen des Fonds."
            )
        if status in (ApplicationStatus.REPORT_DUE, ApplicationStatus.CLOSED):
            application.paid_at = now - datetime.timedelta(days=15)
            application.report_due_on = today + datetime.timedelta(
                days=10 if status == ApplicationStatus.REPORT_DUE else -5
            )
        if status == ApplicationStatus.CLOSED:
            application.report_submitted_at = now - datetime.timedelta(days=6)
            application.closed_at = now - datetime.timedelta(days=2)
            application.closed_by = office
        application.save()
        created += 1
    return created
