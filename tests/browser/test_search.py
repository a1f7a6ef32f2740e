"""Search in real Chromium: Pagefind over http, the fallback from file://, filters and the address bar."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from localoffer.browser import search_results

pytestmark = pytest.mark.browser

# Parents' words -> the taxonomy term whose pages must come back.
SYNONYMS = [("ASD", "needs", "autism"), ("SALT", "needs", "speech-language-communication"),
            ("respite", "categories", "short-breaks"), ("CAMHS", "needs", "social-emotional-mental-health")]


def hrefs_for(term) -> set[str]:
    return {entry.href for entry in term.services + term.guides}


def test_a_query_returns_the_expected_service(search_page, server, model):
    forum = model.service("rainbow-parent-carer-forum")
    found = search_results(search_page, f"{server}search/index.html?q=parent%20carer%20forum")
    assert any(href.endswith(forum.href) for href in found[:5]), found


@pytest.mark.parametrize("word, kind, term_id", SYNONYMS)
def test_parents_words_find_their_pages(search_page, server, model, word, kind, term_id):
    term = model.taxonomy[kind][term_id]
    assert word in term.synonyms  # the synonym comes from content/taxonomy.yaml
    found = search_results(search_page, f"{server}search/index.html?q={quote(word)}")
    wanted = hrefs_for(term)
    assert any(href.removeprefix("../") in wanted for href in found[:5]), (word, found[:5])


def test_ehcp_finds_the_ehc_plan_guides(search_page, server):
    found = search_results(search_page, f"{server}search/index.html?q=EHCP")
    assert any("ehc" in href for href in found[:5]), found


def test_a_filter_narrows_results_and_lives_in_the_address(search_page, server):
    everything = search_results(search_page, f"{server}search/index.html?q=support")
    search_page.get_by_text("Filter results").click()
    search_page.get_by_label("Free (", exact=False).first.check()
    search_page.wait_for_url("**q=support&cost=free")
    search_page.wait_for_function("() => /with 1 filter/.test(document.getElementById('search-status').textContent)")
    free = search_page.eval_on_selector_all("#search-results a", "links => links.map(a => a.getAttribute('href'))")
    assert 0 < len(free) <= len(everything)
    costs = search_page.eval_on_selector_all("#search-results .facts", "rows => rows.map(r => r.textContent)")
    assert all("Paid" not in row for row in costs)


def test_the_address_round_trips_and_back_works(search_page, server):
    search_page.goto(f"{server}search/index.html")
    search_page.get_by_label("Search services and guides").fill("autism")
    search_page.get_by_role("button", name="Search").click()
    search_page.wait_for_url("**?q=autism")
    search_page.wait_for_function("() => /results? for/.test(document.getElementById('search-status').textContent)")
    search_page.get_by_label("Search services and guides").fill("respite")
    search_page.get_by_role("button", name="Search").click()
    search_page.wait_for_url("**?q=respite")
    search_page.go_back()
    search_page.wait_for_url("**?q=autism")
    search_page.wait_for_function("() => /\u201cautism\u201d/.test(document.getElementById('search-status').textContent)")
    assert search_page.get_by_label("Search services and guides").input_value() == "autism"
    # The same address, opened fresh, gives the same search.
    again = search_results(search_page, f"{server}search/index.html?q=autism&age=16-18")
    assert search_page.get_by_label("Search services and guides").input_value() == "autism"
    assert again
    assert search_page.is_checked("#filter-age-16-18")


def test_results_are_announced_and_say_which_mode(search_page, server):
    search_results(search_page, f"{server}search/index.html?q=autism")
    status = search_page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert "results for" in status.text_content()
    assert "every service and guide" in search_page.locator("#search-mode").text_content()


def test_no_results_suggests_other_words(search_page, server):
    search_page.goto(f"{server}search/index.html?q=zzzzqqq")
    search_page.wait_for_function("() => /0 results/.test(document.getElementById('search-status').textContent)")
    assert search_page.locator("#search-empty").is_visible()
    assert "other words" in search_page.locator("#search-empty").text_content()


def test_fallback_search_works_from_disk(search_page, site):
    found = search_results(search_page, (site / "search/index.html").as_uri() + "?q=forum")
    assert any("rainbow-parent-carer-forum" in href for href in found)
    assert "basic index" in search_page.locator("#search-mode").text_content()
    search_page.locator("#search-results a").first.click()
    assert search_page.locator("h1").text_content()


def test_fallback_finds_by_synonym(search_page, site, model):
    found = search_results(search_page, (site / "search/index.html").as_uri() + "?q=ASD")
    wanted = hrefs_for(model.taxonomy["needs"]["autism"])
    assert any(href.removeprefix("../") in wanted for href in found)


def test_without_javascript_the_search_page_offers_browsing(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}search/index.html?q=autism")
    assert page.get_by_role("link", name="By need").is_visible()
    assert page.locator("noscript").count() == 1
    context.close()
