"""Does rendering pay on both cores? Issue 17 asks for parallelism only where a paired benchmark
shows a gain. This renders one build's pages in this process alone, and the way the build does
(parallel.render_all: chunks dealt to this process and a forked one, a language's listings kept in
one process so each card is rendered once, render.sharing_items), in interleaved pairs, and prints
the ratio of the medians. Nothing is written: this measures rendering alone.

    python bench/parallel_render.py [--services 1000] [--pairs 3]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import ROOT  # noqa: E402
from synthetic import make_project  # noqa: E402

sys.path.insert(0, str(ROOT))
from localoffer import parallel, pipeline  # noqa: E402
from localoffer.render import listed_items, render_page, sharing_items  # noqa: E402


def pages_of_a_build(project: Path):
    """The environment and pages of a real build, caught as the build hands them to the renderer."""
    caught = []
    write_pages = pipeline.write_pages

    def catch(environment, pages, *arguments, **options):
        caught.append((environment, pages))
        return write_pages(environment, pages, *arguments, **options)

    pipeline.write_pages = catch
    try:
        pipeline.build_site(project, project / "site", use_cache=False)
    finally:
        pipeline.write_pages = write_pages
    environment = caught[0][0]
    return environment, [page for _, pages in caught for page in pages]


def render_all(environment, pages) -> None:
    environment.globals.update(listed_items(environment))  # cold, as at the start of a build
    for page in pages:
        render_page(environment, page)


def serial(environment, pages) -> float:
    started = time.perf_counter()
    render_all(environment, pages)
    return time.perf_counter() - started


def on_two_cores(environment, pages) -> float:
    """The build's own split (parallel.render_all), with fresh caches of listed items and parts."""
    environment.globals.update(listed_items(environment))
    started = time.perf_counter()
    parallel.render_all(pages, lambda page: len(render_page(environment, page)), lambda path, size: None,
                        group_of=sharing_items)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        project = make_project(Path(workdir) / "synthetic", args.services, max(20, args.services // 10))
        environment, pages = pages_of_a_build(project)
        one, two = [], []
        for _ in range(args.pairs):
            one.append(serial(environment, pages))
            two.append(on_two_cores(environment, pages))
    print(f"{args.services:,} services, {len(pages):,} pages, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"one process:   {' '.join(f'{s:.1f}' for s in one)} s (median {statistics.median(one):.1f})")
    print(f"as the build:  {' '.join(f'{s:.1f}' for s in two)} s (median {statistics.median(two):.1f})")
    print(f"two / one: {statistics.median(two) / statistics.median(one):.2f}")


if __name__ == "__main__":
    main()
