"""`python build.py serve`: preview the site on this computer, rebuilding whenever content changes.

Polling file times once a second needs no extra dependency and is plenty for an editor's preview.
A build with problems prints them and keeps serving the last good site.
"""
from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from .pipeline import build_site
from .problems import ContentError

WATCHED = ("content", "templates", "assets")


def snapshot(project: Path) -> dict[Path, float]:
    return {path: path.stat().st_mtime for folder in WATCHED for path in (project / folder).rglob("*")
            if path.is_file()}


def rebuild(project: Path, output: Path) -> None:
    try:
        result = build_site(project, output)
        print(f"Rebuilt {result.pages} pages in {result.seconds:.1f} s.", flush=True)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("The preview still shows the last good version. Fix the problems above and save again.",
              file=sys.stderr, flush=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # one line per request would drown the build messages
        pass


def start_server(output: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve(project: Path, output: Path, port: int, poll_seconds: float = 1.0, rounds: int | None = None) -> int:
    rebuild(project, output)
    server = start_server(output, port)
    print(f"Previewing at http://127.0.0.1:{server.server_address[1]}/ - press Ctrl+C to stop.", flush=True)
    seen = snapshot(project)
    try:
        while rounds is None or rounds > 0:
            time.sleep(poll_seconds)
            rounds = None if rounds is None else rounds - 1
            now = snapshot(project)
            if now != seen:
                seen = now
                rebuild(project, output)
    finally:
        server.shutdown()
    return 0
