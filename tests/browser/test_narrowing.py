"""Narrowing a long listing in real Chromium, without JavaScript: the cards that do not match hide."""
from __future__ import annotations

import pytest


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def visible_cards(page) -> int:
    return page.locator(".narrowable .card").evaluate_all(
        "cards => cards.filter(card => card.getClientRects().length > 0).length")


def test_a_long_listing_narrows_without_javascript(no_js_page, server, site):
    long_pages = [p for p in sorted(site.glob("needs/*/index.html")) if "Narrow this list" in p.read_text()]
    assert long_pages, "no needs page is long enough to offer narrowing"
    path = long_pages[0].relative_to(site).as_posix()
    page = no_js_page
    page.goto(server + path)
    total = visible_cards(page)
    assert total > 12
    page.get_by_text("Narrow this list").click()
    label = page.locator("label[for^='narrow-cost-']").filter(has_text="Free")
    free_count = int(label.inner_text().rsplit("(", 1)[1].rstrip(")"))
    label.click()
    assert visible_cards(page) == free_count < total
    page.locator("label[for='narrow-cost-any']").click()
    assert visible_cards(page) == total
    # Two filters together: each hides what it does not match.
    page.locator("label[for='narrow-cost-free']").click()
    page.locator("label[for^='narrow-access-']").first.click()
    assert visible_cards(page) <= free_count
