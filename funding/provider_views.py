"""The applications of the provider area (/mein-bereich/foerderantraege/): the members of an
institution (actors.InstitutionMembership) draft applications to a region's funding calls,
submit them before the deadline and follow their status.

Who may do what: anonymous visitors are sent to the login; a logged-in user without an
institution gets 403; an application of another institution is 404 – it is not theirs to know
about. An institution that may not apply to a call (another region, another kind) is told why
and gets no form. The rules themselves live in funding.services.

The views are classes (LoginRequiredMixin, one method per HTTP method), as in
offers/school_views.py.
"""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_safe

from regions.validators import DOCUMENT_CONTENT_TYPES

from . import services
from .forms import (
    AnswersForm,
    ApplicationForm,
    AttachmentForm,
    CostLineFormSet,
    ReportFileForm,
    cost_line_initial,
)
from .models import Application, Attachment, Call, ReportFile, may_download

SUBMIT = "einreichen"


def _institutions_or_403(user):
    institutions = services.institutions_of(user)
    if not institutions.exists():
        raise PermissionDenied(
            _("Ihr Konto ist keiner Einrichtung zugeordnet. Wenden Sie sich an Ihr Bildungsbüro.")
        )
    return institutions


def _own_application(user, pk):
    return get_object_or_404(
        Application.objects.of_user(user).select_related(
            "call__programme__region", "institution__region"
        ),
        pk=pk,
    )


class ApplicationListView(LoginRequiredMixin, View):
    def get(self, request):
        institutions = list(_institutions_or_403(request.user).select_related("region"))
        applications = (
            Application.objects.of_user(request.user)
            .select_related("call__programme__region", "institution")
            .order_by("-created_at", "-pk")
        )
        calls = (
            Call.objects.public()
            .open()
            .filter(programme__region__in={i.region_id for i in institutions})
            .select_related("programme__region")
            .order_by("deadline", "title")
        )
        return render(
            request,
            "funding/provider/application_list.html",
            {
                "applications": list(applications),
                "calls": list(calls),
                "institutions": institutions,
            },
        )


