"""The frame of every public page (templates/base.html with templates/includes/): header with
navigation and language switch, messages, and the form widgets the pages share."""

import re

import pytest
from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import make_region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "current"), [("/angebote/", "/angebote/"), ("/akteure/", "/akteure/")]
)
def test_header_marks_the_current_navigation_entry(client, url, current):
    html = client.get(url).content.decode()
    assert re.findall(r'<a class="portal-nav__link" href="([^"]+)" aria-current="page">', html) == [
        current
    ]
    assert html.count('aria-current="page"') == 1


def test_language_switch_returns_to_the_page_with_its_filters(client):
    make_region(name="Stade", slug="stade")
    html = client.get("/angebote/?region=stade&q=Lesen").content.decode()
    assert '<input type="hidden" name="next" value="/angebote/?region=stade&amp;q=Lesen">' in html
    assert re.findall(r"<option [^>]*lang[^>]*>[^<]*</option>", html) == [
        '<option value="de" lang="de" selected>Deutsch</option>',
        '<option value="en" lang="en">English</option>',
    ]


def test_footer_lists_the_regions(client):
    make_region(name="Stade", slug="stade")
    html = client.get("/impressum/").content.decode()
    footer = html.split('<footer class="portal-footer">', 1)[1]
    assert re.findall(r'<li><a href="(/regionen/[^"]+)">([^<]+)</a></li>', footer) == [
        ("/regionen/stade/", "Stade")
    ]


@pytest.mark.parametrize(
    ("level", "variant", "label"),
    [
        ("error", "danger", "Error"),
        ("warning", "warning", "Warning"),
        ("success", "success", "Done"),
        ("info", "info", "Note"),
    ],
)
def test_messages_show_as_kern_alerts(rf, level, variant, label):
    request = rf.get("/impressum/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    getattr(messages, level)(request, "Gespeichert & geprüft")
    with translation.override("en"):
        html = render_to_string("base.html", {}, request=request)
    region = html.split('<div class="portal-messages" role="status">', 1)[1].split("</main>")[0]
    assert (
        re.sub(r">\s+<", "><", region)
        .strip()
        .startswith(
            f'<div class="kern-alert kern-alert--{variant}">'
            f'<div class="kern-alert__header">'
            f'<span class="kern-icon kern-icon--{variant}" aria-hidden="true"></span>'
            f'<span class="kern-title">{label}</span></div>'
            f'<div class="kern-alert__body"><p class="kern-body">Gespeichert &amp; geprüft</p></div>'
            "</div></div>"
        )
    )


class _PeriodForm(forms.Form):
    von = forms.DateField(label="Von")
    bis = forms.DateField(label="Bis")
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Der Zeitraum passt nicht.")


def test_error_summary_lists_every_error_once_with_non_field_errors_first():
    form = _PeriodForm({"von": "gestern", "bis": "2025-01-02"})
    html = render_to_string("includes/form_error_summary.html", {"form": form})
    assert re.findall(r"<li>.*?</li>", html) == [
        "<li>Der Zeitraum passt nicht.</li>",
        '<li><a class="kern-link" href="#id_von">Von: Bitte ein gültiges Datum eingeben.</a></li>',
        "<li>Dieses Feld ist zwingend erforderlich.</li>",
    ]
    assert (
        '<h2 class="kern-title" id="fehlerliste-titel">Bitte prüfen Sie Ihre 3 Angaben.</h2>'
        in html
    )
