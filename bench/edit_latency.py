"""How long an edit takes to show in the `serve` preview, at 0 (the shipped content), 1,000 and 10,000
synthetic services: the time from saving a service file to the preview serving the changed page.

    python bench/edit_latency.py [--sizes 0 1000 10000] [--edits 5]

Also prints how long the full build that follows takes to finish (listings and search up to date).
"""
from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
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
    for folder in ("content", "templates", "assets"):
        shutil.copytree(PROJECT / folder, out / folder)
    shutil.copyfile(PROJECT / "CONTRIBUTING.md", out / "CONTRIBUTING.md")
    return out


def measure(size: int, workdir: Path, edits: int) -> dict:
    project = make_project(workdir / f"p{size}", size, max(20, size // 10)) if size else shipped_copy(workdir / "p0")
    service = sorted((project / "content/services").glob("*.yaml"))[0]
    url_path = f"services/{service.stem}/index.html"
    port = free_port()
    process = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--project", str(project), "serve",
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        ready = process.stdout.readline()  # "Rebuilt N pages ..."
        assert ready.startswith("Rebuilt"), ready
        process.stdout.readline()  # "Previewing at ..."
        url = f"http://127.0.0.1:{port}/{url_path}"
        original = service.read_text()
        name = next(line for line in original.splitlines() if line.startswith("name:"))
        latencies, rebuilds = [], []
        for number in range(edits):
            marker = f"Edited service {number} {time.time_ns()}"
            saved = time.perf_counter()
            service.write_text(original.replace(name, f"name: {marker}"))
            while marker not in fetch(url):
                time.sleep(0.002)
            latencies.append(time.perf_counter() - saved)
            while not process.stdout.readline().startswith("Rebuilt"):
                pass
            rebuilds.append(time.perf_counter() - saved)
        return {"size": size, "median_ms": statistics.median(latencies) * 1000, "max_ms": max(latencies) * 1000,
                "rebuild_s": statistics.median(rebuilds)}
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000, 10000])
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    print(f"{'services':>9} {'edit shown, median ms':>22} {'max ms':>8} {'full rebuild done, s':>21}")
    with tempfile.TemporaryDirectory() as workdir:
        for size in args.sizes:
            r = measure(size, Path(workdir), args.edits)
            print(f"{r['size'] or 'shipped':>9} {r['median_ms']:>22.0f} {r['max_ms']:>8.0f} {r['rebuild_s']:>21.1f}",
                  flush=True)


if __name__ == "__main__":
    main()