class _ApplicationFormView(View):
    """The form of a draft: the application's fields, its cost plan, the answers to the
    call's questions and one more attachment. ``save`` keeps the draft; the button
    ``einreichen`` saves and submits it."""

    template_name = "funding/provider/application_form.html"

    def forms(self, call, application, data=None, files=None, institutions=None):
        answers = {}
        if application is not None:
            answers = {a.question_id: a.text for a in application.answers.all()}
        return {
            "form": ApplicationForm(
                data, instance=application, call=call, institutions=institutions
            ),
            # The whole plan is posted each time: the saved lines are only the unbound form's
            # start (bound, an unchanged line would count as an empty extra one).
            "cost_lines": CostLineFormSet(
                data,
                initial=None if data is not None else cost_line_initial(application),
                prefix="kosten",
            ),
            "answers": AnswersForm(data, questions=call.questions.all(), answers=answers),
            "attachment": AttachmentForm(data, files, prefix="anlage"),
        }

    def render(self, request, call, application, forms, refusal="", status=200):
        error_forms = []
        non_form_errors = []
        if forms:
            error_forms = [
                forms["form"],
                *forms["cost_lines"].forms,
                forms["answers"],
                forms["attachment"],
            ]
            non_form_errors = list(forms["cost_lines"].non_form_errors())
        error_count = sum(len(f.errors) for f in error_forms if f.is_bound) + len(non_form_errors)
        return render(
            request,
            self.template_name,
            {
                "call": call,
                "application": application,
                "refusal": refusal,
                "error_forms": error_forms,
                "non_form_errors": non_form_errors,
                "error_count": error_count,
                **forms,
            },
            status=status,
        )

    def save(self, request, call, application, institution, forms):
        """Save the draft (and submit it when asked); returns a redirect or None with the
        errors put on the forms."""
        valid = [forms[name].is_valid() for name in ("form", "cost_lines", "answers", "attachment")]
        if not all(valid):
            return None
        form = forms["form"]
        fields = {name: form.cleaned_data[name] for name in form._meta.fields}
        try:
            with transaction.atomic():
                application = services.application_save(
                    call=call,
                    institution=institution,
                    by=request.user,
                    fields=fields,
                    cost_lines=forms["cost_lines"].lines(),
                    answers=forms["answers"].answers(),
                    application=application,
                )
                if forms["attachment"].has_file():
                    attachment = forms["attachment"].save(commit=False)
                    attachment.application = application
                    attachment.save()
        except ValidationError as error:
            _errors_to_forms(forms, error)
            return None
        if SUBMIT in request.POST:
            try:
                services.application_submit(
                    application=application,
                    by=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as error:
                _errors_to_forms(forms, error)
                messages.warning(request, _("Der Entwurf ist gespeichert, aber nicht eingereicht."))
                self.saved = application
                return None
            messages.success(
                request,
                _("„%(title)s“ ist eingereicht. Das Bildungsbüro prüft den Antrag.")
                % {"title": application.title},
            )
            return redirect(application.get_absolute_url())
        messages.success(request, _("Der Entwurf ist gespeichert."))
        return redirect("funding:application-edit", pk=application.pk)


def _errors_to_forms(forms, error):
    if not hasattr(error, "error_dict"):
        forms["form"].add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        for name in ("form", "answers"):
            if field in forms[name].fields:
                forms[name].add_error(field, errors)
                break
        else:
            forms["form"].add_error(None, errors)


class ApplicationCreateView(LoginRequiredMixin, _ApplicationFormView):
    def setup_call(self, request, slug):
        institutions = _institutions_or_403(request.user).select_related("region")
        call = get_object_or_404(
            Call.objects.public().select_related("programme__region"), slug=slug
        )
        eligible = [i for i in institutions if not call.refusal_for(i)]
        refusals = [call.refusal_for(i) for i in institutions if call.refusal_for(i)]
        refusal = "" if eligible else " ".join(refusals)
        refusal = refusal or services.deadline_refusal(call)
        return call, institutions.filter(pk__in=[i.pk for i in eligible]), refusal

    def get(self, request, slug):
        call, eligible, refusal = self.setup_call(request, slug)
        forms = {} if refusal else self.forms(call, None, institutions=eligible)
        return self.render(request, call, None, forms, refusal=refusal)

    def post(self, request, slug):
        call, eligible, refusal = self.setup_call(request, slug)
        if refusal:
            return self.render(request, call, None, {}, refusal=refusal, status=403)
        forms = self.forms(call, None, request.POST, request.FILES, institutions=eligible)
        forms["form"].is_valid()
        institution = forms["form"].cleaned_data.get("institution")
        self.saved = None
        response = self.save(request, call, None, institution, forms) if institution else None
        if response is not None:
            return response
        # Saved but not submitted: the draft's form, with what is missing (its button posts
        # to the draft's address from now on).
        return self.render(request, call, self.saved, forms)


class ApplicationEditView(LoginRequiredMixin, _ApplicationFormView):
    def own_draft(self, request, pk):
        application = _own_application(request.user, pk)
        if not application.is_draft:
            messages.info(request, _("Ein eingereichter Antrag kann nicht mehr geändert werden."))
            return application, redirect(application.get_absolute_url())
        return application, None

    def get(self, request, pk):
        application, done = self.own_draft(request, pk)
        if done:
            return done
        call = application.call
        return self.render(request, call, application, self.forms(call, application))

    def post(self, request, pk):
        application, done = self.own_draft(request, pk)
        if done:
            return done
        call = application.call
        forms = self.forms(call, application, request.POST, request.FILES)
        self.saved = None
        response = self.save(request, call, application, application.institution, forms)
        if response is not None:
            return response
        return self.render(request, call, application, forms)


class ApplicationDetailView(LoginRequiredMixin, View):
    """The application and its status; once the money is paid, the report
    (Verwendungsnachweis): files are uploaded one at a time (button ``hochladen``), then the
    report is handed in (button ``einreichen``)."""

    def get(self, request, pk):
        application = _own_application(request.user, pk)
        return self.render(request, application, ReportFileForm())

    def post(self, request, pk):
        application = _own_application(request.user, pk)
        if SUBMIT in request.POST:
            try:
                services.report_submit(
                    application=application,
                    by=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(application.get_absolute_url() + "#verwendungsnachweis")
            messages.success(
                request, _("Der Verwendungsnachweis ist eingereicht. Das Bildungsbüro prüft ihn.")
            )
            return redirect(application.get_absolute_url())
        form = ReportFileForm(request.POST, request.FILES)
        try:
            if form.is_valid():
                services.report_file_add(
                    application=application, by=request.user, **form.cleaned_data
                )
                messages.success(
                    request,
                    _("„%(title)s“ ist hochgeladen.") % {"title": form.cleaned_data["title"]},
                )
                return redirect(application.get_absolute_url() + "#verwendungsnachweis")
        except ValidationError as error:
            form.add_error(None, error.messages)
        return self.render(request, application, form, status=200)

    def render(self, request, application, report_form, status=200):
        return render(
            request,
            "funding/provider/application_detail.html",
            {
                "application": application,
                "call": application.call,
                "cost_lines": list(application.cost_lines.all()),
                "answers": list(application.answers.select_related("question")),
                "attachments": list(application.attachments.all()),
                "report_files": list(application.report_files.all()),
                "report_form": report_form if application.takes_report else None,
                "error_forms": [report_form] if report_form.is_bound else [],
                "error_count": len(report_form.errors) if report_form.is_bound else 0,
            },
            status=status,
        )


def serve_application_file(request, file_row, application):
    """Send the file of an attachment or report file, after the access check
    (``may_download``): anonymous visitors are sent to the login, everybody else who may not
    see it gets 404. Served by the web server when DOCUMENT_SENDFILE_HEADER is set (as the
    Bildungsbüro's documents are), else streamed by Django; never cached by shared caches."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_download(request.user, application):
        raise Http404
    name = file_row.download_name
    content_type = DOCUMENT_CONTENT_TYPES.get(
        name.rpartition(".")[2].lower(), "application/octet-stream"
    )
    header = settings.DOCUMENT_SENDFILE_HEADER
    if header:
        response = HttpResponse(content_type=content_type)
        if header.lower() == "x-accel-redirect":
            response[header] = quote(settings.DOCUMENT_SENDFILE_PREFIX + file_row.file.name)
        else:
            response[header] = file_row.file.path
        response["Content-Disposition"] = content_disposition_header(True, name)
    else:
        try:
            stream = file_row.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            stream, as_attachment=True, filename=name, content_type=content_type
        )
    patch_vary_headers(response, ["Cookie"])
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_safe
def attachment_download(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.select_related("application__institution", "application__call"),
        pk=pk,
    )
    return serve_application_file(request, attachment, attachment.application)


@require_safe
def report_file_download(request, pk):
    report_file = get_object_or_404(
        ReportFile.objects.select_related("application__institution", "application__call"),
        pk=pk,
    )
    return serve_application_file(request, report_file, report_file.application)
