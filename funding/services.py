"""The steps of an application: save a draft, submit it before the deadline, decide on it.

Views, admin and tests call these functions; each checks its own rules again (who, when, how
much), whatever the caller already checked.
"""

import datetime
import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from actors.models import Actor
from bildungsregion import page_cache
from bildungsregion.links import absolute_url
from bildungsregion.mail import send_portal_mail

from .letters import decision_letter_filename, decision_letter_pdf
from .models import (
    Answer,
    Application,
    ApplicationStatus,
    Call,
    CostLine,
    ReportFile,
    Review,
    Score,
)

logger = logging.getLogger(__name__)

DRAFT_FIELDS = (
    "title",
    "aims",
    "target_group",
    "schedule",
    "partners",
    "own_share",
    "requested_amount",
    "publish_consent",
)
# What a submitted application must say (beyond the title, which every draft has).
REQUIRED_ON_SUBMIT = ("aims", "target_group", "schedule", "requested_amount")


def institutions_of(user):
    """The institutions ``user`` is a member of (any kind of actor)."""
    if not user.is_authenticated or not user.is_active:
        return Actor.objects.none()
    return Actor.objects.filter(user_memberships__user=user).order_by("name")


def _require_member(user, institution):
    if not institutions_of(user).filter(pk=institution.pk).exists():
        raise PermissionDenied(_("Sie arbeiten nicht für diese Einrichtung."))


def deadline_refusal(call, today=None):
    """Why ``call`` takes no applications today (a German sentence), or "" if it does."""
    today = today or timezone.localdate()
    if call.is_open(today):
        return ""
    if call.is_past(today):
        return _(
            "Die Antragsfrist ist am %(date)s abgelaufen. Der Antrag kann nicht mehr "
            "eingereicht werden."
        ) % {"date": formats.date_format(call.deadline, "SHORT_DATE_FORMAT")}
    return _("Anträge sind erst ab dem %(date)s möglich.") % {
        "date": formats.date_format(call.opens_on, "SHORT_DATE_FORMAT")
    }


@transaction.atomic
def application_save(*, call, institution, by, fields, cost_lines, answers, application=None):
    """Create or update a draft. ``fields``: values of DRAFT_FIELDS; ``cost_lines``: (item,
    amount) pairs, the whole plan; ``answers``: {question: text}. Raises PermissionDenied for
    somebody who does not work for the institution, ValidationError for an institution that may
    not apply or an application that is no draft any more."""
    _require_member(by, institution)
    refusal = call.refusal_for(institution)
    if refusal:
        raise ValidationError(refusal, code="not_eligible")
    if application is None:
        application = Application(call=call, institution=institution, created_by=by)
    elif not application.is_draft:
        raise ValidationError(
            _("Ein eingereichter Antrag kann nicht mehr geändert werden."), code="not_draft"
        )
    for name in DRAFT_FIELDS:
        if name in fields:
            setattr(application, name, fields[name])
    application.full_clean()
    application.save()
    application.cost_lines.all().delete()
    CostLine.objects.bulk_create(
        CostLine(application=application, item=item, amount=amount) for item, amount in cost_lines
    )
    for question, text in answers.items():
        if question.call_id != call.pk:
            continue
        Answer.objects.update_or_create(
            application=application, question=question, defaults={"text": text}
        )
    return application


@transaction.atomic
def application_submit(*, application, by, today=None, base_url=None):
    """Submit a draft before the deadline. Every missing piece is reported at once, keyed by
    the form field it belongs to (``frage_<pk>`` for an answer, ``kostenplan``). The region's
    office (the programme's contact address, else the Bildungsbüro's) gets a mail after the
    commit."""
    today = today or timezone.localdate()
    application = Application.objects.select_for_update().get(pk=application.pk)
    call = Call.objects.select_related("programme__region").get(pk=application.call_id)
    _require_member(by, application.institution)
    if not application.is_draft:
        raise ValidationError(_("Dieser Antrag ist schon eingereicht."), code="not_draft")
    refusal = call.refusal_for(application.institution) or deadline_refusal(call, today)
    if refusal:
        raise ValidationError(refusal, code="closed")
    errors = {}
    for name in REQUIRED_ON_SUBMIT:
        if getattr(application, name) in (None, ""):
            errors[name] = [_("Zum Einreichen braucht der Antrag diese Angabe.")]
    if (
        call.max_amount is not None
        and application.requested_amount is not None
        and application.requested_amount > call.max_amount
    ):
        errors["requested_amount"] = [
            _("Höchstens %(amount)s € je Antrag.")
            % {"amount": formats.number_format(call.max_amount, 2, force_grouping=True)}
        ]
    if not application.cost_lines.exists():
        errors["kostenplan"] = [_("Zum Einreichen braucht der Antrag mindestens einen Posten.")]
    answered = {answer.question_id for answer in application.answers.all() if answer.text.strip()}
    for question in call.questions.filter(required=True):
        if question.pk not in answered:
            errors[f"frage_{question.pk}"] = [_("Zum Einreichen braucht diese Frage eine Antwort.")]
    if errors:
        raise ValidationError(errors)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application._history_user = by
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    _mail_office_on_submit(application, call, base_url)
    return application


