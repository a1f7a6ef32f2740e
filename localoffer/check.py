"""Stage 6: checks on the finished site before it replaces the old one."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .readability import flesch_of_html

# href, src and id in one pattern: one pass over each page's text instead of two. HTML separates
# attributes with ASCII whitespace; a page's other separators are made spaces first (SEPARATORS), so
# the pattern can start with a plain space, which the regex engine finds more than twice as fast as \s.
# Each match is the attribute as written (href="../index.html"), so the links that plainly lead to a
# file (KnownLinks) are set aside by comparing text, without working anything out.
# Pages are read as bytes: decoding a whole page costs more than finding its links, and the few
# attributes worked out one by one are decoded on their own (a character is never cut: all the
# pattern's delimiters are ASCII).
ATTRIBUTE = re.compile(rb""" ((?:href|src|id)=(?:"[^"]*"|'[^']*'))""")
SEPARATORS = (b"\t", b"\n", b"\f", b"\r")
EXTERNAL = ("http://", "https://", "mailto:", "tel:", "data:")


def broken_links(site: Path, files=None, skip=("404.html",)) -> list[str]:
    """Every href/src in every HTML page that does not lead to a file (or to an id in that file).

    Each page is read once, for its links and its ids. Most links name a file from the site's root
    in the plainest way, and are known good at once (KnownLinks). The others are worked out as text
    against the list of files (given by the build, or listed here once), each distinct address once
    (see same_target), so the check stays linear in the number of pages. A page's links are checked
    as it is read, except those to an id in another page, checked once every page's ids are known:
    so the links of all the pages (200,000 at 10,000 services) are never held at once."""
    files = set(files) if files is not None else {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    folders = {posixpath.dirname(f) for f in files}
    known = KnownLinks(files)
    ids: dict[str, set[str]] = {}
    resolved: dict[tuple[str, str], tuple[str | None, str, str]] = {}
    broken, to_other_pages = [], []
    for page in sorted(f for f in files if f.endswith(".html")):
        ids[page], links = attributes((site / page).read_bytes(), known.at_depth(page.count("/")))
        if page in skip:
            continue
        folder = posixpath.dirname(page)
        for reference in links:
            if reference.startswith(EXTERNAL):
                continue  # not checked (resolve's verdict), and mostly one page's own (its edit link)
            key = same_target(folder, reference)
            found = resolved.get(key)
            if found is None:
                found = resolved[key] = resolve(*key, files, folders)
            target, fragment, problem = found
            if fragment and not problem:
                if target and target != page:
                    to_other_pages.append((page, reference, target, fragment))
                    continue
                problem = missing_id(page, fragment, ids)
            if problem:
                broken.append(f"{page}: {reference} ({problem})")
    for page, reference, target, fragment in to_other_pages:
        problem = missing_id(target, fragment, ids)
        if problem:
            broken.append(f"{page}: {reference} ({problem})")
    return broken


class KnownLinks:
    """The links that lead to a file of the site from a page `depth` folders down, written the
    plainest way: as the attribute href="../../services/a/index.html", back to the root and down to
    the file. Only files whose names have nothing a link would write differently (PLAIN_NAME: no
    %-escapes, ? or #, no entity) are known, so such a link leads to that file and nowhere else:
    resolve would find the same. At 10,000 services, about 2 million links, nearly all of them."""

    def __init__(self, files):
        self.plain = [name for name in files if PLAIN_NAME.fullmatch(name)]
        self.depths: dict[int, set[bytes]] = {}

    def at_depth(self, depth: int) -> set[bytes]:
        if depth not in self.depths:
            root = "../" * depth
            self.depths[depth] = {f'href="{root}{name}"'.encode() for name in self.plain}
        return self.depths[depth]


PLAIN_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")


def attributes(html: bytes, known: set[bytes]) -> tuple[set[str], dict[str, None]]:
    """A page's ids, and its links (href and src) in order, each once, leaving out the `known` links."""
    ids, links = set(), {}
    for separator in SEPARATORS:
        html = html.replace(separator, b" ")
    found = dict.fromkeys(ATTRIBUTE.findall(html))
    for attribute in [attribute for attribute in found if attribute not in known]:
        name, value = attribute.decode("utf-8").split("=", 1)
        if name == "id":
            ids.add(value[1:-1])
        else:
            links[value[1:-1]] = None
    return ids, links


def same_target(folder: str, reference: str) -> tuple[str, str]:
    """(folder, reference) with the reference's leading ../ taken off the folder instead: links to
    one page from a thousand pages at the same depth ("../../needs/autism/index.html") are then one
    address to work out, not a thousand. Called for every link of every page: kept to string methods."""
    ups = 0
    while reference.startswith("../", 3 * ups):
        ups += 1
    depth = folder.count("/") + 1 if folder else 0
    rest = reference[3 * ups:]
    if not ups or ups > depth or not rest or rest[0] in "#?/" or ":" in rest:
        return folder, reference  # nothing to take off, or an odd link: resolve judges it whole
    return ("" if ups == depth else folder.rsplit("/", ups)[0]), rest


def missing_id(target: str, fragment: str, ids) -> str:
    if fragment and target.endswith(".html") and fragment not in ids.get(target, ()):
        return f"no element with id '{fragment}'"
    return ""


def resolve(folder: str, reference: str, files, folders) -> tuple[str | None, str, str]:
    """(the file a link leads to, "" for the page itself, None if external; its #fragment; a problem or "")."""
    if reference.startswith(EXTERNAL):
        return None, "", ""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or reference.startswith("/"):
        return None, "", "links must be relative"
    if not parts.path:
        return "", parts.fragment, ""
    target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if target == ".." or target.startswith("../"):
        return None, "", "leads outside the site"
    if target in folders or target == ".":
        return None, "", "links to a folder; link to its index.html so the site works from disk"
    if target not in files:
        return None, "", "no such file"
    return target, parts.fragment, ""


def readability_scores(model) -> list[tuple[str, float]]:
    scores = [(guide.slug, flesch_of_html(guide.document.html)) for guide in model.guides]
    return sorted(((slug, score) for slug, score in scores if score is not None), key=lambda row: row[1])
