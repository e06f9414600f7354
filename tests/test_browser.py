"""The HTML pages in a real headless Chromium (Debian's, driven by Playwright): served, and as a static site.

Playwright launches /usr/bin/chromium (it downloads no browser here). Where
Chromium or Playwright is missing the tests are skipped, except in CI
(CI=true), where they fail: .ci/run installs Chromium.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kommunegraf.stores.web.dataset import load_dataset
from kommunegraf.stores.web.site import publish_site

CHROMIUM = Path(os.environ.get("KOMMUNEGRAF_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOT = Path("/tmp/meeting-page.png")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"the browser tests need {reason} in CI")
    pytest.skip(f"no browser: {reason}")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        _unavailable(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python (pip install playwright)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def served(server):
    return server.app.url


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def static(built, tmp_path_factory):
    """The published site behind Python's plain static file server: no content negotiation, no redirects of
    its own but a folder's to its trailing slash."""
    site = tmp_path_factory.mktemp("static") / "site"
    publish_site(load_dataset(built), site)
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def the_meeting(graph) -> tuple[str, dict[str, str]]:
    """The 2021-11-09 meeting of the example minutes and its agenda items' titles, from the graph."""
    meeting = next(n.id for n in graph.nodes.values() if n.label == "Meeting" and n.id.endswith("/2021-11-09"))
    items = {
        rel.start: graph.nodes[rel.start].properties["title"]
        for rel in graph.relationships.values()
        if rel.type == "ON_AGENDA_OF" and rel.end == meeting
    }
    return meeting, items


def path_of(iri: str) -> str:
    return urlsplit(iri).path


def _links_in(page, section: str) -> dict[str, str]:
    anchors = page.locator(f"#{section} a")
    return {anchors.nth(i).inner_text(): anchors.nth(i).get_attribute("href") for i in range(anchors.count())}


def test_a_meeting_page_shows_its_agenda_items_as_links(page, served, seed_graph):
    meeting, items = the_meeting(seed_graph)
    response = page.goto(served + path_of(meeting))  # the IRI's path: 303 to its HTML page
    assert response.ok and page.url.endswith(path_of(meeting) + "/index.html")
    links = _links_in(page, "linked-from")
    assert set(items.values()) <= set(links)
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_clicking_an_agenda_item_opens_the_items_page(page, served, seed_graph):
    meeting, items = the_meeting(seed_graph)
    page.goto(served + path_of(meeting))
    item, title = sorted(items.items())[-1]
    page.locator("#linked-from a", has_text=title).first.click()
    page.wait_for_url(f"**{path_of(item)}/")
    assert page.locator("h1").inner_text() == title


def test_the_static_site_shows_the_meeting_and_its_items_and_clicking_one_opens_it(page, static, seed_graph):
    meeting, items = the_meeting(seed_graph)
    response = page.goto(static + path_of(meeting))  # a plain static server: the folder's index.html
    assert response.ok
    assert set(items.values()) <= set(_links_in(page, "linked-from"))
    item, title = sorted(items.items())[0]
    page.locator("#linked-from a", has_text=title).first.click()
    page.wait_for_url(f"**{path_of(item)}/")
    assert page.locator("h1").inner_text() == title


def test_the_static_sites_index_leads_to_a_meeting(page, static, seed_graph):
    meeting, _ = the_meeting(seed_graph)
    page.goto(static + "/")
    page.locator("#meetings a[href$='/2021-11-09/']").first.click()
    page.wait_for_url(f"**{path_of(meeting)}/")
    assert "2021-11-09" in page.locator("h1").inner_text()
