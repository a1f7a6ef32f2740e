"""GitHub-flavoured Markdown, rendered by cmark-gfm as GitHub renders it, made safe and linkable.

cmark-gfm's default (safe) mode already drops raw HTML and javascript:/data: links. On top of that:
- headings get GitHub's ids, so `glossary.md#ehc-plan` works in GitHub's preview and on the site;
- links between content files (`other-guide.md`, `../services/futures.yaml`) become site links;
- anything else that is not a web, email or phone link is removed, keeping its text;
- pictures are dropped (keeping their description) so pages never load files from other sites.
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass

import cmarkgfm
from cmarkgfm.cmark import Options

from . import urls
from .routes import KIND_OF_FOLDER

OPTIONS = Options.CMARK_OPT_VALIDATE_UTF8 | Options.CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
LINK = re.compile(r'<a href="([^"]*)"((?: title="[^"]*")?)>(.*?)</a>', re.S)
IMAGE = re.compile(r'<img src="[^"]*" alt="([^"]*)"(?: title="[^"]*")? />')
RAW_HTML = "<!-- raw HTML omitted -->"


@dataclass(frozen=True)
class Target:
    """Where a link in content points: a content file, a web address, or nowhere allowed."""

    kind: str            # "content", "built", "web", "anchor" or "bad"
    folder: str = ""     # for content: guides, services or pages
    slug: str = ""
    fragment: str = ""


def classify(href: str, from_folder: str) -> Target:
    """Work out what a link written in content/<from_folder>/ points at."""
    href = html.unescape(href).strip()
    if href.startswith("#"):
        return Target("anchor", fragment=href[1:])
    if href.startswith(BUILT_PREFIX):  # a page the site builds itself: [the report](site:content-health)
        name, _, fragment = href[len(BUILT_PREFIX):].partition("#")
        return Target("built", slug=name, fragment=fragment)
    if urls.SCHEME.match(href):  # an address with a scheme: the site's one allow-list decides
        return Target("web") if urls.is_allowed(href) else Target("bad")
    if not href or ":" in href.split("/")[0] or href.startswith("/"):
        return Target("bad")
    path, _, fragment = href.partition("#")
    resolved = posixpath.normpath(posixpath.join(from_folder, path))
    folder, _, name = resolved.partition("/")
    stem, extension = posixpath.splitext(name)
    kind = KIND_OF_FOLDER.get(folder)
    if kind and kind.linkable and extension == kind.extension and "/" not in name:
        return Target("content", folder, stem, fragment)
    return Target("bad")


def heading_slug(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation removed, spaces to hyphens."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def to_html(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=OPTIONS)


def links_in(rendered: str) -> tuple[list[str], bool, bool]:
    """The link addresses in cmark-gfm's HTML, and whether it had raw HTML or pictures (both dropped)."""
    return [m.group(1) for m in LINK.finditer(rendered)], RAW_HTML in rendered, bool(IMAGE.search(rendered))


BUILT_PREFIX = "site:"


# A link cmark-gfm blanks for safety, as written: inline [text](x), an autolink <x>, or a reference
# definition [name]: x. Entities are decoded first, so &#106;avascript: is found too.
DANGEROUS = re.compile(r"(?:\]\(\s*<?|<|^\s{0,3}\[[^\]]+\]:\s*<?)\s*((?:javascript|vbscript|data|file)\s*:[^)\s>]*)", re.I)


def dangerous_links(markdown: str) -> list[tuple[int, str]]:
    """(line number from 0, address) of every link that safe mode removes, in reading order."""
    found = []
    for number, line in enumerate(markdown.split("\n")):
        found += [(number, match.group(1)) for match in DANGEROUS.finditer(html.unescape(line))]
    return found


def render(rendered: str, from_folder: str, link_for) -> str:
    """cmark-gfm's HTML (from `to_html`) made safe and linkable. `link_for(target)` gives the site
    address of a content link and the language of the page it goes to (None: the page's own), or
    None for no link."""
    rendered = rendered.replace(RAW_HTML, "")
    rendered = IMAGE.sub(lambda m: m.group(1), rendered)
    rendered = add_heading_ids(rendered)

    def rewrite(match: re.Match) -> str:
        href, title, text = match.groups()
        target = classify(href, from_folder)
        language = None
        if target.kind in ("content", "built"):
            href, language = link_for(target) or (None, None)
        elif target.kind == "bad":
            href = None
        if not href:
            return text
        hreflang = f' hreflang="{language}"' if language else ""
        return f'<a href="{html.escape(href, quote=True)}"{hreflang}{title}>{text}</a>'

    return LINK.sub(rewrite, rendered)


def add_heading_ids(rendered: str) -> str:
    seen: dict[str, int] = {}

    def with_id(match: re.Match) -> str:
        level, inner = match.groups()
        slug = heading_slug(inner) or "section"
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        unique = slug if count == 0 else f"{slug}-{count}"
        return f'<h{level} id="{unique}">{inner}</h{level}>'

    return HEADING.sub(with_id, rendered)


def sections(rendered: str) -> list[tuple[str, str]]:
    """(id, plain text) of each second-level heading of rendered, linkable HTML (after `render`)."""
    return [(anchor, html.unescape(re.sub(r"<[^>]+>", "", inner)).strip())
            for anchor, inner in re.findall(r'<h2 id="([^"]+)">(.*?)</h2>', rendered, re.S)]


def heading_ids(rendered: str) -> set[str]:
    """The ids headings get on the site, from cmark-gfm's HTML."""
    return set(re.findall(r'<h[1-6] id="([^"]+)"', add_heading_ids(rendered)))
