"""How long an edit takes to show in the `serve` preview, at 0 (the shipped content), 1,000 and 10,000
synthetic services: the time from saving a service file to the preview serving the changed page.

    python bench/edit_latency.py [--sizes 0 1000 10000] [--edits 5]

Also prints how long the full build that follows takes to finish (listings and search up to date),
and, on the shipped content, how long a template change takes to show: the service page's own
template (its pages only), and the footer, a partial of every page in every language (until an
English service page shows it, and until the preview says every page is updated).
"""
from __future__ import annotations

import argparse
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import PROJECT, make_project  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return ""


def shipped_copy(out: Path) -> Path:
    for folder in ("content", "templates", "assets", "locales"):  # locales: the languages' interface
        shutil.copytree(PROJECT / folder, out / folder)
    shutil.copyfile(PROJECT / "CONTRIBUTING.md", out / "CONTRIBUTING.md")
    return out


# Long enough for a first build of 10,000 services on a busy machine; a preview that takes longer has
# a problem worth reporting rather than waiting on for ever.
FIRST_BUILD_SECONDS, EDIT_SECONDS, REBUILD_SECONDS = 1200, 60, 600


class Unmeasured(Exception):
    """The preview did not do what the benchmark waits for: said why, instead of no figure at all."""


class Output:
    """The preview's printed lines, read on a thread, so every wait can have a time limit."""

    def __init__(self, process: subprocess.Popen, errors: Path):
        self.process, self.errors, self.lines = process, errors, queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line))
        self.lines.put((time.perf_counter(), None))  # the preview stopped

    def wait_for(self, prefix: str, seconds: float) -> float:
        """When the preview printed the next line starting with `prefix` (time.perf_counter)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                printed, line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise Unmeasured(f"no line starting '{prefix}' within {seconds:.0f} s{self.said()}") from None
            if line is None:
                raise Unmeasured(f"the preview stopped (exit {self.process.wait()}){self.said()}")
            if line.startswith(prefix):
                return printed

    def said(self) -> str:
        text = self.errors.read_text(errors="replace").strip() if self.errors.exists() else ""
        return f"; it printed: {text[-600:]}" if text else ""


def measure(size: int, workdir: Path, edits: int) -> dict:
    project = make_project(workdir / f"p{size}", size, max(20, size // 10)) if size else shipped_copy(workdir / "p0")
    service = sorted((project / "content/services").glob("*.yaml"))[0]
    port = free_port()
    errors = workdir / f"serve-{size}.err"
    with errors.open("w") as error_file:
        process = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--project", str(project), "serve",
                                    "--port", str(port)], stdout=subprocess.PIPE, stderr=error_file, text=True)
    output = Output(process, errors)
    try:
        output.wait_for("Rebuilt", FIRST_BUILD_SECONDS)
        output.wait_for("Previewing at", 10)
        url = f"http://127.0.0.1:{port}/services/{service.stem}/index.html"
        original = service.read_text()
        name = next(line for line in original.splitlines() if line.startswith("name:"))
        figures = {"size": size, **timed_edits(
            output, url, edits, lambda marker: service.write_text(original.replace(name, f"name: {marker}")))}
        service.write_text(original)
        output.wait_for("Rebuilt", REBUILD_SECONDS)
        if not size:  # a template change: on the shipped content only (the aim names it)
            for label, template, anchor in TEMPLATE_CHANGES:
                path = project / "templates" / template
                text = path.read_text()
                figures[label] = timed_edits(output, url, edits, lambda marker: path.write_text(
                    text.replace(anchor, f"<!-- {marker} -->{anchor}", 1)))
                path.write_text(text)
                output.wait_for("Rebuilt", REBUILD_SECONDS)
        return figures
    finally:
        process.terminate()
        process.wait(timeout=30)


# A template change measured on the shipped content: (label, template, the text the change goes before)
TEMPLATE_CHANGES = [("service template", "service.html", "<h1"),
                    ("footer, every page", "partials/footer.html", "</footer>")]


def timed_edits(output: Output, url: str, edits: int, save) -> dict:
    """`edits` saves (`save(marker)`), each timed until the page at `url` shows its marker, and until
    the preview says it updated the pages (the fast path done) and then rebuilt the site."""
    shown, updated, rebuilt = [], [], []
    for number in range(edits):
        marker = f"Edited {number} {time.time_ns()}"
        saved = time.perf_counter()
        save(marker)
        while marker not in fetch(url):
            if time.perf_counter() - saved > EDIT_SECONDS:
                raise Unmeasured(f"the edit did not show within {EDIT_SECONDS} s{output.said()}")
            time.sleep(0.002)
        shown.append(time.perf_counter() - saved)
        updated.append(output.wait_for("Updated", EDIT_SECONDS) - saved)
        rebuilt.append(output.wait_for("Rebuilt", REBUILD_SECONDS) - saved)
    return {"median_ms": statistics.median(shown) * 1000, "max_ms": max(shown) * 1000,
            "updated_ms": statistics.median(updated) * 1000, "rebuild_s": statistics.median(rebuilt)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000, 10000])
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    print(f"{'services':>9} {'change':>20} {'shown, median ms':>17} {'max ms':>8} {'fast path done, ms':>19} "
          f"{'full rebuild done, s':>21}")
    with tempfile.TemporaryDirectory() as workdir:
        for size in args.sizes:
            try:
                figures = measure(size, Path(workdir), args.edits)
            except Unmeasured as problem:
                print(f"{size or 'shipped':>9} not measured: {problem}", flush=True)
                continue
            for label, r in [("a service", figures), *((label, figures[label]) for label, *_ in TEMPLATE_CHANGES
                                                        if label in figures)]:
                print(f"{size or 'shipped':>9} {label:>20} {r['median_ms']:>17.0f} {r['max_ms']:>8.0f} "
                      f"{r['updated_ms']:>19.0f} {r['rebuild_s']:>21.1f}", flush=True)


if __name__ == "__main__":
    main()
