"""Full-build time and peak memory at 1,000, 10,000 and 20,000 synthetic services (a tenth as many guides).

    python bench/build_speed.py [--sizes 1000 10000 20000] [--peer] [--pairs 2]

Each build runs in its own process so peak memory (ours and Pagefind's) is measured cleanly; the
most that the build and all its processes held at once (PSS) is sampled in a second full build, as
the sampling takes processor time. "full"
is a build with nothing kept from before (--no-cache); "again" is the next build of the same content,
which reuses every unchanged page (the build cache). With --peer, the same content is also built by
Hugo, and by Hugo followed by Pagefind's command line, in interleaved pairs (ours, Hugo, Hugo +
Pagefind, then again), and the ratios of the medians are printed: the machine is shared, so ratios
from pairs say more than seconds.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hugo_peer import make_hugo_project  # noqa: E402
from synthetic import make_project  # noqa: E402

MEASURE = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from localoffer.pipeline import build_site
started = time.perf_counter()
result = build_site(Path(sys.argv[2]), Path(sys.argv[2]) / "site", use_cache=sys.argv[3] == "cache")
print(json.dumps({"seconds": time.perf_counter() - started, "pages": result.pages,
                  "python_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "pagefind_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""
ROOT = Path(__file__).resolve().parent.parent


def our_build(project: Path, use_cache: bool, sampled: bool = False) -> dict:
    """One build's figures; `sampled`: also the most memory it held at once (TogetherPeak), whose
    sampling takes processor time from the build, so such a build's seconds are not the ones to report."""
    process = subprocess.Popen([sys.executable, "-c", MEASURE, str(ROOT), str(project), "cache" if use_cache else "none"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = TogetherPeak(process.pid) if sampled else None
    out, err = process.communicate()
    if peak:
        peak.stop()
    if process.returncode != 0:
        raise SystemExit(f"the build failed: {err[-500:]}")
    figures = json.loads(out.strip().splitlines()[-1])
    return {**figures, "together_mb": peak.mb} if peak else figures


class TogetherPeak(threading.Thread):
    """The largest memory of a process and all its descendants at once (Pagefind, the zip, the
    second renderer), sampled five times a second. PSS, not RSS: a forked process shares its
    parent's pages until it writes them, and RSS would count them twice. Reading PSS walks the
    processes' memory: at 10,000 services the sampling took a quarter of a core."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.mb, self.done = pid, 0.0, threading.Event()
        self.start()

    def run(self) -> None:
        while not self.done.wait(0.2):
            self.mb = max(self.mb, sum(map(pss_mb, tree(self.pid))))

    def stop(self) -> None:
        self.done.set()
        self.join()


def tree(pid: int) -> list[int]:
    """The process and its descendants, as Linux lists them (/proc/PID/task/TID/children)."""
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                waiting += [int(child) for child in children.read_text().split()]
            except OSError:  # it ended meanwhile
                pass
    return found


def pss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:  # it ended meanwhile
        pass
    return 0.0


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one command, measured on its own process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def hugo_build(site: Path, with_pagefind: bool) -> dict:
    shutil.rmtree(site / "public", ignore_errors=True)
    seconds, hugo_mb = timed(["hugo", "--quiet", "-d", "public"], site)
    figures = {"hugo_s": seconds, "hugo_mb": hugo_mb}
    if with_pagefind:
        pagefind_s, pagefind_mb = timed([sys.executable, "-m", "pagefind", "--site", "public", "--silent"], site)
        figures.update(pagefind_s=pagefind_s, pagefind_mb=pagefind_mb, seconds=seconds + pagefind_s)
    return figures


def site_mb(site: Path) -> float:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6


def measure(services: int, workdir: Path) -> dict:
    project = make_project(workdir / f"project-{services}", services, max(20, services // 10))
    full = our_build(project, use_cache=False)
    full["site_mb"] = site_mb(project / "site")
    full["together_mb"] = our_build(project, use_cache=False, sampled=True)["together_mb"]  # the same build again
    our_build(project, use_cache=True)  # fills the cache
    again = our_build(project, use_cache=True)
    return {"services": services, **full, "again_s": again["seconds"], "project": project}


def peer(project: Path, workdir: Path, pairs: int) -> dict:
    """Medians of interleaved runs: ours (full), Hugo, Hugo + Pagefind."""
    hugo_site = make_hugo_project(project, workdir / f"hugo-{project.name}")
    ours, hugo, both = [], [], []
    for _ in range(pairs):
        ours.append(our_build(project, use_cache=False)["seconds"])
        hugo.append(hugo_build(hugo_site, with_pagefind=False))
        both.append(hugo_build(hugo_site, with_pagefind=True))
    hugo_pages = sum(1 for _ in (hugo_site / "public").rglob("*.html"))
    return {"ours": statistics.median(ours), "hugo": statistics.median(r["hugo_s"] for r in hugo),
            "hugo_pagefind": statistics.median(r["seconds"] for r in both),
            "pagefind": statistics.median(r["pagefind_s"] for r in both),
            "hugo_mb": max(r["hugo_mb"] for r in hugo), "pagefind_mb": max(r["pagefind_mb"] for r in both),
            "hugo_pages": hugo_pages}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 20000])
    parser.add_argument("--peer", action="store_true", help="also build the same content with Hugo (+ Pagefind)")
    parser.add_argument("--pairs", type=int, default=2, help="interleaved runs per size with --peer")
    args = parser.parse_args()
    if args.peer and not shutil.which("hugo"):
        print("Hugo is not installed, so there is no comparison (apt-get install -y hugo; for the benchmark only).")
        args.peer = False
    print(f"{'services':>9} {'pages':>7} {'full s':>7} {'ms/page':>8} {'pages/s':>8} {'python MB':>10} "
          f"{'others MB':>12} {'together MB':>12} {'site MB':>8} {'again s':>8}")
    print("(others MB: the largest of the build's other processes, Pagefind or the second renderer; "
          "together MB: the most all of them held at once, PSS sampled five times a second)")
    with tempfile.TemporaryDirectory() as workdir:
        for size in args.sizes:
            r = measure(size, Path(workdir))
            print(f"{r['services']:>9} {r['pages']:>7} {r['seconds']:>7.1f} {1000 * r['seconds'] / r['pages']:>8.2f} "
                  f"{r['pages'] / r['seconds']:>8.0f} {r['python_mb']:>10.0f} {r['pagefind_mb']:>12.0f} "
                  f"{r['together_mb']:>12.0f} {r['site_mb']:>8.1f} {r['again_s']:>8.1f}", flush=True)
            if args.peer:
                p = peer(r["project"], Path(workdir), args.pairs)
                print(f"{'':>9} peer, medians of {args.pairs} interleaved runs: ours {p['ours']:.1f} s; "
                      f"Hugo {p['hugo']:.1f} s ({p['hugo_pages']} pages, {p['hugo_mb']:.0f} MB); "
                      f"Hugo + Pagefind {p['hugo_pagefind']:.1f} s (Pagefind CLI {p['pagefind']:.1f} s, "
                      f"{p['pagefind_mb']:.0f} MB); ours / Hugo {p['ours'] / p['hugo']:.2f}, "
                      f"ours / (Hugo + Pagefind) {p['ours'] / p['hugo_pagefind']:.2f}", flush=True)
            shutil.rmtree(r["project"], ignore_errors=True)


if __name__ == "__main__":
    main()
