"""Search in real Chromium: Pagefind over http, the fallback from file://, filters and the address bar."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, quote, urlsplit

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


@pytest.mark.parametrize("query, first", [("EP", "educational-psychology-service"),
                                           ("OT assessment", "childrens-occupational-therapy")])
def test_an_abbreviation_is_searched_by_its_longer_same_meaning_words(search_page, server, model, query, first):
    # Pagefind matches the starts of words: "EP" alone would rank the epilepsy pages first.
    found = search_results(search_page, f"{server}search/index.html?q={quote(query)}")
    assert found and found[0].endswith(model.service(first).href), (query, found[:5])


@pytest.mark.parametrize("opened", ["http", "file"])
def test_a_childs_age_in_figures_does_not_hide_the_page(search_page, server, site, model, opened):
    # No page writes "3 year old", so searching for it as a word would leave out the speech pages.
    base = server if opened == "http" else site.as_uri() + "/"
    found = search_results(search_page, f"{base}search/index.html?q={quote('speech therapy for my 3 year old')}")
    assert found and model.service("childrens-speech-and-language-therapy").href in found[0], found[:5]


@pytest.mark.parametrize("query", ["i am 17 and want a job", "my son is 17 and wants a job"])
def test_a_young_persons_age_in_figures_does_not_change_the_results(search_page, server, query):
    # The pages about jobs do not say "17": searched as a word, it would put pages that mention
    # 17 for another reason above them.
    without_age = search_results(search_page, f"{server}search/index.html?q={quote('want a job')}")
    assert without_age and search_results(search_page, f"{server}search/index.html?q={quote(query)}") == without_age


@pytest.mark.parametrize("query", ["16 to 19 bursary", "what is 16 to 19 bursary", "what is 16-19 bursary"])
def test_pages_with_every_word_are_not_said_to_be_missing(search_page, server, model, query):
    # Two guides name the "16 to 19 Bursary Fund": too few, so pages with some of the words are added
    # after them, but the page must not say that none has them all (Pagefind's short excerpts of those
    # two show "16", not "bursary"). And "is 16" before "to 19" is a range of ages, not someone's age.
    found = search_results(search_page, f"{server}search/index.html?q={quote(query)}")
    assert found and found[0].endswith(model.guide("money-at-16").href), found[:5]
    assert "No page has all of your words" not in search_page.locator("#search-status").text_content()


def result_count(page) -> int:
    return int(re.match(r"(\d+) results?", page.locator("#search-status").text_content()).group(1))


def filter_count(page, name, value) -> int:
    return int(re.search(r"\((\d+)\)$", page.locator(f"label[for=filter-{name}-{value}]").text_content()).group(1))


def test_pages_with_equal_scores_come_in_the_order_of_their_ids_not_the_file_listing(search_page, server):
    # With a filter and no words every page scores the same, and Pagefind's own order is the order
    # the build's file system listed the files in, which differs between machines.
    shown = search_results(search_page, f"{server}search/index.html?type=guide")
    raw = search_page.evaluate("""async () => {
        const pagefind = await import('../pagefind/pagefind.js');
        const found = await pagefind.search(null, {filters: {type: {any: ['guide']}}});
        return Promise.all(found.results.map(async item => [item.id, (await item.data()).url])); }""")
    assert [page_id for page_id, _ in raw] != sorted(page_id for page_id, _ in raw)  # else this proves nothing
    by_id = [url.lstrip("/") for _, url in sorted(raw)]
    assert [href.removeprefix("../") for href in shown] == by_id[:len(shown)] and len(shown) >= 10


def test_a_filter_narrows_results_and_lives_in_the_address(search_page, server):
    search_results(search_page, f"{server}search/index.html?q=support")
    everything = result_count(search_page)
    assert everything > 20  # more than one page of results, so the counts are not capped lists
    services, guides = filter_count(search_page, "type", "service"), filter_count(search_page, "type", "guide")
    free, paid = filter_count(search_page, "cost", "free"), filter_count(search_page, "cost", "paid")
    assert services + guides == everything
    assert 0 < free and free + paid <= services
    search_page.get_by_text("Filter results").click()
    search_page.get_by_label("Free (", exact=False).first.check()
    search_page.wait_for_url("**q=support&cost=free")
    search_page.wait_for_function("() => /with 1 filter/.test(document.getElementById('search-status').textContent)")
    assert result_count(search_page) == free < everything
    costs = search_page.eval_on_selector_all("#search-results .facts", "rows => rows.map(r => r.textContent)")
    assert all("Paid" not in row for row in costs)


def test_filters_are_the_pages_own_in_its_order(search_page, server):
    search_results(search_page, f"{server}search/index.html?q=support")
    labels = search_page.evaluate("() => Object.keys(JSON.parse(document.getElementById('search-labels').textContent))")
    shown = search_page.eval_on_selector_all("#filter-groups input", "boxes => [...new Set(boxes.map(b => b.name))]")
    assert shown == [name for name in labels if name in shown] and len(shown) >= 5


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


def test_the_search_mode_note_keeps_its_line_so_nothing_moves_when_search_has_loaded(search_page, server):
    # The note is written once search has loaded; a reader may already be reading or tabbing below it.
    search_page.goto(f"{server}search/index.html")
    search_page.wait_for_selector("html[data-search-mode]")
    filled = search_page.evaluate("document.getElementById('search-mode').getBoundingClientRect().height")
    empty = search_page.evaluate("""() => { const note = document.getElementById('search-mode');
        note.textContent = ''; return note.getBoundingClientRect().height; }""")
    assert filled > 0 and empty == filled


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
    assert not search_page.locator("#search-browse").is_visible()  # no word of it is known


# A word no page uses: the other words must still find their page.
UNKNOWN_WORD = "trampoline"


def vocabulary_words(site) -> set[str]:
    text = (site / "search/vocabulary.js").read_text(encoding="utf-8")
    return set(json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))["words"])


@pytest.mark.parametrize("opened", ["http", "file"])
def test_a_word_no_page_uses_does_not_empty_the_page(search_page, server, site, opened):
    assert UNKNOWN_WORD not in vocabulary_words(site)
    address = f"{server}search/index.html" if opened == "http" else (site / "search/index.html").as_uri()
    found = search_results(search_page, f"{address}?q=parent%20carer%20forum%20{UNKNOWN_WORD}")
    assert any("rainbow-parent-carer-forum" in href for href in found[:5]), found
    assert "No page has all of your words" in search_page.locator("#search-status").text_content()
    assert search_page.locator("#search-tell-us").is_visible()


@pytest.mark.parametrize("opened", ["http", "file"])
@pytest.mark.parametrize("typed, meant, wanted", [("autisim", "autism", "autism"), ("behaviuor", "behaviour", "social-emotional"),
                                                  ("dyslexsia", "dyslexia", "specific-learning"),
                                                  ("accesible", "accessible", "")])
def test_a_misspelt_word_is_corrected_from_the_sites_own_words(search_page, server, site, model, opened, typed, meant, wanted):
    address = f"{server}search/index.html" if opened == "http" else (site / "search/index.html").as_uri()
    found = search_results(search_page, f"{address}?q={typed}")
    assert f"Showing results for \u201c{meant}\u201d" in search_page.locator("#search-status").text_content()
    # The basic index from disk has titles, summaries and synonyms only: "accessible" is in none.
    assert found or (opened == "file" and not wanted)
    if wanted:  # a page of the word's taxonomy term comes back
        term = next(t for t in model.taxonomy["needs"].values() if t.id.startswith(wanted))
        assert any(href.removeprefix("../") in hrefs_for(term) for href in found), found
    # The reader can search for exactly what they typed instead.
    search_page.get_by_role("link", name=f"Search for \u201c{typed}\u201d instead").click()
    search_page.wait_for_url(f"**q={typed}&typed=1")
    search_page.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")
    assert "Showing results for" not in search_page.locator("#search-status").text_content()


def test_no_results_offers_browse_pages_for_known_words_and_a_way_to_tell_us(search_page, server, model):
    search_page.goto(f"{server}search/index.html?q=tribunal&cost=paid")
    search_page.wait_for_function("() => /0 results/.test(document.getElementById('search-status').textContent)")
    browse = search_page.eval_on_selector_all("#search-browse-links a", "links => links.map(a => a.getAttribute('href'))")
    assert "../categories/advice-and-support/index.html" in browse
    tell_us = search_page.locator("#search-tell-us")
    assert tell_us.is_visible() and tell_us.text_content() == "Tell us what you were looking for"
    address = tell_us.get_attribute("href")
    assert address.startswith(model.site["repository"]["url"] + "/issues/new?")
    assert "tribunal" in parse_qs(urlsplit(address).query)["title"][0]


def test_the_tell_us_link_carries_the_words_exactly(search_page, server):
    words = "qqzz & vvxx?"
    search_page.goto(f"{server}search/index.html?q={quote(words)}")
    search_page.wait_for_function("() => /0 results/.test(document.getElementById('search-status').textContent)")
    query = parse_qs(urlsplit(search_page.locator("#search-tell-us").get_attribute("href")).query)
    assert f"\u201c{words}\u201d" in query["title"][0]


def hold_pagefind(page):
    """Hold back Pagefind's script, as a slow phone network would; returns a function to let it through."""
    held = []
    page.route("**/pagefind/pagefind.js", lambda route: held.append(route))
    def release():
        page.wait_for_function("() => true")  # let the held request arrive
        assert held, "the search page never asked for Pagefind"
        held[0].continue_()
    return release


