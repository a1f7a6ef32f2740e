"""Offline in real Chromium: the service worker, Save for offline, and the zip opened from disk."""
from __future__ import annotations

import json
import time
import zipfile

import pytest

from localoffer.browser import search_results, serve_folder
from localoffer.pipeline import build_site
from minimal import make_minimal_project


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def wait_until_controlled(page):
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null",
                           timeout=15000)


def save_for_offline(page):
    page.get_by_role("button", name="Save this site for offline use").click()
    page.wait_for_function("() => document.documentElement.getAttribute('data-offline-saved') === 'yes'",
                           timeout=120000)
    return page.locator("#save-offline .save-state")


def test_visited_pages_work_offline_and_others_show_the_offline_page(context, server):
    page = context.new_page()
    page.goto(server + "index.html")
    wait_until_controlled(page)
    page.goto(server + "services/ipsea/index.html")
    context.set_offline(True)
    page.goto(server + "index.html")
    assert page.locator("h1").text_content() == "Nottingham SEND Local Offer"
    page.goto(server + "services/ipsea/index.html")
    assert "IPSEA" in page.locator("h1").text_content()
    page.goto(server + "services/family-fund/index.html")
    assert page.locator("h1").text_content() == "You are offline"
    # The offline page's own links work: the link asks for the right address (not one resolved from
    # the wrong folder), and the service worker answers, sending an unvisited page to the offline page.
    with page.expect_request(server + "services/index.html"):
        page.get_by_role("link", name="Services A to Z").first.click()
    page.wait_for_url(server + "offline/index.html")
    page.wait_for_load_state()
    assert page.locator("h1").text_content() == "You are offline"
    assert page.evaluate("document.querySelector('link[rel=stylesheet]').sheet.cssRules.length") > 0
    context.set_offline(False)


def test_save_for_offline_then_everything_and_search_work_offline(context, server, site):
    manifest = json.loads((site / "offline-manifest.json").read_text())
    page = context.new_page()
    page.goto(server + "index.html")
    wait_until_controlled(page)
    size_note = page.locator("#save-offline .save-size")
    size_note.wait_for()
    assert f"{manifest['bytes'] / 1e6:.1f} MB" in size_note.text_content()
    save_for_offline(page)
    assert "works on this device without the internet" in page.locator("#save-offline [role=status]").text_content()
    cached = page.evaluate("name => caches.open(name).then(c => c.keys()).then(k => k.map(r => r.url))", manifest["cache"])
    # The English home page saves the English site, not the other languages' sub-sites.
    english = [f for f in manifest["files"] if f.split("/")[0] not in manifest["language_bytes"]]
    assert len(cached) >= len(english) and len(english) < len(manifest["files"])
    assert not any("/ur/" in url or "/ar/" in url for url in cached)
    context.set_offline(True)
    for path in ("guides/glossary/index.html", "find-support/16-18/autism/index.html", "areas/bulwell/index.html"):
        page.goto(server + path)
        assert page.locator("h1").text_content() != "You are offline", path
    found = search_results(page, server + "search/index.html?q=respite")
    assert any("short-breaks" in href for href in found[:5])
    assert page.get_attribute("html", "data-search-mode") == "pagefind"
    context.set_offline(False)


# The new build's service worker has installed, activated (so its clean-up has run) and made its cache.
NEW_WORKER_ACTIVE = """async cache => {
    const registration = await navigator.serviceWorker.getRegistration();
    const settled = registration && registration.active && registration.active.state === "activated" &&
        !registration.installing && !registration.waiting;
    return settled && (await caches.keys()).includes(cache);
}"""


def wait_for_promise(page, script, arg, seconds=15):
    # Playwright's wait_for_function counts a returned promise as true at once, so poll evaluate().
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        page.wait_for_timeout(100)


def test_a_saved_copy_survives_a_new_build_until_saved_again(context, tmp_path):
    project = make_minimal_project(tmp_path / "project")
    build_site(project, project / "site")
    first_manifest = (project / "site/offline-manifest.json").read_text()
    service = project / "content/services/other-service.yaml"
    with serve_folder(project / "site") as server:
        page = context.new_page()
        page.goto(server + "index.html")
        wait_until_controlled(page)
        assert "Your copy is up to date" in save_for_offline(page).text_content()

        service.write_text(service.read_text().replace("Another service", "A renamed service"))
        build_site(project, project / "site")
        new_cache = json.loads((project / "site/offline-manifest.json").read_text())["cache"]
        page.goto(server + "index.html")
        wait_for_promise(page, NEW_WORKER_ACTIVE, new_cache)
        assert page.evaluate("caches.keys()") == [json.loads(first_manifest)["cache"], new_cache]
        page.reload()
        state = page.locator("#save-offline .save-state")
        state.wait_for()
        assert "It has changed since then" in state.text_content()
        page.goto(server + "services/other-service/index.html")  # online: the new build, never the copy
        assert page.locator("h1").text_content() == "A renamed service"

        context.set_offline(True)
        page.goto(server + "guides/second-guide/index.html")  # never visited, only in the saved copy
        assert page.locator("h1").text_content() == "The second guide"
        assert page.evaluate("document.querySelector('link[rel=stylesheet]').sheet.cssRules.length") > 0
        context.set_offline(False)

        page.goto(server + "index.html")
        assert "Your copy is up to date" in save_for_offline(page).text_content()
        assert page.evaluate("caches.keys().then(k => k.length)") == 1  # the older copy is gone


def test_the_zip_works_from_disk(context, site, tmp_path):
    zipfile.ZipFile(site / "downloads/local-offer-offline.zip").extractall(tmp_path)
    home = tmp_path / "local-offer/index.html"
    page = context.new_page()
    page.goto(home.as_uri())
    page.get_by_role("link", name="Services A to Z").first.click()
    page.get_by_role("link", name="IPSEA: independent legal advice on SEND").click()
    assert "IPSEA" in page.locator("h1").text_content()
    found = search_results(page, (tmp_path / "local-offer/search/index.html").as_uri() + "?q=respite")
    assert found and "basic index" in page.locator("#search-mode").text_content()
