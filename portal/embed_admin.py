"""/admin/einbetten/: the snippet generator for the lists other websites embed (offers.embed).

The staff of a Bildungsbüro choose the list, its filters (the region is one of theirs;
superusers may choose any region or all), the number of entries, the heading and the height,
and get a preview (an iframe of the embed itself) and the ``<iframe>`` code to copy. A plain
GET form: it works without JavaScript, and the code is rendered by the server.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override

from bildungsregion.links import absolute_url
from offers.embed import EmbedSnippetForm, embed_snippet
from regions.models import Region
from regions.scoping import region_roles


def snippet_regions(user):
    """The regions whose lists ``user`` may make snippets for: all for superusers, else those
    of the user's Bildungsbüros (any role)."""
    if user.is_superuser:
        return Region.objects.order_by("name")
    return Region.objects.filter(pk__in=list(region_roles(user))).order_by("name")


# The preview frames the portal's own embed page (the portal's CSP, with frame-src 'self').
PREVIEW_POLICY = {**settings.SECURE_CSP, "frame-src": [CSP.SELF]}


@csp_override(PREVIEW_POLICY)
def embed_snippet_view(request, admin_site):
    user = request.user
    regions = snippet_regions(user)
    if not user.is_superuser and not region_roles(user):
        raise PermissionDenied
    form_kwargs = {"regions": regions, "all_regions": user.is_superuser}
    if request.GET:
        form = EmbedSnippetForm(request.GET, **form_kwargs)
    else:
        single = list(regions[:2])
        initial = {"region": single[0]} if len(single) == 1 else {}
        form = EmbedSnippetForm(initial=initial, **form_kwargs)
    context = {
        **admin_site.each_context(request),
        "title": _("Listen auf anderen Websites einbetten"),
        "form": form,
    }
    if form.is_bound and form.is_valid():
        path = form.embed_path()
        title = form.frame_title()
        height = form.cleaned_data["hoehe"]
        context |= {
            "embed_path": path,
            "frame_title": title,
            "height": height,
            "snippet": embed_snippet(url=absolute_url(path, request), title=title, height=height),
        }
    return TemplateResponse(request, "admin/embed_snippet.html", context)