def test_typing_before_search_loads_is_kept(search_page, server):
    release = hold_pagefind(search_page)
    search_page.goto(f"{server}search/index.html")
    search_page.get_by_label("Search services and guides").fill("respite")
    release()
    search_page.wait_for_function("() => document.documentElement.dataset.searchMode === 'pagefind'")
    assert search_page.get_by_label("Search services and guides").input_value() == "respite"


def test_a_search_pressed_before_search_loads_runs_once_it_has(search_page, server):
    errors = []
    search_page.on("pageerror", lambda error: errors.append(error))
    release = hold_pagefind(search_page)
    search_page.goto(f"{server}search/index.html")
    search_page.get_by_label("Search services and guides").fill("respite")
    search_page.get_by_role("button", name="Search").click()
    search_page.wait_for_url("**?q=respite")
    assert "Loading search" in search_page.locator("#search-status").text_content()
    release()
    search_page.wait_for_function("() => /results? for \u201crespite\u201d/.test(document.getElementById('search-status').textContent)")
    assert search_page.get_by_label("Search services and guides").input_value() == "respite"
    assert search_page.locator("#search-results a").count() > 0
    assert errors == []


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


def test_a_short_word_searched_whole_still_ranks_the_page_about_it_first(search_page, server, model):
    # With a word no page uses, each word is searched on its own; "job" whole, in quotes, which
    # Pagefind does not score, so without scores of our own the pages came in the order the build
    # happened to list their files.
    found = search_results(search_page, f"{server}search/index.html?q={quote('job ' + UNKNOWN_WORD)}")
    assert found and found[0].endswith(model.guide("college-internships-and-jobs").href), found[:5]


