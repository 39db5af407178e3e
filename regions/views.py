from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from bildungsregion import throttle

from .forms import AccessibilityFeedbackForm
from .models import Document, LegalDetails, Region
from .validators import DOCUMENT_CONTENT_TYPES


def region_from_query(request):
    """The region that the query parameter ``region`` names by its slug, as the list filters
    do; None without it. An unknown slug is a 404 (the German page "not found"), not all
    regions."""
    slug = request.GET.get("region", "").strip()
    if not slug:
        return None
    return get_object_or_404(Region, slug=slug)


def region_list(request):
    return render(request, "regions/region_list.html", {"regions": Region.objects.order_by("name")})


def _may_see_document(user, document):
    """Public documents for everyone; the others for staff whose role in the document's
    region lets them see it (and superusers)."""
    if document.is_public:
        return True
    return user.has_perm("regions.view_document", document) or user.has_perm(
        "regions.change_document", document
    )


@require_safe
def document_file(request, pk, filename):
    """An uploaded document, after the access check. A document the visitor may not see is a
    404, like one that does not exist. Served by the web server when DOCUMENT_SENDFILE_HEADER
    is set (nginx: X-Accel-Redirect to DOCUMENT_SENDFILE_PREFIX; Apache: X-Sendfile), else
    streamed by Django."""
    document = get_object_or_404(Document.objects.select_related("region").exclude(file=""), pk=pk)
    if not _may_see_document(request.user, document):
        raise Http404
    if filename != document.download_name:
        return redirect(document.download_url)
    extension = document.download_name.rsplit(".", 1)[-1].lower()
    content_type = DOCUMENT_CONTENT_TYPES.get(extension, "application/octet-stream")
    # Only PDFs open in the browser; everything else is downloaded.
    inline = content_type == "application/pdf"
    header = settings.DOCUMENT_SENDFILE_HEADER
    if header:
        response = HttpResponse(content_type=content_type)
        if header.lower() == "x-accel-redirect":
            response[header] = quote(settings.DOCUMENT_SENDFILE_PREFIX + document.file.name)
        else:
            response[header] = document.file.path
        response["Content-Disposition"] = content_disposition_header(
            not inline, document.download_name
        )
    else:
        try:
            stream = document.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            stream,
            as_attachment=not inline,
            filename=document.download_name,
            content_type=content_type,
        )
    # Who may see it depends on the login, and an internal document stays out of shared caches.
    patch_vary_headers(response, ["Cookie"])
    if not document.is_public:
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _legal_context(fields):
    """The legal details (regions.LegalDetails) and the labels of the parts of ``fields`` that
    are still missing (the page's notice)."""
    legal = LegalDetails.load()
    return {"legal": legal, "missing": legal.missing(fields)}


def impressum(request):
    return render(
        request,
        "pages/impressum.html",
        {
            **_legal_context(LegalDetails.IMPRESSUM_FIELDS),
            "regions": Region.objects.order_by("name"),
        },
    )


def datenschutz(request):
    return render(
        request, "pages/datenschutz.html", _legal_context(LegalDetails.DATENSCHUTZ_FIELDS)
    )


def _feedback_allowed(request, form):
    """Count a feedback: per client and, if given, per e-mail address (bildungsregion.throttle)."""
    allowed = throttle.hit(
        "feedback:client", throttle.client_address(request), settings.FEEDBACK_LIMIT_PER_CLIENT
    )
    email = form.cleaned_data.get("email")
    if email:
        allowed &= throttle.hit("feedback:address", email, settings.FEEDBACK_LIMIT_PER_ADDRESS)
    return allowed


@require_http_methods(["GET", "HEAD", "POST"])
def barrierefreiheit(request):
    """The accessibility statement and its feedback form. Too many feedbacks from one client or
    address get the form back, as typed, with 429; a filled trap field stores nothing but gets
    the answer of a stored one."""
    refused = False
    if request.method == "POST":
        form = AccessibilityFeedbackForm(request.POST)
        if form.is_valid():
            if _feedback_allowed(request, form):
                if not form.is_spam():
                    form.save()
                messages.success(
                    request,
                    _(
                        "Vielen Dank! Ihre Rückmeldung ist beim Bildungsbüro eingegangen. "
                        "Wenn Sie eine E-Mail-Adresse angegeben haben, erhalten Sie eine Antwort."
                    ),
                )
                return redirect("regions:barrierefreiheit")
            form.add_error(None, throttle.refusal_message())
            refused = True
    else:
        form = AccessibilityFeedbackForm(initial={"page_url": request.GET.get("seite", "")[:500]})
    response = render(
        request,
        "pages/barrierefreiheit.html",
        {**_legal_context(LegalDetails.BARRIEREFREIHEIT_FIELDS), "form": form},
    )
    return throttle.refused(response) if refused else response
