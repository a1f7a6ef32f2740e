"""The one static web server: the `serve` preview and the tests both use it.

It serves a folder on 127.0.0.1 with the types browsers need for our files (JavaScript modules,
Pagefind's index, the web app manifest). For the preview it can also show the last build's problems
at the top of every page, so an editor sees them in the browser, not only in the terminal.
"""
from __future__ import annotations

import contextlib
import functools
import html
import http.server
import threading
from pathlib import Path


class PreviewState:
    """What the last rebuild said; empty when it succeeded."""

    def __init__(self):
        self.problems: list[str] = []
        self.heading = ""

    def set(self, heading: str, problems: list[str]) -> None:
        self.heading, self.problems = heading, problems

    def clear(self) -> None:
        self.set("", [])

    def banner(self) -> bytes:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.problems)
        return (f'<div class="notice preview-problems" role="alert"><h2>{html.escape(self.heading)}</h2>'
                f"<ul>{items}</ul><p>This preview shows the last version that built. Fix the problems above "
                "and save again: this message goes when the site builds.</p></div>").encode("utf-8")


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
                      ".webmanifest": "application/manifest+json", ".wasm": "application/wasm",
                      ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream",
                      ".pf_fragment": "application/octet-stream", ".pf_index": "application/octet-stream",
                      ".pf_filter": "application/octet-stream", ".svg": "image/svg+xml"}
    state: PreviewState | None = None

    def log_message(self, *args) -> None:  # one line per request would drown the build messages
        pass

    def do_GET(self) -> None:
        if self.state is None or not self.state.problems:
            return super().do_GET()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix != ".html" and path.exists():
            return super().do_GET()
        # No page yet (the first build failed), or a page: either way the problems come first.
        page = path.read_bytes() if path.is_file() else (
            b'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Preview</title></head>'
            b"<body></body></html>")
        at = page.find(b">", page.find(b"<body")) + 1
        body = page[:at] + self.state.banner() + page[at:] if at > 0 else self.state.banner() + page
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def start_server(folder: Path, port: int = 0, state: PreviewState | None = None) -> http.server.ThreadingHTTPServer:
    """Serve `folder` on 127.0.0.1:`port` (0 for any free port) in a background thread.
    Raises OSError if the port is taken."""
    handler_class = type("Handler", (StaticHandler,), {"state": state})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextlib.contextmanager
def serve_folder(folder: Path):
    """Serve a folder on a free port of 127.0.0.1; yields the base address ending in '/'."""
    server = start_server(folder)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
