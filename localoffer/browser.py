"""Serving a built site on 127.0.0.1 and driving Debian's Chromium, for tests and benchmarks.

Chromium is Debian's package, never a downloaded build; the flags stop it reaching for the
network in the background, which this machine does not have.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".webmanifest": "application/manifest+json",
                      ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream"}

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path):
    """Serve a folder on a free port of 127.0.0.1; yields the base address ending in '/'."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def search_results(page, address: str, timeout: float = 15000) -> list[str]:
    """Open a search address and return the result links' paths, in order."""
    page.goto(address)
    page.wait_for_function("() => { const s = document.getElementById('search-status');"
                           " return s && /result/.test(s.textContent); }", timeout=timeout)
    return page.eval_on_selector_all("#search-results a", "links => links.map(a => a.getAttribute('href'))")
