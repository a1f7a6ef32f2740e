"""Stage 4: the search index, built by Pagefind's Python API in the same run, plus a small fallback.

Only service and guide pages are indexed. Each is handed to Pagefind with its filters, result
details and the taxonomy synonyms of its terms added, so "ASD" finds autism services, while the
published HTML stays small. The fallback index is a plain script, for when Pagefind cannot load
(a copy opened from disk).
"""
from __future__ import annotations

import asyncio
import html
import json
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from .render import Page
from .vocabulary import write_vocabulary

MAIN_OPEN = '<main id="main" tabindex="-1">'


def search_fields(entry) -> dict:
    """Filters (ids, so they can live in the address bar) and result details for one entry."""
    is_service = entry.document.kind == "service"
    filters = {"type": ["service" if is_service else "guide"]}
    filters["category"] = [t.id for t in entry.categories]
    if entry.needs:
        filters["need"] = [t.id for t in entry.needs]
    filters["age"] = [t.id for t in entry.age_bands]
    if is_service:
        filters["area"] = [t.id for t in entry.areas]
        filters["cost"] = ["free" if entry.data.get("cost", {}).get("free") else "paid"] if entry.data.get("cost") else []
        filters["access"] = ["self-referral" if entry.self_referral else "referral-needed"]
    meta = {"title": entry.title, "summary": entry.summary, "type": "Service" if is_service else "Guide",
            "age": entry.age_text}
    if is_service:
        meta["cost"] = entry.cost_text
    return {"filters": {k: v for k, v in filters.items() if v}, "meta": meta}


def synonyms_for(entry, same_meaning=()) -> list[str]:
    """The words a parent might search with for this entry: its terms' labels and synonyms, and
    every word of a same-meaning group when the entry uses one of them."""
    words = []
    for term in entry.categories + entry.needs + entry.age_bands + entry.areas:
        words += [term.label, *term.synonyms]
    title, summary, body = grouped_synonyms(entry, same_meaning)
    return list(dict.fromkeys(title + summary + words + body))


def grouped_synonyms(entry, same_meaning) -> tuple[list[str], list[str], list[str]]:
    """Same-meaning words in three tiers: groups the title uses (what the page is about), groups the
    summary uses, and groups the text only mentions. Search weighs them in that order."""
    tiers = ([], [], [])
    for group, pattern in same_meaning:
        for tier, text in enumerate((entry.title, entry.summary, entry.document.body)):
            if pattern.search(text):
                tiers[tier].extend(group)
                break
    return tiers


TIER_WEIGHTS = (7.0, 2.0, 0.5)  # a page's own h1 weighs 7 in Pagefind


def same_meaning_patterns(groups) -> list[tuple[list[str], re.Pattern]]:
    """One regular expression per group; words in capitals match exactly, others in any case."""
    patterns = []
    for group in groups:
        exact = [re.escape(w) for w in group if w.isupper()]
        loose = [re.escape(w) for w in group if not w.isupper()]
        parts = ([rf"\b(?:{'|'.join(exact)})\b"] if exact else []) + \
                ([rf"(?i:\b(?:{'|'.join(loose)})\b)"] if loose else [])
        patterns.append((group, re.compile("|".join(parts))))
    return patterns


def index_html(page_html: str, entry, same_meaning=()) -> str:
    """The page as Pagefind should see it: main content only, with filters, details and synonyms."""
    fields = search_fields(entry)
    extra = [f'<span data-pagefind-filter="{html.escape(name)}:{html.escape(value)}"></span>'
             for name, values in fields["filters"].items() for value in values]
    extra += [f'<span data-pagefind-meta="{html.escape(name)}:{html.escape(value)}"></span>'
              for name, value in fields["meta"].items()]
    # Synonyms are indexed but weigh less than the page's own words.
    tiers = grouped_synonyms(entry, same_meaning)
    terms = [w for w in synonyms_for(entry, same_meaning) if not any(w in tier for tier in tiers[:2])]
    for words, weight in zip((tiers[0], tiers[1], terms), TIER_WEIGHTS):
        if words:
            extra.append(f'<p data-pagefind-weight="{weight}">{html.escape(" ".join(words))}</p>')
    marked = page_html.replace(MAIN_OPEN, '<main id="main" data-pagefind-body>', 1)
    return marked.replace("</main>", "".join(extra) + "</main>", 1)


async def write_pagefind(site: Path, copies: Path, language: str) -> None:
    # Pagefind reads the folder of index copies itself: handing it pages one by one through
    # add_html_file costs a round trip each, about 0.1 s a page.
    # Leaving the `async with` writes the files, to output_path (by default ./pagefind, wherever
    # the build was started), so the path is set here and write_files() is not called again.
    config = IndexConfig(force_language=language, output_path=str(site / "pagefind"), keep_index_url=True)
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(copies))
    # Pagefind also writes its own ready-made interfaces; our page has its own accessible one.
    for unused in (site / "pagefind").glob("pagefind-*ui.*"):
        unused.unlink()
    (site / "pagefind" / "pagefind-highlight.js").unlink(missing_ok=True)


def build_search(site: Path, pages: list[Page], language: str = "en", same_meaning=(), stop_words=()) -> int:
    """Write site/pagefind/ and the fallback index; return the number of pages indexed."""
    same_meaning = same_meaning_patterns(same_meaning)
    indexed = [page for page in pages if page.indexed]
    with tempfile.TemporaryDirectory(prefix="localoffer-index-") as copies:
        for page in indexed:
            target = Path(copies) / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            page_html = (site / page.path).read_text(encoding="utf-8")
            target.write_text(index_html(page_html, page.context["entry"], same_meaning), encoding="utf-8")
        run_in_own_loop(write_pagefind(site, Path(copies), language))
    write_fallback(site, [page.context["entry"] for page in indexed], same_meaning)
    write_vocabulary(site, [page.context["entry"] for page in indexed], [group for group, _ in same_meaning], stop_words)
    return len(indexed)


def run_in_own_loop(coroutine) -> None:
    """Run a coroutine on a thread of its own, so the build works even when the caller already
    has an event loop running (as Playwright's sync API does in the tests)."""
    with ThreadPoolExecutor(max_workers=1) as executor:
        executor.submit(asyncio.run, coroutine).result()


def write_fallback(site: Path, entries, same_meaning=()) -> None:
    """A plain script (works from disk, unlike Pagefind's modules) with titles, summaries and synonyms."""
    rows = [{"u": entry.href, "t": entry.title, "s": entry.summary,
             "k": " ".join(synonyms_for(entry, same_meaning)), **search_fields(entry)} for entry in entries]
    text = "window.LOCAL_OFFER_FALLBACK=" + json.dumps(rows, separators=(",", ":"), ensure_ascii=False) + ";\n"
    (site / "search").mkdir(exist_ok=True)
    (site / "search" / "fallback-index.js").write_text(text, encoding="utf-8")
