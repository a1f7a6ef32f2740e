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

    Each page is read once, for its links and its ids. Paths are worked out as text against the list
    of files (given by the build, or listed here once), and each distinct address from each folder is
    worked out once, so the check stays linear in the number of pages."""
    files = set(files) if files is not None else {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    folders = {posixpath.dirname(f) for f in files}
    pages = sorted(f for f in files if f.endswith(".html"))
    ids, references = {}, {}
    for page in pages:
        text = (site / page).read_text(encoding="utf-8")
        ids[page] = set(map("".join, ID.findall(text)))
        if page not in skip:
            references[page] = dict.fromkeys(map("".join, REFERENCE.findall(text)))
    resolved: dict[tuple[str, str], tuple[str, str]] = {}
    broken = []
    for page, links in references.items():
        folder = posixpath.dirname(page)
        for reference in links:
            key = (folder, reference)
            if key not in resolved:
                resolved[key] = resolve(folder, reference, files, folders)
            target, problem = resolved[key]
            if not problem and target is not None:
                problem = fragment_problem(target or page, reference, ids)
            if problem:
                broken.append(f"{page}: {reference} ({problem})")
    return broken


def resolve(folder: str, reference: str, files, folders) -> tuple[str | None, str]:
    """(the file a link leads to, "" for the page itself, None if external; a problem or "")."""
    if reference.startswith(EXTERNAL):
        return None, ""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith("/"):
        return None, "links must be relative"
    if not parts.path:
        return "", ""
    target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if target == ".." or target.startswith("../"):
        return None, "leads outside the site"
    if target in folders or target == ".":
        return None, "links to a folder; link to its index.html so the site works from disk"
    if target not in files:
        return None, "no such file"
    return target, ""


def fragment_problem(target: str, reference: str, ids) -> str:
    fragment = urlsplit(reference).fragment
    if fragment and target.endswith(".html") and fragment not in ids.get(target, ()):
        return f"no element with id '{fragment}'"
    return ""


def readability_scores(model) -> list[tuple[str, float]]:
    scores = [(guide.slug, flesch_of_html(guide.document.html)) for guide in model.guides]
    return sorted(((slug, score) for slug, score in scores if score is not None), key=lambda row: row[1])
