"""An embedded list in a page of another website: a tiny HTTP server on 127.0.0.1 (another
origin than the live server on localhost) frames the portal's embed and a normal page. The
embed renders, passes axe-core (inside its frame) and links into the top window; the normal page, and the embed
of a region that allows only other websites, refuse to be framed."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from portal.services import regions_load
from regions.models import Region
from tests.browser.axe import axe_violations, format_violations
from tests.factories import make_offer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def other_website(live_server):
    """http://127.0.0.1:<port>/ – a Gemeinde's page framing three addresses of the portal."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    portal = live_server.url
    pages["/"] = f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Gemeinde Beispiel</title>
<link rel="icon" href="data:,"></head>
<body><h1>Gemeinde Beispiel</h1>
<iframe id="embed" src="{portal}/einbetten/angebote/?region=stade&amp;anzahl=3"
  title="Angebote der Bildungsregion Stade" height="600"></iframe>
<iframe id="normal" src="{portal}/angebote/" title="Angebote" height="300"></iframe>
<iframe id="restricted" src="{portal}/einbetten/angebote/?region=lueneburg"
  title="Angebote der Bildungsregion Lüneburg" height="300"></iframe>
</body></html>"""
    yield base
    server.shutdown()
    server.server_close()


def test_an_embed_renders_on_another_website_and_a_normal_page_does_not(
    page, other_website, live_server
):
    regions_load()
    stade = Region.objects.get(slug="stade")
    make_offer(region=stade, title="Sprachkurs in Stade")
    Region.objects.filter(slug="lueneburg").update(embed_origins="https://www.lueneburg.example")

    page.goto(other_website + "/")
    embed = page.frame_locator("#embed")
    expect(embed.locator("h1")).to_have_text("Angebote der Bildungsregion Stade")
    link = embed.get_by_role("link", name="Sprachkurs in Stade")
    expect(link).to_have_attribute("target", "_top")
    expect(embed.get_by_role("link", name="Mehr im Bildungsportal")).to_be_visible()
    # The embedded page itself passes axe-core (WCAG 2.1 A/AA), run inside its frame.
    frame = page.locator("#embed").element_handle().content_frame()
    violations = axe_violations(frame)
    assert violations == [], format_violations(violations)

    # Refused by the browser: no document of the portal in these frames.
    for name in ("normal", "restricted"):
        frame = page.locator(f"#{name}").element_handle().content_frame()
        assert frame.url == "chrome-error://chromewebdata/", name
    portal = page.context.pages[0].url  # still the Gemeinde's page
    framed = f"Framing '{live_server.url}/' violates the following Content Security Policy "
    assert sorted(page.problems) == [
        f"console.error: {framed}directive: \"frame-ancestors 'none'\". "
        "The request has been blocked.\n ()",
        f"console.error: {framed}directive: \"frame-ancestors 'self' "
        'https://www.lueneburg.example". The request has been blocked.\n ()',
    ]
    assert portal == other_website + "/"

    # A link opens the portal in the top window, leaving the Gemeinde's page.
    link.click()
    page.wait_for_url(f"{live_server.url}/angebote/sprachkurs-in-stade-*/")
    expect(page.locator("h1")).to_have_text("Sprachkurs in Stade")
