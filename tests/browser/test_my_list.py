""""My list" in real Chromium: add and remove with the button, the list after a reload and offline,
printing on one page, the shared link in a fresh browser, and nothing broken without JavaScript."""
from __future__ import annotations

import re

import pytest

from localoffer.routes import url_for


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def add(page, server, model, slug, kind="service"):
    entry = model.service(slug) if kind == "service" else model.guide(slug)
    page.goto(server + entry.href)
    button = page.get_by_role("button", name="Add to my list")
    button.click()
    return entry


def test_add_remove_and_the_list_after_a_reload(context, server, model):
    page = context.new_page()
    ipsea = add(page, server, model, "ipsea")
    assert page.get_by_role("status").filter(has_text="Added to my list").text_content() == \
        "Added to my list. It has 1 item."
    assert page.get_by_role("button", name="Remove from my list").is_visible()
    guide = add(page, server, model, "money-and-benefits", kind="guide")
    page.goto(server + url_for("my-list"))
    items = page.locator(".mylist-item h2")
    assert items.all_text_contents() == [ipsea.title, guide.title]
    contact = ipsea.data["contacts"][0]
    assert contact["website"] in page.locator(".mylist-item").first.text_content()
    page.reload()
    assert page.locator(".mylist-item h2").all_text_contents() == [ipsea.title, guide.title]
    page.get_by_role("button", name=f"Remove {ipsea.title} from my list").click()
    assert page.locator(".mylist-item h2").all_text_contents() == [guide.title]
    assert "Your list has 1 item" in page.locator(".mylist-status").text_content()
    page.goto(server + ipsea.href)  # the service page agrees
    assert page.get_by_role("button", name="Add to my list").is_visible()


def test_the_list_works_offline(context, server, model):
    page = context.new_page()
    page.goto(server + "index.html")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=15000)
    entry = add(page, server, model, "family-fund")
    page.goto(server + url_for("my-list"))
    page.locator(".mylist-item").first.wait_for()
    context.set_offline(True)
    try:
        page.reload()
        assert page.locator(".mylist-item h2").all_text_contents() == [entry.title]
    finally:
        context.set_offline(False)


def test_the_list_prints_on_one_page(context, server, model):
    page = context.new_page()
    for slug in ("ipsea", "family-fund", "camhs", "nottingham-sendiass", "scope", "carers-uk"):
        add(page, server, model, slug)
    page.goto(server + url_for("my-list"))
    page.emulate_media(media="print")
    assert not page.locator(".mylist-actions").is_visible() and not page.locator(".site-footer").is_visible()
    assert page.locator(".mylist-item").count() == 6 and page.locator(".mylist-item").first.is_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) == 1, "the list does not fit on one page"


def test_a_shared_link_opens_the_same_list_in_a_fresh_browser(browser, context, server, model):
    page = context.new_page()
    first = add(page, server, model, "ipsea")
    second = add(page, server, model, "family-fund")
    page.goto(server + url_for("my-list"))
    link = page.get_by_label("Link to your list").input_value()
    assert "#list=" in link
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.goto(link)
        assert other.locator(".mylist-item h2").all_text_contents() == [first.title, second.title]
        assert other.locator(".mylist-shared").is_visible()
        other.get_by_role("button", name="Keep this list on this device").click()
        assert "Saved. Your list has 2 items." in other.locator(".mylist-status").text_content()
        other.goto(server + url_for("my-list"))
        assert other.locator(".mylist-item h2").all_text_contents() == [first.title, second.title]
    finally:
        fresh.close()


def test_without_javascript_no_button_and_the_list_page_says_why(browser, server, model):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + model.service("ipsea").href)
        assert page.get_by_role("button", name="Add to my list").count() == 0 or \
            not page.get_by_role("button", name="Add to my list").is_visible()
        page.goto(server + url_for("my-list"))
        assert page.locator(".mylist-needs-script").is_visible()
        assert not page.locator("#my-list").is_visible()
    finally:
        context.close()


def test_the_button_is_reached_and_used_with_the_keyboard(context, server, model):
    page = context.new_page()
    page.goto(server + model.service("scope").href)
    button = page.get_by_role("button", name="Add to my list")
    for _ in range(40):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    else:
        raise AssertionError("Add to my list cannot be reached with Tab")
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Remove from my list").evaluate("b => b === document.activeElement")
