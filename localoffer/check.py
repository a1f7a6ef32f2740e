"""Stage 6: checks on the finished site before it replaces the old one."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .problems import Problem
from .readability import flesch_reading_ease

REFERENCE = re.compile(r"""\s(?:href|src)=(?:"([^"]*)"|'([^']*)')""")
ID = re.compile(r"""\sid=(?:"([^"]+)"|'([^']+)')""")
EXTERNAL = ("http://", "https://", "mailto:", "tel:", "data:")


def broken_links(site: Path, skip=("404.html",)) -> list[str]:
    """Every href/src in every HTML page that does not lead to a file (or to an id in that file)."""
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative in skip:
            continue
        text = page.read_text(encoding="utf-8")
        for reference in map("".join, REFERENCE.findall(text)):
            problem = check_reference(site, page, text, reference, ids)
            if problem:
                broken.append(f"{relative}: {reference} ({problem})")
    return broken


def check_reference(site: Path, page: Path, text: str, reference: str, ids: dict) -> str:
    if reference.startswith(EXTERNAL):
        return ""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith("/"):
        return "links must be relative"
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    if not target.is_relative_to(site.resolve()):
        return "leads outside the site"
    if target.is_dir():
        return "links to a folder; link to its index.html so the site works from disk"
    if not target.is_file():
        return "no such file"
    if parts.fragment and target.suffix == ".html":
        if target not in ids:
            found = ID.findall(text if target == page else target.read_text(encoding="utf-8"))
            ids[target] = set(map("".join, found))
        if parts.fragment not in ids[target]:
            return f"no element with id '{parts.fragment}'"
    return ""


def checklist_gaps(model) -> list[Problem]:
    """Statutory checklist items that no published guide or service covers, as warnings."""
    guides = {g.slug for g in model.guides}
    categories_with_services = {term.id for term in model.taxonomy["categories"].values() if term.services}
    gaps = []
    for index, item in enumerate(model.checklist):
        covered = item.get("covered_by") or {}
        if set(covered.get("guides") or []) & guides or set(covered.get("categories") or []) & categories_with_services:
            continue
        gaps.append(Problem("content/checklist.yaml", model.checklist_lines.line(["items", index]),
                            f"nothing published covers the legal requirement '{item['title']}' ({item['reference']})",
                            "publish a guide or service about it and list it under covered_by", warning=True))
    return gaps


def readability_scores(model) -> list[tuple[str, float]]:
    scores = [(guide.slug, flesch_reading_ease(guide.document.body)) for guide in model.guides]
    return sorted(((slug, score) for slug, score in scores if score is not None), key=lambda row: row[1])
