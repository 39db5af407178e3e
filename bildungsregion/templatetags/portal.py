import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# What Django's json_script escapes (it writes type="application/json" only): no "<", ">" or
# "&" in the JSON text, so nothing in it can close the script element.
SCRIPT_ESCAPES = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@register.filter
def jsonld(data):
    """Serialise schema.org data for a <script type="application/ld+json"> block, escaped so
    that it cannot close the script element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, sort_keys=True).translate(SCRIPT_ESCAPES))


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None or "" removes them)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    encoded = params.urlencode()
    return "?" + encoded if encoded else "?"


@register.filter
def elided_pages(page):
    """Page numbers to link, with "…" for long runs: 1 2 … 9 10 11 … 4499 4500."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
