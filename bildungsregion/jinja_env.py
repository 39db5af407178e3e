"""Jinja2 for the page that must be fastest: the offer list (/angebote/).

Django's template language renders the rest of the portal. The offer list is the page every
search, filter click and htmx swap renders, and Jinja2 compiles templates to Python code, which
renders it several times faster (see scripts/bench.py). Its layout (jinja2_templates/layout.html)
mirrors templates/base.html; the header, footer and messages (jinja2_templates/includes/) exist
once and Django-template pages include them with {% jinja2_include %} (templatetags/portal.py).
tests/test_jinja2.py checks that both layouts give the same frame.

Translations: templates call ``{{ _("…") }}`` with the German source text, which
``makemessages`` finds in these files as it does in Django templates (scripts/translations).
"""

from functools import cache, lru_cache

import jinja2
from django.conf import settings
from django.template.backends import jinja2 as django_jinja2
from django.template.defaultfilters import floatformat
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language, get_language_info, gettext


@cache
def translator(language):
    """``_`` for templates: Django's gettext, remembered per language (the catalogues do not
    change while the process runs); a page calls it about a hundred times."""
    table = {}

    def translate(message):
        try:
            return table[message]
        except KeyError:
            table[message] = translated = gettext(message)
            return translated

    return translate


def translate(message):
    """``_`` where the render's own translator is out of reach (macros)."""
    return translator(get_language())(message)


@lru_cache(maxsize=2048)
def _url(name, script_prefix, args, kwargs):
    return reverse(name, args=args, kwargs=dict(kwargs))


def url(name, *args, **kwargs):
    """reverse(), remembered: the URL patterns do not change while the process runs."""
    return _url(name, get_script_prefix(), args, tuple(sorted(kwargs.items())))


class Template(django_jinja2.Template):
    """Sends ``template_rendered`` as Django's templates do, so that the test client offers
    ``response.context`` and ``assertTemplateUsed`` for these pages, too. Without receivers
    (in production) the signal costs nothing."""

    def render(self, context=None, request=None):
        context = {} if context is None else context
        context.setdefault("_", translator(get_language()))
        html = super().render(context, request)
        template_rendered.send(sender=self, template=self, context=context)
        return html

    @property
    def name(self):
        return self.template.name


class Jinja2(django_jinja2.Jinja2):
    def get_template(self, template_name):
        template = super().get_template(template_name)
        return Template(template.template, self)

    def from_string(self, template_code):
        return Template(self.env.from_string(template_code), self)


@cache
def language_choices():
    """(code, name in that language) for the language switch, as Django's templates list them."""
    choices = []
    for code, _name in settings.LANGUAGES:
        name = get_language_info(code)["name_local"]
        choices.append((code, name[:1].upper() + name[1:]))
    return choices


def environment(**options):
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    env = jinja2.Environment(**options)
    env.globals.update(
        _=translate,  # Template.render passes the render's translator() as "_"
        static=lru_cache(maxsize=256)(static),
        url=url,
        get_language=get_language,
        language_choices=language_choices,
        floatformat=floatformat,
    )
    return env