def office_addresses(call):
    """Where the region's office reads about a call's applications: the programme's contact
    address, else the Bildungsbüro's."""
    region = call.programme.region
    return [
        address for address in (call.programme.contact_email or region.office_email,) if address
    ]


def _mail_office_on_submit(application, call, base_url):
    path = reverse("admin:funding_application_change", args=[application.pk])
    send_portal_mail(
        template="funding_submitted",
        context={
            "application": application,
            "call": call,
            "region": call.programme.region,
            "admin_url": absolute_url(path, base_url=base_url),
        },
        to=office_addresses(call),
    )


DECIDABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)
# Reviews are written while the application waits for its decision.
REVIEWABLE = DECIDABLE


@transaction.atomic
def review_save(*, application, by, scores, comment):
    """Write ``by``'s review of ``application``: one Review per reviewer and application (a
    second call changes it), a Score for every criterion of the call (``scores``: {criterion
    pk: points}), each within 0 and the criterion's ``max_score``. The first review moves a
    submitted application to "in Prüfung". Errors are keyed ``kriterium_<pk>``."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not by.has_perm("funding.review_application", application):
        raise PermissionDenied(_("Sie können Anträge dieser Region nicht bewerten."))
    if application.status not in REVIEWABLE:
        raise ValidationError(
            _("Bewertet werden nur eingereichte Anträge, über die noch nicht entschieden ist."),
            code="not_reviewable",
        )
    criteria = list(application.call.criteria.all())
    errors = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        key = f"kriterium_{criterion.pk}"
        if value is None:
            errors[key] = [_("Bitte bewerten Sie dieses Kriterium.")]
        elif not 0 <= int(value) <= criterion.max_score:
            errors[key] = [_("Zwischen 0 und %(max)d Punkten.") % {"max": criterion.max_score}]
    if errors:
        raise ValidationError(errors)
    review, _created = Review.objects.update_or_create(
        application=application, reviewer=by, defaults={"comment": comment.strip()}
    )
    for criterion in criteria:
        Score.objects.update_or_create(
            review=review, criterion=criterion, defaults={"score": int(scores[criterion.pk])}
        )
    if application.status == ApplicationStatus.SUBMITTED:
        application.status = ApplicationStatus.IN_REVIEW
        application._history_user = by
        application.save(update_fields=["status", "updated_at"])
    return review


def review_summary(application):
    """What the coordination sees before deciding: the reviews (with their scores in the
    order of the criteria), the average per criterion and the weighted average of all.

    Returns {"criteria": [...], "reviews": [(review, [score or None per criterion])],
    "averages": [average or None per criterion], "weighted": the weighted averages' share of
    the possible points in per cent, or None}."""
    criteria = list(application.call.criteria.all())
    reviews = list(
        application.reviews.select_related("reviewer")
        .prefetch_related("scores")
        .order_by("created_at", "pk")
    )
    rows = []
    per_criterion = {criterion.pk: [] for criterion in criteria}
    for review in reviews:
        by_criterion = {score.criterion_id: score.score for score in review.scores.all()}
        rows.append((review, [by_criterion.get(criterion.pk) for criterion in criteria]))
        for criterion_pk, points in by_criterion.items():
            if criterion_pk in per_criterion:
                per_criterion[criterion_pk].append(points)
    averages = []
    weighted_sum = weighted_max = Decimal("0")
    for criterion in criteria:
        points = per_criterion[criterion.pk]
        if not points:
            averages.append(None)
            continue
        average = Decimal(sum(points)) / len(points)
        averages.append(average)
        weighted_sum += average * criterion.weight
        weighted_max += criterion.max_score * criterion.weight
    weighted = weighted_sum * 100 / weighted_max if weighted_max else None
    return {"criteria": criteria, "reviews": rows, "averages": averages, "weighted": weighted}


@transaction.atomic
def application_decide(
    *, application, by, granted_amount, reason, base_url=None, report_due_on=None
):
    """Grant (``granted_amount`` > 0) or reject (0) a submitted application, with a reason.

    The one rule of the budget: never more than was requested, never more than the call still
    holds. The call's row is locked (select_for_update) while the sum of what it granted is
    read and the decision written, so that two decisions at once cannot overspend it. The
    applicant's members get the decision by mail after the commit."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    call = Call.objects.select_for_update().get(pk=application.call_id)
    if not by.has_perm("funding.decide_application", application):
        raise PermissionDenied(_("Über Förderanträge entscheidet die Koordination."))
    if application.status not in DECIDABLE:
        raise ValidationError(
            _("Entschieden wird nur über eingereichte Anträge."), code="not_decidable"
        )
    granted_amount = Decimal(granted_amount)
    errors = {}
    if not reason.strip():
        errors["reason"] = [_("Bitte begründen Sie die Entscheidung.")]
    if granted_amount < 0:
        errors["granted_amount"] = [_("Der Betrag darf nicht negativ sein.")]
    elif granted_amount > application.requested_amount:
        errors["granted_amount"] = [
            _("Höchstens der beantragte Betrag: %(amount)s €.")
            % {
                "amount": formats.number_format(
                    application.requested_amount, 2, force_grouping=True
                )
            }
        ]
    elif granted_amount > call.available:
        errors["granted_amount"] = [
            _("Die Ausschreibung hat nur noch %(amount)s € verfügbar.")
            % {"amount": formats.number_format(call.available, 2, force_grouping=True)}
        ]
    if errors:
        raise ValidationError(errors)
    granted = granted_amount > 0
    if granted and report_due_on is not None:
        if report_due_on <= timezone.localdate():
            raise ValidationError(
                {
                    "report_due_on": [
                        _("Der Verwendungsnachweis muss nach dem heutigen Tag fällig sein.")
                    ]
                }
            )
        application.report_due_on = report_due_on
    application.status = ApplicationStatus.GRANTED if granted else ApplicationStatus.REJECTED
    application.granted_amount = granted_amount if granted else None
    application.decision_reason = reason.strip()
    application.decided_at = timezone.now()
    application.decided_by = by
    application._history_user = by
    application.full_clean()
    application.save()
    page_cache.bump()  # the call's page shows what it still holds
    _mail_applicant_on_commit(application, base_url)
    return application


