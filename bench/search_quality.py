"""Search quality: parent-phrased queries, each with the page it must return in the top 5.

    python bench/search_quality.py [--site site]

Runs the real Pagefind index in real Chromium, through the site's own search page, and prints
the hit rate and every miss.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

import yaml
from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from localoffer.browser import launch_chromium, search_results, serve_folder  # noqa: E402


def load_queries() -> list[dict]:
    return yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text(encoding="utf-8"))


def run(site: Path, queries: list[dict], top: int = 5) -> list[tuple[dict, list[str], bool]]:
    rows = []
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        for query in queries:
            found = search_results(page, f"{base}search/index.html?q={quote(query['query'])}")
            wanted = query["expect"]
            rows.append((query, found[:top], any(wanted in href for href in found[:top])))
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, default=PROJECT / "site")
    args = parser.parse_args()
    rows = run(args.site, load_queries())
    hits = sum(1 for _, _, hit in rows if hit)
    print(f"{'hit':<4} {'query':<42} expected")
    for query, found, hit in rows:
        print(f"{'yes' if hit else 'NO':<4} {query['query']:<42} {query['expect']}")
        if not hit:
            print(f"     top 5 were: {', '.join(h.split('/')[-2] for h in found) or 'nothing'}")
    print(f"\nHit rate (expected page in top 5): {hits} of {len(rows)} = {100 * hits / len(rows):.0f}%")


if __name__ == "__main__":
    main()
