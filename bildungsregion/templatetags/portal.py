import json
import re

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html_join
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


BLANK_LINES = re.compile(r"\n[ \t]*\n")


@register.filter
def paragraphs(text):
    """Plain text as HTML, escaped: a blank line starts a new paragraph, a block whose lines
    all begin with "- " is a list, other line breaks stay line breaks (addresses). For the
    texts Land-level staff keep in the admin (regions.LegalDetails): no HTML from the
    database reaches the page."""
    blocks = []
    for block in BLANK_LINES.split(str(text or "").replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = format_html_join("", "<li>{}</li>", ((line[2:].strip(),) for line in lines))
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe("\n".join(blocks))


@register.filter
def datetime_attr(value):
    """A moment for the datetime attribute of <time>: local time, whole seconds, with offset
    ("2026-12-12T12:15:08+01:00"). Django's ``date:'c'`` writes microseconds where the value has
    them, and HTML allows at most three digits of a second."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
