"""Rendering the parts of the legal pages (regions.LegalDetails)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bildungsregion.templatetags.portal import paragraphs

register = template.Library()


@register.simple_tag
def legal_part(legal, name):
    """One part of the legal details as escaped paragraphs (the ``paragraphs`` filter), or,
    while it is empty, a visible "Noch nicht eingetragen" naming it. The texts are kept in
    German only: on pages in another language they are marked as German (lang="de")."""
    value = str(getattr(legal, name) or "").strip()
    if not value:
        label = legal._meta.get_field(name).verbose_name
        return format_html(
            '<p class="portal-legal-missing">{}</p>',
            _("Noch nicht eingetragen: %(part)s") % {"part": label},
        )
    html = paragraphs(value)
    if (get_language() or "de").split("-")[0] != "de":
        return format_html('<div lang="de">{}</div>', html)
    return html
