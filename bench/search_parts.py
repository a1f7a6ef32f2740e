"""Search quality on a site large enough for its index to be in parts, against the same site in one index.

    python bench/search_parts.py [--services 10000]

A language with more than search.PAGES_PER_INDEX_PART indexed pages is indexed in parts, which the
search page merges; each part weighs a word by how common it is among its own pages, so the ranking can
differ a little from one index. This builds a synthetic project (the shipped content, plus the
services and a tenth as many guides of bench/synthetic.py) twice, once in parts and once in one index,
and runs search_quality.py's searches on both in Chromium. The synthetic pages' generic words
("support", "school", "family") also compete with the shipped pages, so both figures are lower than on
the shipped content alone: compare them with each other.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_quality import SETS, load_queries, run, summary  # noqa: E402
from synthetic import make_project  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from localoffer import pipeline, search
if sys.argv[3] == "whole":
    search.PAGES_PER_INDEX_PART = 10**9
project = Path(sys.argv[2])
pipeline.build_site(project, project / sys.argv[3], use_cache=False)
"""


def build(project: Path, how: str) -> Path:
    """The project built into its folder `how` ("parts": as the build does; "whole": one index)."""
    subprocess.run([sys.executable, "-c", BUILD, str(ROOT), str(project), how], check=True, stdout=subprocess.DEVNULL)
    return project / how


def part_count(site: Path) -> int:
    """How many index parts a built site has (search.part_folder names their folders)."""
    from localoffer.search import part_folder
    count = 0
    while (site / part_folder(count)).is_dir():
        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder) / "project", args.services, args.services // 10)
        sites = {how: build(project, how) for how in ("parts", "whole")}
        print(f"{args.services:,} services: Pagefind's index folders, {part_count(sites['parts'])} in parts "
              f"and {part_count(sites['whole'])} whole")
        for title, name in SETS:
            queries = load_queries(name)
            outcomes = {how: [o for o in run(site, queries) if not o.pending] for how, site in sites.items()}
            print(f"\n== {title} ==")
            for how, found in outcomes.items():
                print(summary(f"{how:>5}", found))
            moved = [(whole.query, whole.rank(), parts.rank()) for whole, parts in zip(outcomes["whole"], outcomes["parts"])
                     if whole.rank() != parts.rank()]
            for query, whole_rank, parts_rank in moved:
                print(f"  {query:<46} whole {whole_rank or 'MISS'}, in parts {parts_rank or 'MISS'}")


if __name__ == "__main__":
    main()
