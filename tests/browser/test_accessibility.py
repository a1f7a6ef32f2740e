"""WCAG 2.2 AA on every page, checked in real Chromium: axe-core, keyboard, reflow, target size."""
from __future__ import annotations

import pytest

from support import PROJECT, REPORT, wider_than_viewport

AXE = (PROJECT / "node_modules/axe-core/axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# One page of each template, for the checks that look at layout rather than content.
TEMPLATES = ["index.html", "services/nottingham-sendiass/index.html", "guides/glossary/index.html",
             "accessibility-statement/index.html", "services/index.html", "guides/index.html",
             "categories/index.html", "needs/autism/index.html", "ages/16-18/index.html", "areas/index.html",
             "find-support/index.html", "find-support/5-11/index.html", "find-support/5-11/autism/index.html",
             "feedback/index.html", "search/index.html?q=autism", "help-improve-this-site/index.html"]
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""


def load_axe(page):
    """axe-core, run through the browser's developer interface: the page's Content Security Policy
    (rightly) blocks an injected inline script, and a test tool must not need the policy weakened."""
    page.evaluate(AXE + "\n;0")


def all_pages(site):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


IN_FLIGHT = 2  # pages checked at once, in tabs of one browser: each renders in its own process (2 cores)


def start_axe(tab, address: str) -> None:
    """Open a page and start axe on it without waiting, so the next page loads while it runs. axe is
    already there: the tabs' context adds it to every document (add_init_script, through the same
    developer interface as load_axe), instead of sending its source again for each of the pages."""
    tab.goto(address)
    # Only violations are gathered in full: the other result types cost time and are not read.
    tab.evaluate("tags => { window.axeResult = axe.run(document, {runOnly: {type: 'tag', values: tags},"
                 " resultTypes: ['violations']}); }", TAGS)


def test_axe_finds_no_violations_on_any_page(browser, server, site, base_path_server):
    pages = all_pages(site)
    context = browser.new_context()
    context.add_init_script(AXE)
    tabs = [context.new_page() for _ in range(IN_FLIGHT)]
    running: dict = {}  # tab index -> the path axe is checking there
    failures = []

    def collect(slot: int) -> None:
        path = running.pop(slot)
        result = tabs[slot].evaluate("() => window.axeResult")
        failures.extend(f"{path}: {v['id']} ({v['help']}) at {v['nodes'][0]['target']}" for v in result["violations"])

    for number, path in enumerate(pages):
        slot = number % IN_FLIGHT
        if slot in running:
            collect(slot)
        # The 404 page links from the published address, so it is served there.
        start_axe(tabs[slot], base_path_server + path if path == "404.html" else server + path)
        running[slot] = path
    for slot in list(running):
        collect(slot)
    context.close()
    REPORT.append(f"axe-core (WCAG 2.0/2.1/2.2 A and AA, best practice): {len(pages)} pages checked, "
                  f"{len(failures)} violations")
    assert failures == []


def test_axe_in_dark_mode_on_each_template(browser, server):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    failures = []
    for path in TEMPLATES:
        page.goto(server + path)
        load_axe(page)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
        failures += [f"{path}: {v['id']}" for v in result["violations"]]
    context.close()
    assert failures == []


@pytest.mark.parametrize("path", ["index.html", "services/nottingham-sendiass/index.html", "search/index.html"])
def test_keyboard_skip_link_first_focus_visible_and_no_trap(browser, server, path):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server + path)
    focusable = page.evaluate("""() => [...document.querySelectorAll('a[href], button, input, summary, [tabindex]:not([tabindex="-1"])')]
        .filter(e => e.offsetParent !== null || e.classList.contains('skip-link')).length""")
    seen = []
    for step in range(focusable + 2):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement; if (!e || e === document.body) return null;
            const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
            return {text: (e.textContent || e.value || e.name || '').trim().slice(0, 40), cls: e.className,
                    top: r.top, bottom: r.bottom, outline: s.outlineStyle + ' ' + s.outlineWidth,
                    shadow: s.boxShadow, background: s.backgroundColor}; }""")
        if info is None:  # focus left the page after the last element: nothing trapped it
            break
        seen.append(info)
        # Chromium scrolls a focused element just into view; allow for sub-pixel rounding.
        assert info["top"] >= -1 and info["bottom"] <= 801, f"focused element off screen: {info}"
        visible = info["outline"] != "none 0px" or info["shadow"] != "none"
        assert visible, f"no visible focus indicator on {info}"
    assert seen[0]["cls"] == "skip-link" and seen[0]["text"] == "Skip to main content"
    assert len(seen) >= focusable - 1, "tabbing stopped early: focus may be trapped"
    context.close()


def test_skip_link_moves_focus_to_main(browser, server):
    page = browser.new_page()
    page.goto(server + "index.html")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()


@pytest.mark.parametrize("spacing", [False, True], ids=["plain", "text-spacing"])
def test_every_template_reflows_at_320px(browser, server, spacing):
    # A reader's own text spacing comes from their browser or an extension, which the page's Content
    # Security Policy does not govern; injected here as a style tag, so the policy is set aside for it.
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=spacing)
    add_spacing = (lambda page: page.add_style_tag(content=TEXT_SPACING)) if spacing else None
    overflowing = wider_than_viewport(context.new_page(), [server + path for path in TEMPLATES], add_spacing)
    context.close()
    assert overflowing == []


def test_base_text_is_at_least_18px_on_mobile(browser, server):
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.goto(server + "guides/glossary/index.html")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.prose p')).fontSize)")
    page.close()
    assert size >= 18


def test_navigation_targets_are_at_least_24px(browser, server):
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.goto(server + "services/nottingham-sendiass/index.html")
    small = page.evaluate("""() => [...document.querySelectorAll('.nav-list a, .breadcrumbs a, .footer-links a, .page-meta a, .get-help a')]
        .map(a => [a.textContent.trim(), a.getBoundingClientRect().height]).filter(([, h]) => h < 24)""")
    page.close()
    assert small == []


def test_print_hides_navigation_and_shows_link_addresses(browser, server):
    page = browser.new_page()
    page.goto(server + "services/ipsea/index.html")
    page.emulate_media(media="print")
    # the main navigation and the language chooser
    assert page.locator(".site-header nav").evaluate_all("navs => navs.length === 2 && navs.every(n => !n.checkVisibility())")
    assert not page.locator(".get-help").is_visible()
    after = page.evaluate("getComputedStyle(document.querySelector('.contact-list a[href^=\"http\"]'), '::after').content")
    assert "ipsea.org.uk" in after
    page.close()
