"""Make a synthetic content project: N services and M guides that pass validation.

    python bench/synthetic.py OUT_DIR --services 1000 --guides 50
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent  # the real content and templates to start from
WORDS = ("support help family child young people school college health team group play learn talk "
         "friendly local free session visit parent carer advice short break club safe calm therapy").split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_project(out: Path, services: int, guides: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("templates", "assets", "locales"):  # locales: the languages' interface catalogues
        shutil.copytree(PROJECT / folder, out / folder)
    shutil.copytree(PROJECT / "content", out / "content", ignore=shutil.ignore_patterns("*.md", "*.yaml"))
    for path in [PROJECT / "content" / name for name in ("site.yaml", "taxonomy.yaml", "checklist.yaml")] + \
            list((PROJECT / "content").glob("taxonomy.*.yaml")):  # and the taxonomy's words in each language
        if path.exists():
            shutil.copyfile(path, out / "content" / path.name)
    for folder in ("pages",):  # the real pages, so footer links resolve
        for path in (PROJECT / "content" / folder).glob("*.md"):
            shutil.copyfile(path, out / "content" / folder / path.name)
    taxonomy = yaml.safe_load((PROJECT / "content/taxonomy.yaml").read_text())
    ids = {kind: [t["id"] for t in taxonomy[kind]] for kind in ("categories", "needs", "areas")}
    guide_slugs = [f"guide-{n:05d}" for n in range(guides)]
    # Keep the real files that site.yaml's Get help and footer links need.
    for path in list((PROJECT / "content/services").glob("*.yaml")) + list((PROJECT / "content/guides").glob("*.md")):
        target = out / "content" / path.parent.name / path.name
        shutil.copyfile(path, target)
    for number in range(services):
        low = rng.randint(0, 20)
        service = {
            "name": f"Synthetic service {number:05d}",
            "summary": sentence(rng, 12)[:150],
            "description": "\n\n".join(sentence(rng, 30) for _ in range(4)) + "\n\n## What happens\n\n- " + sentence(rng, 8),
            "organisation": "Example organisation",
            "categories": rng.sample(ids["categories"], 2),
            "needs": rng.sample(ids["needs"], 3),
            "minimum_age": low, "maximum_age": rng.randint(low, 25),
            "areas": rng.sample(ids["areas"], 2),
            "cost": {"free": rng.random() < 0.7},
            "access": {"routes": ["self-referral"]},
            "contacts": [{"name": "Team", "phone": f"0115 496 0{number % 1000:03d}", "email": "team@example.org"}],
            "related_guides": rng.sample(guide_slugs, min(2, guides)),
            "last_reviewed": "2026-10-01", "reviewed_by": "Benchmark",
        }
        (out / "content/services" / f"synthetic-{number:05d}.yaml").write_text(
            yaml.safe_dump(service, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for slug in guide_slugs:
        front = {"title": f"Synthetic guide {slug}", "summary": sentence(rng, 10)[:150],
                 "topic": rng.choice(ids["categories"]), "last_reviewed": "2026-10-01", "reviewed_by": "Benchmark"}
        body = "\n\n".join(f"## {sentence(rng, 4)}\n\n{sentence(rng, 40)}" for _ in range(5))
        (out / "content/guides" / f"{slug}.md").write_text(
            "---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n\n" + body + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--guides", type=int, default=50)
    args = parser.parse_args()
    make_project(args.out, args.services, args.guides)
