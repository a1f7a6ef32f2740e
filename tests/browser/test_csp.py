"""The Content Security Policy: on every page, strict (no inline script, no 'unsafe-inline'), and in
real Chromium nothing the site itself does is blocked by it: Pagefind over http, the fallback from
disk and the service worker."""
from __future__ import annotations

import re

import pytest

from localoffer.browser import search_results

pytestmark = pytest.mark.browser

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def policy_of(html: str) -> dict[str, list[str]]:
    found = POLICY.search(html)
    assert found, "no Content-Security-Policy meta element"
    return {name: values for name, *values in (part.split() for part in found.group(1).split(";") if part.strip())}


def test_every_page_carries_a_strict_policy_before_any_script_or_style(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policy = policy_of(html)
        assert policy["default-src"] == ["'self'"], path
        assert set(policy["script-src"]) == {"'self'", "'wasm-unsafe-eval'"}, path
        assert policy["style-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"], path
        assert "unsafe-inline" not in html and "'unsafe-eval'" not in html, path
        head = html[:html.index("</head>")]
        assert head.index("Content-Security-Policy") < min(
            (head.index(tag) for tag in ("<script", "<link rel=\"stylesheet\"") if tag in head), default=len(head))
        # Inline scripts would be blocked: only data blocks (JSON, and JSON-LD for search engines) may be inline.
        for attributes in re.findall(r"<script([^>]*)>", html):
            assert "src=" in attributes or re.search(r'type="application/(ld\+)?json"', attributes), (path, attributes)


def violations_while(page, action) -> list[str]:
    """Run `action` on `page`, returning every CSP violation the browser reported."""
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    action()
    return seen


def test_pagefind_search_over_http_is_not_blocked(search_page, server):
    def search():
        found = search_results(search_page, f"{server}search/index.html?q=autism")
        assert found
        assert search_page.evaluate("document.documentElement.dataset.searchMode") == "pagefind"
    assert violations_while(search_page, search) == []


def test_fallback_search_from_disk_is_not_blocked(search_page, site):
    def search():
        assert search_results(search_page, (site / "search/index.html").as_uri() + "?q=forum")
    assert violations_while(search_page, search) == []


def test_the_service_worker_registers_under_the_policy(search_page, server):
    def visit():
        search_page.goto(f"{server}index.html")
        search_page.wait_for_function("() => navigator.serviceWorker.ready.then(() => true)")
        assert search_page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")
    assert violations_while(search_page, visit) == []
