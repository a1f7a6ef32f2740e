"""Stage 6: checks on the finished site before it replaces the old one."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .readability import flesch_of_html

REFERENCE = re.compile(r"""\s(?:href|src)=(?:"([^"]*)"|'([^']*)')""")
ID = re.compile(r"""\sid=(?:"([^"]+)"|'([^']+)')""")
EXTERNAL = ("http://", "https://", "mailto:", "tel:", "data:")


def broken_links(site: Path, files=None, skip=("404.html",)) -> list[str]:
    """Every href/src in every HTML page that does not lead to a file (or to an id in that file).

    Paths are worked out as text against the list of files (given by the build, or listed here
    once), so the check stays linear."""
    files = set(files) if files is not None else {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    folders = {posixpath.dirname(f) for f in files}
    ids: dict[str, set[str]] = {}
    broken = []
    for relative in sorted(f for f in files if f.endswith(".html") and f not in skip):
        text = (site / relative).read_text(encoding="utf-8")
        for reference in map("".join, REFERENCE.findall(text)):
            problem = check_reference(site, relative, text, reference, files, folders, ids)
            if problem:
                broken.append(f"{relative}: {reference} ({problem})")
    return broken


def check_reference(site: Path, page: str, text: str, reference: str, files, folders, ids) -> str:
    if reference.startswith(EXTERNAL):
        return ""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith("/"):
        return "links must be relative"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) if parts.path else page
    if target == ".." or target.startswith("../"):
        return "leads outside the site"
    if target in folders or target == ".":
        return "links to a folder; link to its index.html so the site works from disk"
    if target not in files:
        return "no such file"
    if parts.fragment and target.endswith(".html"):
        if target not in ids:
            source = text if target == page else (site / target).read_text(encoding="utf-8")
            ids[target] = set(map("".join, ID.findall(source)))
        if parts.fragment not in ids[target]:
            return f"no element with id '{parts.fragment}'"
    return ""


def readability_scores(model) -> list[tuple[str, float]]:
    scores = [(guide.slug, flesch_of_html(guide.document.html)) for guide in model.guides]
    return sorted(((slug, score) for slug, score in scores if score is not None), key=lambda row: row[1])