def _mail_applicant_on_commit(application, base_url):
    recipients = sorted(
        {
            email
            for email in application.institution.user_memberships.filter(
                user__is_active=True
            ).values_list("user__email", flat=True)
            if email
        }
    )
    context = {
        "application": application,
        "call": application.call,
        "region": application.call.programme.region,
        "granted": application.status == ApplicationStatus.GRANTED,
        "application_url": absolute_url(application.get_absolute_url(), base_url=base_url),
    }

    def send():
        try:
            letter = (
                decision_letter_filename(application),
                decision_letter_pdf(application),
                "application/pdf",
            )
            send_portal_mail(
                template="funding_decision", context=context, to=recipients, attachments=[letter]
            )
        except Exception:  # the decision is made; a failed mail must not hide that
            logger.exception("E-Mail zur Förderentscheidung %s nicht versandt", application.pk)

    if recipients:
        transaction.on_commit(send)
    else:
        logger.warning("Förderentscheidung %s: kein Empfänger", application.pk)


# --- after the grant: payout, report (Verwendungsnachweis), closing -------------------------

# The reminder before the report's due date goes out this many days before it.
REPORT_REMINDER_DAYS_BEFORE = 14


def _members_addresses(institution):
    return sorted(
        {
            email
            for email in institution.user_memberships.filter(user__is_active=True).values_list(
                "user__email", flat=True
            )
            if email
        }
    )


def _require_decider(by, application):
    if not by.has_perm("funding.decide_application", application):
        raise PermissionDenied(_("Das entscheidet die Koordination."))


@transaction.atomic
def application_pay(*, application, by, report_due_on=None, today=None, base_url=None):
    """Record the payout of a granted application ("Mittel ausgezahlt") with the due date of
    its report (given here, or the one set at the decision): a day after today. The applicant
    is told by mail."""
    today = today or timezone.localdate()
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_decider(by, application)
    if application.status != ApplicationStatus.GRANTED:
        raise ValidationError(_("Ausgezahlt wird nur ein bewilligter Antrag."), code="not_granted")
    due = report_due_on or application.report_due_on
    if due is None:
        raise ValidationError(
            {
                "report_due_on": [
                    _("Bitte geben Sie an, bis wann der Verwendungsnachweis fällig ist.")
                ]
            }
        )
    if due <= today:
        raise ValidationError(
            {
                "report_due_on": [
                    _("Der Verwendungsnachweis muss nach dem heutigen Tag fällig sein.")
                ]
            }
        )
    application.status = ApplicationStatus.PAID
    application.paid_at = timezone.now()
    application.report_due_on = due
    application._history_user = by
    application.save()
    _mail_applicant("funding_paid", application, base_url)
    return application


