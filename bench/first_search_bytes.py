"""Bytes a phone downloads for a first search: the search page, its script, Pagefind and the index
chunks one query loads. Measured in real Chromium on the shipped site and on 10,000 synthetic services.

    python bench/first_search_bytes.py [--query autism] [--skip-synthetic]
"""
from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from localoffer.browser import launch_chromium, search_results, serve_folder  # noqa: E402
from localoffer.pipeline import build_site  # noqa: E402
from synthetic import make_project  # noqa: E402


def measure(site: Path, query: str) -> tuple[int, int, dict[str, int]]:
    """(raw bytes, gzip bytes, raw bytes per kind) of every file fetched for one search."""
    fetched: list[str] = []
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.on("requestfinished", lambda request: fetched.append(urlsplit(request.url).path))
        search_results(page, f"{base}search/index.html?q={quote(query)}")
        browser.close()
    raw = gz = 0
    kinds: dict[str, int] = {}
    for path in fetched:
        data = (site / path.lstrip("/")).read_bytes()
        # Pagefind's index files are already compressed; a server gzips only the text files.
        compressed = len(gzip.compress(data)) if path.endswith((".html", ".js", ".css", ".json")) else len(data)
        raw, gz = raw + len(data), gz + compressed
        kind = "pagefind index" if "/pagefind/" in path and not path.endswith((".js", ".json")) else Path(path).suffix
        kinds[kind] = kinds.get(kind, 0) + compressed
    return raw, gz, kinds


def report(label: str, site: Path, query: str) -> None:
    raw, gz, kinds = measure(site, query)
    detail = ", ".join(f"{k} {v / 1024:.0f} KB" for k, v in sorted(kinds.items()))
    print(f"{label:<28} {raw / 1024:8.0f} KB raw {gz / 1024:8.0f} KB transferred   ({detail})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--query", default="autism")
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    print(f"First search for '{args.query}' (search page, scripts, Pagefind, index chunks):")
    with tempfile.TemporaryDirectory() as work:
        shipped = Path(work) / "shipped"
        build_site(PROJECT, shipped)
        report("shipped content", shipped, args.query)
        if not args.skip_synthetic:
            project = make_project(Path(work) / "synthetic", 10000, 500)
            build_site(project, project / "site")
            report("10,000 synthetic services", project / "site", args.query)


if __name__ == "__main__":
    main()
