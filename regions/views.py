import datetime
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from actors.models import Actor, Meeting, WorkingGroup, WorkingGroupMembership
from bildungsregion import throttle
from offers.models import Event, LifeStage, Transition

from .forms import AccessibilityFeedbackForm
from .models import Document, Region
from .validators import DOCUMENT_CONTENT_TYPES

# The day the accessibility statement was last checked against the site.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 11, 23)


def _upcoming_events(limit, region=None):
    events = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .upcoming()
        .select_related("organiser", "region")
    )
    if region is not None:
        events = events.for_region(region)
    return list(events.order_by("starts_at")[:limit])


def home(request):
    search_url = reverse("offers:search")
    return render(
        request,
        "regions/home.html",
        {
            "regions": Region.objects.order_by("name"),
            "life_stages": LifeStage.objects.order_by("position"),
            "transitions": Transition.objects.select_related("from_stage", "to_stage"),
            "upcoming_events": _upcoming_events(4),
            "life_stage_links": True,
            "search_url": search_url,
        },
    )


def region_list(request):
    return render(request, "regions/region_list.html", {"regions": Region.objects.order_by("name")})


def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "focus_areas": region.focus_areas.public(),
            "working_groups": WorkingGroup.objects.public()
            .for_region(region)
            .annotate(member_count=Count("memberships"))
            .select_related("region")
            .order_by("name"),
            "partners": Actor.objects.public().for_region(region).partners().order_by("name"),
            "documents": region.documents.public(),
            "funding_programmes": region.funding_programmes.public(),
            "municipalities": region.municipalities.order_by("name"),
            "upcoming_events": _upcoming_events(6, region=region),
        },
    )


def workinggroup_detail(request, region_slug, slug):
    group = get_object_or_404(
        WorkingGroup.objects.public().select_related("region"),
        region__slug=region_slug,
        slug=slug,
    )
    now = timezone.now()
    meetings = Meeting.objects.filter(working_group=group)
    return render(
        request,
        "regions/workinggroup_detail.html",
        {
            "region": group.region,
            "group": group,
            "memberships": WorkingGroupMembership.objects.filter(
                working_group=group, actor__is_public=True
            )
            .select_related("actor")
            .order_by("role", "actor__name"),
            "upcoming_meetings": meetings.upcoming(now)[:5],
            "past_meetings_with_minutes": meetings.past(now).filter(
                Q(minutes_public=True) & ~Q(minutes="")
            )[:10],
            "actor_links": True,
        },
    )


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


def impressum(request):
    return render(
        request,
        "pages/impressum.html",
        {"regions": Region.objects.order_by("name")},
    )


def datenschutz(request):
    return render(request, "pages/datenschutz.html", {"regions": Region.objects.order_by("name")})


def _feedback_allowed(request, form):
    """Count a feedback: per client and, if given, per e-mail address (bildungsregion.throttle)."""
    allowed = throttle.hit(
        "feedback:client", throttle.client_address(request), settings.FEEDBACK_LIMIT_PER_CLIENT
    )
    email = form.cleaned_data.get("email")
    if email:
        allowed &= throttle.hit("feedback:address", email, settings.FEEDBACK_LIMIT_PER_ADDRESS)
    return allowed


@require_http_methods(["GET", "POST"])
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
        {
            "form": form,
            "statement_date": ACCESSIBILITY_STATEMENT_DATE,
            "regions": Region.objects.order_by("name"),
        },
    )
    return throttle.refused(response) if refused else response