def _mail_applicant(template, application, base_url, *, copy_office=False):
    to = _members_addresses(application.institution)
    if copy_office:
        to += [a for a in office_addresses(application.call) if a not in to]
    send_portal_mail(
        template=template,
        context={
            "application": application,
            "call": application.call,
            "region": application.call.programme.region,
            "application_url": absolute_url(application.get_absolute_url(), base_url=base_url),
        },
        to=to,
    )


def _require_report_open(by, application):
    _require_member(by, application.institution)
    if not application.takes_report:
        raise ValidationError(
            _("Für diesen Antrag kann jetzt kein Verwendungsnachweis eingereicht werden."),
            code="no_report",
        )


@transaction.atomic
def report_file_add(*, application, by, kind, title, file):
    """Add a file (the report or a receipt) to a paid application's report. The file was
    checked by its form (DocumentFileValidator: type by content, size)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_report_open(by, application)
    report_file = ReportFile(application=application, kind=kind, title=title, file=file)
    report_file.full_clean()
    report_file.save()
    return report_file


@transaction.atomic
def report_submit(*, application, by, base_url=None):
    """Hand in the report: it needs at least one file of the kind "Sachbericht". The office
    is told by mail; from now on the files cannot be changed."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_report_open(by, application)
    if not application.report_files.filter(kind=ReportFile.Kind.REPORT).exists():
        raise ValidationError(
            _("Bitte laden Sie zuerst den Sachbericht (Verwendungsnachweis) hoch."),
            code="no_report_file",
        )
    application.report_submitted_at = timezone.now()
    application.status = ApplicationStatus.REPORT_DUE
    application._history_user = by
    application.save()
    path = reverse("admin:funding_application_change", args=[application.pk])
    send_portal_mail(
        template="funding_report_submitted",
        context={
            "application": application,
            "call": application.call,
            "admin_url": absolute_url(path, base_url=base_url),
        },
        to=office_addresses(application.call),
    )
    return application


@transaction.atomic
def application_close(*, application, by):
    """Close an application whose report was handed in (the office has checked it)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_decider(by, application)
    if application.report_submitted_at is None or application.status == ApplicationStatus.CLOSED:
        raise ValidationError(
            _("Abgeschlossen wird ein Antrag, dessen Verwendungsnachweis eingereicht ist."),
            code="not_closable",
        )
    application.status = ApplicationStatus.CLOSED
    application.closed_at = timezone.now()
    application.closed_by = by
    application._history_user = by
    application.save()
    return application


def send_report_reminders(*, today=None, base_url=None):
    """The reminders of the reports, safe to run daily (the command send_report_reminders):

    * ``REPORT_REMINDER_DAYS_BEFORE`` days before the due date (or later, up to it): the
      application becomes "Verwendungsnachweis fällig" and its institution is reminded once;
    * after the due date without a report: one more reminder, with the office in copy.

    Each reminder is claimed by a conditional update of its timestamp (an application is
    reminded at most once of each kind, even by two runs at once); the mails are queued
    (send_portal_mail). Returns [(application pk, "vorher" | "nachher")]."""
    today = today or timezone.localdate()
    open_reports = Application.objects.filter(
        status__in=(ApplicationStatus.PAID, ApplicationStatus.REPORT_DUE),
        report_submitted_at__isnull=True,
        report_due_on__isnull=False,
    ).select_related("call__programme__region", "institution")
    sent = []
    soon = today + datetime.timedelta(days=REPORT_REMINDER_DAYS_BEFORE)
    for application in open_reports.filter(report_due_on__range=(today, soon)):
        if _claim(application, "report_reminded_before_at"):
            _mail_applicant("funding_report_due", application, base_url)
            sent.append((application.pk, "vorher"))
    for application in open_reports.filter(report_due_on__lt=today):
        if _claim(application, "report_reminded_after_at"):
            _mail_applicant("funding_report_overdue", application, base_url, copy_office=True)
            sent.append((application.pk, "nachher"))
    return sent


@transaction.atomic
def _claim(application, field):
    """Mark the reminder in ``field`` as sent, and the report as due; False if another run
    already did."""
    now = timezone.now()
    claimed = Application.objects.filter(pk=application.pk, **{f"{field}__isnull": True}).update(
        **{field: now}, status=ApplicationStatus.REPORT_DUE, updated_at=now
    )
    if claimed:
        setattr(application, field, now)
        application.status = ApplicationStatus.REPORT_DUE
    return bool(claimed)
