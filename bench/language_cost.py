"""What each added language costs: full-build time and site size with none, one, ... all of
site.yaml's languages, on the shipped content and on synthetic content with many services.

    python bench/language_cost.py [--services 10000] [--counts 0 1 2 3 4]

A language's sub-site holds every interface, finder and browse page, every guide and page (translated
or shown in English) and only the services translated into it. Its listings show every service's
card, so a language adds the cost of its listings, but never a page per service. Each build runs in its own process with nothing kept from before
(--no-cache). The machine is shared, so the ratio to the English-only build says more than seconds.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import ROOT, our_build, site_mb  # noqa: E402
from synthetic import make_project  # noqa: E402


def shipped_copy(out: Path) -> Path:
    for folder in ("content", "templates", "assets", "locales"):
        shutil.copytree(ROOT / folder, out / folder)
    return out


def keep_languages(project: Path, count: int) -> None:
    """site.yaml with only its first `count` languages (English is always there), and without the
    other languages' translation files (which name a language the site no longer has)."""
    path = project / "content/site.yaml"
    site = yaml.safe_load(path.read_text(encoding="utf-8"))
    languages = site.get("languages") or []
    site["languages"] = languages[:count]
    path.write_text(yaml.safe_dump(site, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for language in languages[count:]:
        for translation in [*(project / "content").rglob(f"*.{language['code']}.md"),
                            *(project / "content").glob(f"taxonomy.{language['code']}.yaml")]:
            translation.unlink()


def measure(name: str, project: Path, counts: list[int]) -> None:
    rows = []
    for count in counts:
        copy = project.with_name(f"{project.name}-{count}")
        shutil.copytree(project, copy)
        keep_languages(copy, count)
        figures = our_build(copy, use_cache=False)
        rows.append((count, figures["seconds"], figures["pages"], site_mb(copy / "site")))
        shutil.rmtree(copy)
    none = rows[0]
    for count, seconds, pages, mb in rows:
        per = (f"{(seconds - none[1]) / count:>7.1f} s and {(mb - none[3]) / count:>5.1f} MB per language"
               if count else f"{'':>30}")
        print(f"{name:>16} {count:>9} {pages:>7} {seconds:>7.1f} {seconds / none[1]:>7.2f} {mb:>8.1f}   {per}",
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10000, help="synthetic services (0: shipped content only)")
    parser.add_argument("--counts", type=int, nargs="+", default=[0, 1, 2, 3, 4], help="languages to build with")
    args = parser.parse_args()
    counts = sorted(set([0, *args.counts]))
    print(f"{'content':>16} {'languages':>9} {'pages':>7} {'full s':>7} {'× none':>7} {'site MB':>8}")
    with tempfile.TemporaryDirectory() as workdir:
        measure("shipped", shipped_copy(Path(workdir) / "shipped"), counts)
        if args.services:
            project = make_project(Path(workdir) / "synthetic", args.services, max(20, args.services // 10))
            measure(f"{args.services:,} services", project, [counts[0], counts[-1]])


if __name__ == "__main__":
    main()
