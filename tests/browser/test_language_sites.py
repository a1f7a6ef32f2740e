"""The language sub-sites in real Chromium: each language searches its own index, falls back to
English, works from disk, and reflows right to left at 320 px."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from support import wider_than_viewport

pytestmark = pytest.mark.browser


def results_in(page, address: str) -> tuple[list[str], str]:
    """Open a search address in any language; return the result links and the status line."""
    page.goto(address)
    page.wait_for_function("() => !document.getElementById('search-app').hidden", timeout=15000)
    links = page.eval_on_selector_all("#search-results a", "links => links.map(a => a.getAttribute('href'))")
    return links, page.locator("#search-status").text_content()


@pytest.mark.parametrize("code, word, guide", [
    ("ar", "التوحد", "autism-and-adhd-pathway"),
    ("pl", "autyzmu", "autism-and-adhd-pathway"),
    ("ur", "تشخیص", None),  # Urdu for "diagnosis"
    ("ro", "evaluarea", "asking-for-an-ehc-needs-assessment"),
])
def test_each_language_searches_its_own_index(search_page, server, code, word, guide):
    links, status = results_in(search_page, f"{server}{code}/search/index.html?q={quote(word)}")
    assert links, status
    assert all(f"{code}/" in link for link in links), links  # only pages of that language
    if guide:
        assert any(link.endswith(f"{code}/guides/{guide}/index.html") for link in links[:3]), links
    assert search_page.evaluate("document.documentElement.getAttribute('data-search-mode')") == "pagefind"


def test_a_search_with_nothing_in_the_language_shows_english_results_and_says_so(search_page, server):
    links, status = results_in(search_page, f"{server}ur/search/index.html?q=portage")
    assert links and not any(link.startswith("ur/") or "/ur/" in link for link in links), links
    assert "اس زبان میں کوئی نتیجہ نہیں ملا۔ یہ نتائج انگریزی میں ہیں:" in status
    assert "result" not in status  # every word of the status is Urdu but the query


def test_a_language_searches_its_own_fallback_index_from_disk(search_page, site):
    links, status = results_in(search_page, (site / "pl/search/index.html").as_uri() + "?q=SENDIASS")
    assert any("pl/guides/getting-independent-advice/index.html" in link for link in links), links
    assert "prosty indeks" in search_page.locator("#search-mode").text_content()  # the mode, in Polish


RTL_PAGES = ["index.html", "search/index.html?q=SEND", "guides/index.html", "services/index.html",
             "find-support/index.html", "my-list/index.html", "guides/autism-and-adhd-pathway/index.html",
             "guides/sleep/index.html", "help-in-your-language/index.html", "contact/index.html",
             "find-support/0-4/index.html", "find-support/5-11/autism/index.html", "needs/index.html",
             "areas/city-wide/index.html", "feedback/index.html", "use-our-data/index.html"]


@pytest.mark.parametrize("code", ["ar", "ur"])
def test_right_to_left_pages_reflow_at_320px_without_horizontal_scrolling(browser, server, code):
    def is_right_to_left(page):
        assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"

    context = browser.new_context(viewport={"width": 320, "height": 640})
    overflowing = wider_than_viewport(context.new_page(), [f"{server}{code}/{path}" for path in RTL_PAGES],
                                      is_right_to_left)
    context.close()
    assert overflowing == []


def test_right_to_left_layout_mirrors(browser, server):
    page = browser.new_page(viewport={"width": 800, "height": 600})
    page.goto(f"{server}ar/guides/autism-and-adhd-pathway/index.html")
    notice = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.translation-notice'));
        return [s.borderRightWidth, s.borderLeftWidth]; }""")
    assert notice[0] != "0px" and notice[1] == "0px"  # the notice's bar is on the reading side
    heading = page.evaluate("document.querySelector('h1').getBoundingClientRect().right")
    assert heading > 700  # the heading starts at the right
    page.close()


def test_right_to_left_pages_print_without_overflowing(browser, server):
    page = browser.new_page(viewport={"width": 600, "height": 800})
    page.goto(f"{server}ur/guides/asking-for-an-ehc-needs-assessment/index.html")
    page.emulate_media(media="print")
    assert not page.locator(".site-header nav").first.is_visible()
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1]
    assert len(page.pdf(format="A4")) > 1000
    page.close()


def test_my_list_speaks_the_pages_language_with_its_plurals(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}ar/guides/getting-independent-advice/index.html")
    button = page.locator(".mylist-toggle button")
    button.wait_for()
    assert button.text_content() == "أضف إلى قائمتي"
    button.click()
    assert page.locator(".mylist-toggle [role=status]").text_content() == "أُضيف إلى قائمتي. فيها الآن عنصر واحد."
    assert button.text_content() == "احذف من قائمتي"
    context.close()