@pytest.mark.parametrize("query", ["parent carer forum " + UNKNOWN_WORD, "autisim", "tribunal&cost=paid"])
def test_relaxed_corrected_and_empty_pages_pass_axe(search_page, server, query):
    from support import PROJECT
    search_results(search_page, f"{server}search/index.html?q={query.replace(' ', '%20')}")
    # The page's Content-Security-Policy refuses injected scripts, as it should: run axe-core directly.
    search_page.evaluate((PROJECT / "node_modules/axe-core/axe.min.js").read_text(encoding="utf-8"))
    result = search_page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: "
                                  "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})")
    assert [v["id"] for v in result["violations"]] == []


@pytest.fixture(scope="module")
def server_of_an_index_in_parts(project, tmp_path_factory):
    """The shipped content built as a large site is: its English pages indexed in 3 parts."""
    from localoffer import search
    from localoffer.browser import serve_folder
    from localoffer.pipeline import build_site
    output = tmp_path_factory.mktemp("parts") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PAGES_PER_INDEX_PART", 40)
        build_site(project, output, use_cache=False)
    assert (output / "pagefind/part-3/pagefind-entry.json").is_file()
    with serve_folder(output) as address:
        yield address


@pytest.fixture(scope="module")
def server_of_reused_index_parts(tmp_path_factory):
    """The shipped content in index parts, built again with the build cache after one service's name
    gained a word: the part with that service is made again, the others are the last build's."""
    import shutil
    from localoffer import search
    from localoffer.browser import serve_folder
    from localoffer.pipeline import build_site
    from support import PROJECT, edit, index_part_stamps
    project = tmp_path_factory.mktemp("reused")
    for folder in ("content", "templates", "assets", "locales"):
        shutil.copytree(PROJECT / folder, project / folder)
    service = project / "content/services/nottingham-sendiass.yaml"
    name = next(line for line in service.read_text().splitlines() if line.startswith("name: "))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PAGES_PER_INDEX_PART", 40)
        build_site(project, project / "site")
        before = index_part_stamps(project / "site")
        edit(service, name, f"{name} {REUSED_PARTS_WORD}")
        build_site(project, project / "site")
    after = index_part_stamps(project / "site")
    assert len(after) == 3 and len([number for number, files in enumerate(after) if files == before[number]]) == 2
    with serve_folder(project / "site") as address:
        yield address


