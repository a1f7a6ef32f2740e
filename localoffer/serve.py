"""`python build.py serve`: preview the site on this computer, showing every edit at once.

Changes are noticed by watchfiles (file system events, not polling). An edit to one content file
re-renders that file's page at once (quick.py); a template or stylesheet change re-renders every page
from the last build; then a full build runs in the background, in a process of its own
(preview_build.py), and brings everything else (listings, search, the zip) up to date. A build that
fails, for any reason, prints why, shows it at the top of every previewed page, and the preview keeps
the last good site.
"""
from __future__ import annotations

import gc
import queue
import sys
import threading
from pathlib import Path

from watchfiles import watch

from .preview_build import BuildFailed, BuildProcess, BuildStopped
from .problems import ContentError, errors_in, must_fix
from .quick import QuickPreview
from .server import PreviewState, start_server

WATCHED = ("content", "templates", "assets")
BUILDER_BUG = "The site was not rebuilt because of a bug in the site builder, not in your content"


class Preview:
    def __init__(self, project: Path, output: Path, state: PreviewState):
        self.project, self.output, self.state = project, output, state
        self.quick: QuickPreview | None = None
        self.wanted = threading.Event()   # a full build is needed
        self.building = threading.Lock()  # one full build at a time
        self.updating = threading.Lock()  # one quick update at a time; never waits for a full build
        self.builds = BuildProcess(project, output)  # each full build in a process of its own, on both cores

    def rebuild(self) -> None:
        """One full build; on success the fast path starts from its model."""
        try:
            result = self.builds.build()
        except BuildStopped:
            return  # Ctrl-C or the preview stopping: it says so itself
        except ContentError as error:
            self.content_failed(error.problems)
        except BuildFailed as error:
            self.failed(BUILDER_BUG, [str(error)])
        except Exception as error:  # a builder bug must not stop the preview either
            self.bug_failed(error)
        else:
            self.quick = QuickPreview(self.project, self.output, result)
            settle_memory()
            self.state.clear()
            print(f"Rebuilt {result.pages} pages in {result.seconds:.1f} s.", flush=True)

    def content_failed(self, problems) -> None:
        self.failed(must_fix(problems), [str(problem) for problem in problems])

    def bug_failed(self, error: Exception) -> None:
        self.failed(BUILDER_BUG, [f"{type(error).__name__}: {error}"])

    def failed(self, heading: str, lines: list[str]) -> None:
        self.state.set(heading, lines)
        for line in lines:
            print(line, file=sys.stderr)
        print("The preview still shows the last good version. Fix the problems above and save again.",
              file=sys.stderr, flush=True)

    def show_at_once(self, paths: set[Path]) -> None:
        """The fast path, before the full build: the edited page, or every page after a template change."""
        if self.quick is None:
            return
        with self.updating:
            try:
                self.update_at_once(paths)
            except Exception as error:  # the full build that follows says more; the preview goes on
                self.bug_failed(error)

    def update_at_once(self, paths: set[Path]) -> None:
        # Only files that are there: many editors (and sed -i) save by writing a temporary file beside
        # the template and renaming it over it, so that file comes and goes in the same change. The
        # full build that follows sees every change, files removed too.
        paths = {path for path in paths if path.is_file()}
        templates, assets = self.project / "templates", self.project / "assets"
        if any(templates in p.parents or assets in p.parents for p in paths):
            # Only the templates (.html) change pages: another file there (a booklet's stylesheet, an
            # editor's backup such as footer.html~) is left to the full build, as is a stylesheet or
            # script in assets/, which changes the asset names every page uses.
            changed = {p.relative_to(templates).as_posix() for p in paths if templates in p.parents and p.suffix == ".html"}
            if changed and not any(assets in p.parents for p in paths):
                print(f"Updated {self.quick.all_pages(changed)} pages; rebuilding the rest.", flush=True)
            return
        for path in paths:
            written, problems = self.quick.edited_file(path)
            if errors_in(problems):
                self.content_failed(problems)
            elif written:
                print(f"Updated {written}; rebuilding the rest.", flush=True)

    def keep_building(self, stop: threading.Event) -> None:
        """The background builder: one full build whenever one is wanted, never two at once."""
        while not stop.is_set():
            if self.wanted.wait(0.2):
                self.wanted.clear()
                with self.building:
                    self.rebuild()


def settle_memory() -> None:
    """After a full build, free the last build's objects and freeze the new ones (gc.freeze) until
    the next build ends (pipeline.long_lived_objects_frozen unfreezes them). Otherwise Python's garbage
    collector walks every object of the build whenever its counts say so: at 10,000 services about
    0.9 s, holding the lock every thread needs, and it landed on the edits (a 900 ms wait to show an
    edit, not 70 ms). Here, it happens once, before the preview says it is rebuilt."""
    gc.collect()
    gc.freeze()


class Watcher(threading.Thread):
    """Changes to the watched folders, from watchfiles (file system events, not polling), as sets of
    paths on a queue. `ready` is set once the watcher runs, so nothing saved after it is missed."""

    def __init__(self, folders: list[Path], stop: threading.Event):
        super().__init__(name="watcher", daemon=True)
        self.folders, self.stop = folders, stop
        self.changes: queue.Queue[set[Path]] = queue.Queue()
        self.ready = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            # step: report a change 30 ms after the last one, so a save is seen at once; the first
            # empty answer (after rust_timeout) says the watcher is running.
            for changes in watch(*self.folders, stop_event=self.stop, step=30, debounce=1000, rust_timeout=200,
                                 yield_on_timeout=True):
                self.ready.set()
                if changes:
                    self.changes.put({Path(path) for _, path in changes})
        except BaseException as error:  # handed to the main thread, which raises it
            self.error = error
        finally:
            self.ready.set()

    def raise_if_stopped(self) -> None:
        if not self.is_alive() and not self.stop.is_set():
            raise self.error or RuntimeError("the file watcher stopped")


def serve(project: Path, output: Path, port: int, stop: threading.Event | None = None) -> int:
    state = PreviewState()
    try:
        # The port first: if it is taken, say so before touching site/.
        server = start_server(output, port, state)
    except OSError as error:
        print(f"Cannot preview on port {port}: {error.strerror or error}. Another program (perhaps another "
              f"preview) is using it. Stop that program, or choose another port: "
              f"python build.py serve --port {port + 1}", file=sys.stderr)
        return 1
    stop = stop or threading.Event()
    # Watch first, then build: a save made during the first build, or the moment it ends, is queued
    # and shown, never missed.
    watcher = Watcher([project / folder for folder in WATCHED if (project / folder).is_dir()], stop)
    watcher.start()
    preview = Preview(project, output, state)
    builder = threading.Thread(target=preview.keep_building, args=(stop,), name="builder", daemon=True)
    try:
        while not watcher.ready.wait(0.1):  # short waits, so Ctrl-C is seen at once
            pass
        preview.rebuild()
        builder.start()
        print(f"Previewing at http://127.0.0.1:{server.server_address[1]}/ - press Ctrl+C to stop.", flush=True)
        while not stop.is_set():
            try:
                paths = watcher.changes.get(timeout=0.2)  # short waits, so Ctrl-C is seen at once
            except queue.Empty:
                watcher.raise_if_stopped()
                continue
            preview.show_at_once(paths)
            preview.wanted.set()
    finally:
        stop.set()
        preview.builds.stop()
        server.shutdown()
        server.server_close()
    return 0
