"""The public pages of the funding calls: the list of all regions' calls and one call."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from bildungsregion import page_cache
from bildungsregion.links import absolute_url

from .filters import CallFilter
from .models import Application, Call


@page_cache.query_params("region")
def call_list(request):
    today = timezone.localdate()
    calls = Call.objects.public().with_granted().select_related("programme__region")
    filterset = CallFilter(request.GET, queryset=calls)
    shown = list(filterset.qs.order_by("deadline", "title", "pk"))
    return render(
        request,
        "funding/call_list.html",
        {
            "form": filterset.form,
            "open_calls": [call for call in shown if call.is_open(today)],
            "upcoming_calls": [
                call for call in shown if call.opens_on is not None and call.opens_on > today
            ],
            "past_calls": sorted(
                (call for call in shown if call.is_past(today)),
                key=lambda call: call.deadline,
                reverse=True,
            ),
            "canonical_url": absolute_url(request.path + filterset.canonical_query(), request),
        },
    )


def call_detail(request, slug):
    call = get_object_or_404(
        Call.objects.public().with_granted().select_related("programme__region"), slug=slug
    )
    return render(
        request,
        "funding/call_detail.html",
        {
            "call": call,
            "criteria": list(call.criteria.all()),
            "questions": list(call.questions.all()),
            "is_open": call.is_open(),
            "funded": list(
                Application.objects.funded_public()
                .filter(call=call)
                .select_related("institution")
                .order_by("-decided_at", "pk")
            ),
        },
    )
