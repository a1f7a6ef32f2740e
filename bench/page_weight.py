"""Page weight against the budgets: what a phone downloads for each kind of page, search index excluded.

    python bench/page_weight.py [--site site]

Budgets (gzip-compressed, HTML plus the CSS and JS it loads): service page 15 KB, home page 25 KB.
"""
from __future__ import annotations

import argparse
import gzip
import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BUDGETS = {"service": 15 * 1024, "home": 25 * 1024}
SAMPLES = {"home": "index.html", "service": "services/nottingham-sendiass/index.html",
           "guide": "guides/asking-for-an-ehc-needs-assessment/index.html", "listing": "needs/autism/index.html",
           "A to Z": "services/index.html", "finder": "find-support/5-11/autism/index.html",
           "search": "search/index.html"}


def weigh(site: Path, path: str) -> tuple[int, int, int]:
    page = site / path
    html = page.read_bytes()
    refs = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html.decode())
    assets = [(page.parent / ref).resolve() for ref in refs]
    asset_bytes = [a.read_bytes() for a in assets]
    compressed = len(gzip.compress(html)) + sum(len(gzip.compress(a)) for a in asset_bytes)
    return len(html), sum(map(len, asset_bytes)), compressed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, default=PROJECT / "site")
    args = parser.parse_args()
    print(f"{'page type':<10} {'HTML bytes':>11} {'CSS+JS bytes':>13} {'gzip total':>11}  budget")
    for kind, path in SAMPLES.items():
        html, assets, compressed = weigh(args.site, path)
        budget = BUDGETS.get(kind)
        verdict = f"{budget // 1024} KB {'ok' if compressed <= budget else 'OVER'}" if budget else "-"
        print(f"{kind:<10} {html:>11,} {assets:>13,} {compressed:>11,}  {verdict}")


if __name__ == "__main__":
    main()
