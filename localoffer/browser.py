"""Driving Debian's Chromium against a site served by the one static server, for tests and benchmarks.

Chromium is Debian's package, never a downloaded build; the flags stop it reaching for the
network in the background, which this machine does not have.
"""
from __future__ import annotations

from .server import serve_folder  # noqa: F401 (tests and benchmarks serve sites through this module)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def search_results(page, address: str, timeout: float = 15000) -> list[str]:
    """Open a search address and return the result links' paths, in order."""
    page.goto(address)
    page.wait_for_function("() => { const s = document.getElementById('search-status');"
                           " return s && /result/.test(s.textContent); }", timeout=timeout)
    return page.eval_on_selector_all("#search-results a", "links => links.map(a => a.getAttribute('href'))")