REUSED_PARTS_WORD = "zanzibarquux"  # a word no page uses


def test_an_index_with_parts_reused_from_the_last_build_finds_the_edit_and_the_rest(
        search_page, server, server_of_reused_index_parts):
    found = search_results(search_page, f"{server_of_reused_index_parts}search/index.html?q={REUSED_PARTS_WORD}")
    assert [address.rsplit("services/", 1)[-1] for address in found] == ["nottingham-sendiass/index.html"]
    for query in ("autism", "short breaks"):
        search_results(search_page, f"{server}search/index.html?q={quote(query)}&type=service")
        counts = shown_counts(search_page)
        search_results(search_page, f"{server_of_reused_index_parts}search/index.html?q={quote(query)}&type=service")
        assert shown_counts(search_page) == counts and counts["results"] > 3


def shown_counts(page) -> dict[str, int]:
    """Every filter value's count, as the filter's label shows it, with the number of results."""
    labels = page.eval_on_selector_all("#filter-groups label", "labels => labels.map(l => [l.htmlFor, l.textContent])")
    return {"results": result_count(page),
            **{name: int(re.search(r"\((\d+)\)$", text).group(1)) for name, text in labels}}


@pytest.mark.parametrize("query", ["autism", "support", "short breaks", "speech therapy"])
def test_an_index_in_parts_finds_the_same_pages_with_the_same_counts(search_page, server, server_of_an_index_in_parts, query):
    # Scores differ a little (Pagefind weighs a word by how common it is in its part), so the order may too.
    whole = set(search_results(search_page, f"{server}search/index.html?q={quote(query)}&type=service"))
    counts = shown_counts(search_page)
    in_parts = set(search_results(search_page, f"{server_of_an_index_in_parts}search/index.html?q={quote(query)}&type=service"))
    assert shown_counts(search_page) == counts and counts["results"] > 3
    if counts["results"] <= 20:  # every result is on the page
        assert in_parts == whole


def test_a_language_with_few_pages_has_one_part_and_its_search_works(search_page, server_of_an_index_in_parts):
    search_page.goto(f"{server_of_an_index_in_parts}ur/search/index.html?q=autism")
    search_page.wait_for_function("() => document.querySelectorAll('#search-results a').length > 0")
    assert search_page.locator("script[data-pagefind-parts]").count() == 0
    assert search_page.evaluate("document.documentElement.dataset.searchMode") == "pagefind"
    english = search_page.context.new_page()
    search_results(english, f"{server_of_an_index_in_parts}search/index.html?q=autism")
    assert english.locator("script[data-pagefind-parts]").get_attribute("data-pagefind-parts") == \
        "pagefind/part-2/ pagefind/part-3/"
    english.close()


def test_results_lead_to_their_pages_when_the_site_is_published_in_a_folder(search_page, base_path_server, model):
    # Pagefind's own guess of a result's address starts with the folder (/local-offer/), which the
    # page's relative links would then repeat.
    found = search_results(search_page, f"{base_path_server}search/index.html?q=autism")
    first = search_page.locator("#search-results a").first
    assert found and first.evaluate("a => a.href") == f"{base_path_server}{found[0].removeprefix('../')}"
    assert search_page.request.get(first.evaluate("a => a.href")).ok
