"""`python build.py serve`: preview the site on this computer, rebuilding whenever content changes.

Polling file times once a second needs no extra dependency and is plenty for an editor's preview.
A build that fails, for any reason, prints why, shows it at the top of every previewed page, and
keeps serving the last good site.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .pipeline import BuildBug, build_site
from .problems import ContentError, errors_in, plural
from .server import PreviewState, start_server

WATCHED = ("content", "templates", "assets")


def snapshot(project: Path) -> dict[Path, float]:
    return {path: path.stat().st_mtime for folder in WATCHED for path in (project / folder).rglob("*")
            if path.is_file()}


def rebuild(project: Path, output: Path, state: PreviewState) -> None:
    try:
        result = build_site(project, output)
    except ContentError as error:
        lines = [str(problem) for problem in error.problems]
        heading = f"{plural(len(errors_in(error.problems)), 'problem')} must be fixed before the site can be built"
    except Exception as error:  # a builder bug must not stop the preview either
        lines = [f"{type(error).__name__}: {error}" if isinstance(error, BuildBug) else
                 "The builder failed (run 'python build.py --debug' for the details the developers need)."]
        heading = "The site was not rebuilt because of a bug in the site builder, not in your content"
    else:
        state.clear()
        print(f"Rebuilt {result.pages} pages in {result.seconds:.1f} s.", flush=True)
        return
    state.set(heading, lines)
    for line in lines:
        print(line, file=sys.stderr)
    print("The preview still shows the last good version. Fix the problems above and save again.",
          file=sys.stderr, flush=True)


def serve(project: Path, output: Path, port: int, poll_seconds: float = 1.0, rounds: int | None = None) -> int:
    state = PreviewState()
    try:
        # The port first: if it is taken, say so before touching site/.
        server = start_server(output, port, state)
    except OSError as error:
        print(f"Cannot preview on port {port}: {error.strerror or error}. Another program (perhaps another "
              f"preview) is using it. Stop that program, or choose another port: "
              f"python build.py serve --port {port + 1}", file=sys.stderr)
        return 1
    rebuild(project, output, state)
    print(f"Previewing at http://127.0.0.1:{server.server_address[1]}/ - press Ctrl+C to stop.", flush=True)
    seen = snapshot(project)
    try:
        while rounds is None or rounds > 0:
            time.sleep(poll_seconds)
            rounds = None if rounds is None else rounds - 1
            now = snapshot(project)
            if now != seen:
                seen = now
                rebuild(project, output, state)
    finally:
        server.shutdown()
        server.server_close()
    return 0
