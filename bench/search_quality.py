"""Search quality: parent-phrased queries, each with the page(s) that must come back in the top 5.

    python bench/search_quality.py [--site site]

Runs through the site's own search page in real Chromium (what a parent sees, relaxed searches and
spelling corrections included, not the raw Pagefind API), for two sets of searches:

- search_queries.yaml: short searches, one expected page each;
- parent_queries.yaml: searches typed the way parents and young people type them (worries, whole
  sentences, misspellings), each with the pages that answer it. Searches marked `pending` wait for
  a guide still being written and are reported apart.

For each set it prints the top-1 and top-5 hit rates, the number of empty result pages, and every miss.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml
from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from localoffer.browser import launch_chromium, search_results, serve_folder  # noqa: E402

TOP = 5
SETS = (("Short searches", "search_queries.yaml"), ("Parents' own words", "parent_queries.yaml"))


@dataclass
class Outcome:
    query: str
    expect: list[str]
    pending: str | None
    found: list[str]   # result addresses, in order
    status: str        # what the page said

    def rank(self) -> int | None:
        """1-based position of the first expected page, or None if it is not in the top 5."""
        for position, href in enumerate(self.found[:TOP], 1):
            if any(wanted in href for wanted in self.expect):
                return position
        return None


def load_queries(name: str) -> list[dict]:
    return yaml.safe_load((Path(__file__).parent / name).read_text(encoding="utf-8"))


def expected(query: dict) -> list[str]:
    wanted = query["expect"]
    return wanted if isinstance(wanted, list) else [wanted]


def run(site: Path, queries: list[dict]) -> list[Outcome]:
    outcomes = []
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        for query in queries:
            found = search_results(page, f"{base}search/index.html?q={quote(query['query'])}")
            status = page.locator("#search-status").text_content()
            outcomes.append(Outcome(query["query"], expected(query), query.get("pending"), found, status))
        browser.close()
    return outcomes


def summary(label: str, outcomes: list[Outcome]) -> str:
    if not outcomes:
        return f"{label}: none"
    top1 = sum(1 for o in outcomes if o.rank() == 1)
    top5 = sum(1 for o in outcomes if o.rank())
    empty = sum(1 for o in outcomes if not o.found)
    n = len(outcomes)
    return (f"{label}: {n} searches; top 1 {top1} ({100 * top1 / n:.0f}%), top 5 {top5} ({100 * top5 / n:.0f}%), "
            f"empty result pages {empty}")


def report(title: str, outcomes: list[Outcome]) -> None:
    print(f"\n== {title} ==")
    print(f"{'rank':<5} {'search':<46} what the page said")
    for o in outcomes:
        print(f"{o.rank() or 'MISS':<5} {o.query:<46} {o.status}")
        if not o.rank():
            print(f"      wanted {', '.join(o.expect)}; top 5 were: "
                  f"{', '.join(h.split('/')[-2] for h in o.found[:TOP]) or 'nothing'}")
    print(summary("Published topics", [o for o in outcomes if not o.pending]))
    waiting = [o for o in outcomes if o.pending]
    if waiting:
        print(summary("Topics whose guide is still being written", waiting))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, default=PROJECT / "site")
    args = parser.parse_args()
    for title, name in SETS:
        report(title, run(args.site, load_queries(name)))


if __name__ == "__main__":
    main()
