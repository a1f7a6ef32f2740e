"""Stage 4: the search index, built by Pagefind's command line beside the build, plus a small fallback.

Only service and guide pages are indexed. Each is handed to Pagefind as a record made from the page
model (never read back from the written HTML): its title, summary, facts and text, with its filters,
result details and the taxonomy synonyms of its terms added, so "ASD" finds autism services, while
the published HTML stays small. The fallback index is a plain script, for when Pagefind cannot load
(a copy opened from disk).
"""
from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NamedTuple

from pagefind.service import get_executable

from .buildcache import MadeKey
from .languages import N_
from .output import remove_folders_of_ended_builds, temporary_name
from .parallel import python_running, with_package_importable
from .routes import url_for, url_in
from .vocabulary import words_as_written


@dataclass(frozen=True)
class SearchFilter:
    """One search filter: its name in the address bar, its title, its values and an entry's values."""
    name: str
    title: str
    values: Callable      # model -> {id: label}
    of_entry: Callable    # entry -> [ids]
    taxonomy: str = ""    # the taxonomy list its values are terms of; else the builder names them


def terms_filter(name: str, title: str, kind: str, of_entry: Callable) -> SearchFilter:
    terms = (lambda model: model.access_routes) if kind == "access_routes" else (lambda model: model.taxonomy[kind])
    return SearchFilter(name, title, lambda model: {t.id: t.label for t in terms(model).values()}, of_entry, kind)


def is_service(entry) -> bool:
    return entry.document.kind == "service"


def services_only(values: Callable) -> Callable:
    return lambda entry: values(entry) if is_service(entry) else []


# Values the builder names; the other filters' values are the content's taxonomy labels.
TYPE_NAMES = {"service": N_("Services"), "guide": N_("Guides")}
COST_NAMES = {"free": N_("Free"), "paid": N_("Paid")}

# The one table of search filters, in the order the search page shows them. The search page reads
# the names, titles and values from the page (the search-labels JSON), so nothing repeats them.
FILTERS = (
    SearchFilter("type", N_("Show"), lambda model: dict(TYPE_NAMES),
                 lambda entry: ["service" if is_service(entry) else "guide"]),
    terms_filter("age", N_("Age"), "age_bands", lambda entry: [t.id for t in entry.age_bands]),
    terms_filter("need", N_("Need"), "needs", lambda entry: [t.id for t in entry.needs]),
    terms_filter("category", N_("Type of support"), "categories", lambda entry: [t.id for t in entry.categories]),
    terms_filter("area", N_("Area"), "areas", services_only(lambda entry: [t.id for t in entry.areas])),
    SearchFilter("cost", N_("Cost"), lambda model: dict(COST_NAMES),
                 services_only(lambda entry: [] if not entry.data.get("cost") else
                               ["free" if entry.data["cost"].get("free") else "paid"])),
    terms_filter("access", N_("How to get it"), "access_routes",
                 services_only(lambda entry: [t.id for t in entry.access_routes])),
)


def search_labels(model) -> dict:
    """Names for the search filters and their values, so the address bar can hold short ids."""
    return {f.name: {"title": f.title, "values": f.values(model)} for f in FILTERS}


AGES = N_("Ages %(low)s to %(high)s")


def as_written(text: str) -> str:
    return text


def search_fields(entry, translate: Callable = as_written) -> dict:
    """Filters (ids, so they can live in the address bar) and result details for one entry, the
    details in the language of the page the record is made from (`translate`: its gettext)."""
    filters = {f.name: f.of_entry(entry) for f in FILTERS}
    low, high = entry.ages
    meta = {"title": entry.title, "summary": entry.summary,
            "type": translate(N_("Service") if is_service(entry) else N_("Guide")),
            "age": translate(AGES) % {"low": low, "high": high}}
    if is_service(entry):
        meta["cost"] = translate(entry.cost_text)
    return {"filters": {k: v for k, v in filters.items() if v}, "meta": meta}


def synonyms_for(entry, tiers) -> list[str]:
    """The words a parent might search with for this entry: its terms' labels and synonyms, and
    every word of a same-meaning group when the entry uses one of them."""
    words = []
    for term in entry.categories + entry.needs + entry.age_bands + entry.areas:
        words += [term.label, *term.synonyms]
    title, summary, body = tiers
    return list(dict.fromkeys(title + summary + words + body))


def grouped_synonyms(entry, same_meaning) -> tuple[list[str], list[str], list[str]]:
    """Same-meaning words in three tiers: groups the title uses (what the page is about), groups the
    summary uses, and groups the text only mentions. Search weighs them in that order."""
    tiers, placed = ([], [], []), set()
    for tier, text in enumerate((entry.title, entry.summary, entry.document.body)):
        for number in sorted(matched_groups(same_meaning, text) - placed):
            tiers[tier].extend(same_meaning.groups[number])
            placed.add(number)
    return tiers


TIER_WEIGHTS = (7.0, 2.0, 0.5)  # a page's own h1 weighs 7 in Pagefind


class SameMeaning(NamedTuple):
    groups: list[list[str]]
    # each phrase filed under its first word in lower case, as (its group's number, the phrase's words
    # with a space either side, whether it is in capitals): a text can only use a phrase whose first
    # word it has, so most phrases are never tried
    by_first_word: dict[str, list[tuple[int, str, bool]]]


def same_meaning_phrases(groups) -> SameMeaning:
    """The same-meaning phrases, ready to be found in texts (matched_groups). Phrases in capitals
    ("OT") are found only in capitals; the others in any case."""
    by_first_word: dict[str, list[tuple[int, str, bool]]] = {}
    for number, group in enumerate(groups):
        for phrase in group:
            words = words_as_written(phrase)
            if words:
                exact = phrase.isupper()
                spaced = f" {' '.join(words if exact else [w.lower() for w in words])} "
                by_first_word.setdefault(words[0].lower(), []).append((number, spaced, exact))
    return SameMeaning(list(groups), by_first_word)


def matched_groups(same_meaning: SameMeaning, text: str) -> set[int]:
    """The numbers of the same-meaning groups whose phrases a text uses, as whole words in order.
    Words are compared as the search page compares them (vocabulary.words_in: apostrophes dropped,
    punctuation between words ignored), so "can't sleep" uses the phrase "cant sleep". Each phrase
    is looked for once in the whole text, and only if the text has its first word: at 10,000
    services, trying a combined pattern at each word that starts a phrase cost 2 s."""
    words = words_as_written(text)
    as_written = f" {' '.join(words)} "
    lower = as_written.lower()
    found = set()
    for first in same_meaning.by_first_word.keys() & set(lower.split()):
        for number, spaced, exact in same_meaning.by_first_word[first]:
            if number not in found and spaced in (as_written if exact else lower):
                found.add(number)
    return found


@dataclass
class Record:
    """What search knows of one page: built once, used by Pagefind and the fallback index."""
    url: str
    entry: object
    fields: dict
    tiers: tuple
    synonyms: list[str]
    page: object  # its Page, whose search_extra may be filled in after the record is made


def make_record(page, same_meaning) -> Record:
    entry = page.entry
    tiers = grouped_synonyms(entry, same_meaning)
    fields = search_fields(entry, page.context.get("translate", as_written))
    return Record(page.path, entry, fields, tiers, synonyms_for(entry, tiers), page)


def facts_html(entry) -> str:
    """The facts a service page shows in words, for search: who runs it, who it is for, how to get it,
    where and when. Lists of related pages are left out: their words belong to those pages."""
    data = entry.data
    if not is_service(entry):
        return ""
    access = data.get("access") or {}
    texts = [data.get("organisation"), access.get("eligibility"), access.get("how_to_ask"),
             (data.get("cost") or {}).get("details"), data.get("opening_times"), data.get("not_yet_confirmed"),
             *(t.description for t in entry.access_routes), ", ".join(data.get("languages") or [])]
    for contact in data.get("contacts") or []:
        texts += [contact.get("name"), contact.get("role")]
    for location in data.get("locations") or []:
        texts += [location.get("name"), location.get("address"), location.get("postcode"), location.get("accessibility")]
    return "".join(f"<p>{html.escape(t)}</p>" for t in texts if isinstance(t, str) and t)


def page_language_code(page) -> str:
    """The language code of a page: "en", or its sub-site's language (set by languages.py)."""
    language = page.context.get("page_language")
    return language.code if language else "en"


def record_language(record: Record) -> str:
    return page_language_code(record.page)


def record_html(record: Record) -> str:
    """The page as Pagefind should see it: the entry's own words, with filters, details and synonyms."""
    entry = record.entry
    parts = [f"<h1>{html.escape(entry.title)}</h1>", f"<p>{html.escape(entry.summary)}</p>",
             facts_html(entry), entry.body_html, record.page.search_extra]
    parts += [f'<span data-pagefind-filter="{html.escape(name)}:{html.escape(value)}"></span>'
              for name, values in record.fields["filters"].items() for value in values]
    parts += [f'<span data-pagefind-meta="{html.escape(name)}:{html.escape(value)}"></span>'
              for name, value in record.fields["meta"].items()]
    # Synonyms are indexed but weigh less than the page's own words.
    title, summary, _ = record.tiers
    others = [w for w in record.synonyms if w not in title and w not in summary]
    for words, weight in zip((title, summary, others), TIER_WEIGHTS):
        if words:
            parts.append(f'<p data-pagefind-weight="{weight}">{html.escape(" ".join(words))}</p>')
    # Pagefind makes one index per <html lang>; the search page of each language loads its own.
    return (f'<!DOCTYPE html><html lang="{record_language(record)}"><head><title></title></head>'
            f"<body><main data-pagefind-body>{''.join(parts)}</main></body></html>")


def search_records(pages, same_meaning_groups) -> list[Record]:
    same_meaning = same_meaning_phrases(same_meaning_groups)
    return [make_record(page, same_meaning) for page in pages if page.indexed]


def copies_folder() -> Path:
    """Where Pagefind's copies of the records go (a file each, read once, then deleted): Linux's folder
    in memory (/dev/shm), if it can be written to, else the usual temporary folder. Creating 11,000
    small files on disk cost this machine's kernel up to 0.4 ms each."""
    memory = Path("/dev/shm")
    return memory if memory.is_dir() and os.access(memory, os.W_OK) else Path(tempfile.gettempdir())


# Pagefind's allocator (jemalloc, which reads this variable) with one arena, not four per core: in
# builds of 10,000 services its peak fell from about 1,130 MB to 985 MB, in the same time. Freed
# memory handed back sooner (dirty_decay_ms:1000) saved 60 MB more but cost Pagefind 0.8 s.
# An allocator that does not read the variable ignores it.
PAGEFIND_ALLOCATOR = {"_RJEM_MALLOC_CONF": "narenas:1"}


# The copies' folder carries the build's process id, so that the next build can remove the copies
# of a build that was killed (any other build removes its own): in /dev/shm, they take memory.
COPIES_PREFIX = "localoffer-index-"
COPIES_OF_PROCESS = re.compile(rf"^{COPIES_PREFIX}(\d+)-")


# Pagefind holds every word of every page it indexes in memory until it writes the index: about 1 GB
# for the 11,114 pages of 10,000 services. So a language with more pages than this is indexed in parts,
# by one Pagefind run after another, each into a folder of its own; the search page merges them
# (Pagefind's mergeIndex), which adds up their filter counts and orders their results by score. With 3
# parts of 10,000 services, Pagefind's peak was 336 MB, not 1,018 MB, in the same time (7.3 s).
PAGES_PER_INDEX_PART = 4_000
INDEX_FOLDER = url_for("pagefind").rsplit("/", 1)[0]  # the first part's, where a small site has its one index


def index_parts(items: list, language_of: Callable, address_of: Callable) -> list[list]:
    """Indexed pages (or their records) in parts: each language's, in the order of their addresses,
    dealt in turn into as few parts of at most PAGES_PER_INDEX_PART as hold them, so that each part has
    pages of every kind, and Pagefind, which scores a page by how common its words are among its
    part's pages, scores the parts alike. By address, not by title: an edit, even to a title, leaves
    every page in its part, so the build cache can reuse the parts it did not touch."""
    by_language: dict[str, list] = {}
    for item in sorted(items, key=address_of):
        by_language.setdefault(language_of(item), []).append(item)
    parts: list[list] = []
    for same_language in by_language.values():
        count = -(-len(same_language) // PAGES_PER_INDEX_PART)  # rounded up
        parts += [[] for _ in range(count - len(parts))]
        for number in range(count):
            parts[number] += same_language[number::count]
    return parts


LATER_PART = "part-"  # the folders of the parts after the first: pagefind/part-2/...


def part_files(site: Path, number: int) -> list[str]:
    """The files of index part `number` in a site folder, by site path: the first part's folder holds
    the later parts' folders, which are not its own."""
    folder = site / part_folder(number)
    if not folder.is_dir():
        return []
    return sorted(path.relative_to(site).as_posix() for path in folder.rglob("*") if path.is_file()
                  and not (number == 0 and path.relative_to(folder).parts[0].startswith(LATER_PART)))


@functools.cache  # the same program all build long
def pagefind_identity() -> str:
    """Which Pagefind writes the index: another version may write other files from the same records."""
    executable = Path(get_executable() or shutil.which("pagefind") or "pagefind")
    try:
        status = executable.stat()
    except OSError:
        return str(executable)
    return f"{executable.resolve()}:{status.st_size}:{status.st_mtime_ns}"


def part_folder(number: int) -> str:
    """The site folder of index part `number` (from 0): the later parts inside the first's folder."""
    return INDEX_FOLDER if number == 0 else f"{INDEX_FOLDER}/{LATER_PART}{number + 1}"


def show_index_parts(pages: list) -> None:
    """Give each search page the folders of the index parts after the first that hold pages of its
    language (`pagefind_parts`), for its script to merge: the parts the records will be indexed in."""
    parts = index_parts([page for page in pages if page.indexed], page_language_code, lambda page: page.path)
    languages_of_part = [{page_language_code(page) for page in part} for part in parts]
    for page in pages:
        if page.template == "search.html":
            code = page_language_code(page)
            page.context = {**page.context, "pagefind_parts": [f"{part_folder(number)}/" for number in range(1, len(parts))
                                                               if code in languages_of_part[number]]}


# What a later part keeps: its index, not the script and WebAssembly the first part's script brings
PART_FILES_NOT_NEEDED = ("pagefind*.js", "pagefind*.css", "wasm.*")


class PagefindIndexing:
    """Pagefind writing site/pagefind/ from the records (one index per language, each record saying
    its own <html lang>; in parts for a large site, see PAGES_PER_INDEX_PART), in a process of its own
    while the build goes on with work that does not need the index: Pagefind keeps one core busy, and
    the build uses the other. Its command line is run on folders of the records, written here: it reads
    them in one go (Pagefind's Python API, page by page, costs a round trip each). The parts are run in
    turn by pagefind_runs.py, a plain process this build can stop. With the build cache, a part whose
    records are what the last build indexed is linked from the last site instead (buildcache.PageCache
    .reuse_made): an edit to one service makes one part again.

    The process dies with the build (PR_SET_PDEATHSIG). `finish` waits for it and raises its error;
    `stop`, for a build that failed or was stopped, ends it (and the run under way) before the build
    removes its staging folder, so nothing is written there afterwards."""

    def __init__(self, staging, records: list[Record], cache=None):
        self.staging = staging
        self.cache = cache  # buildcache.PageCache: reuses the last build's parts made from the same records
        folder = copies_folder()
        remove_folders_of_ended_builds(folder, COPIES_PREFIX + "*", COPIES_OF_PROCESS)
        self.copies = Path(tempfile.mkdtemp(prefix=temporary_name(COPIES_PREFIX), dir=folder))
        self.errors = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would stop Pagefind
        self.parts = index_parts(records, record_language, lambda record: record.url)
        self.keys = []  # each part's key: what Pagefind reads for it (buildcache.MadeKey)
        try:
            runs = []
            for number, part in enumerate(self.parts):
                self.keys.append(self.write_copies(number, part))
                if cache is not None and cache.reuse_made(part_folder(number), self.keys[-1], staging,
                                                          lambda site: part_files(site, number)):
                    shutil.rmtree(self.copies / str(number))  # linked from the last build's site instead
                    continue
                runs += [str(self.copies / str(number)), str(staging.root / part_folder(number))]
            if not runs:  # every part reused, or nothing to index (then the search page uses the fallback)
                self.process = None
                return
            self.process = subprocess.Popen(
                python_running("localoffer.pagefind_runs", str(os.getpid()), str(get_executable() or "pagefind"), *runs),
                env=with_package_importable(**PAGEFIND_ALLOCATOR),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.errors)
        except BaseException:
            self.tidy()
            raise

    def write_copies(self, number: int, part: list[Record]) -> str:
        """Write part `number`'s records as Pagefind reads them, a file each in its folder of copies;
        return the part's key, hashed as they are written."""
        key = MadeKey(pagefind_identity())
        for record in part:
            text = record_html(record)
            target = self.copies / str(number) / record.url
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            key.add(record.url, text)
        return key.hexdigest()

    def finish(self) -> None:
        try:
            if self.process is not None:
                while self.process.poll() is None:
                    time.sleep(0.05)  # short waits, so Ctrl-C reaches the build at once
                if self.process.returncode != 0:
                    raise RuntimeError(f"Pagefind stopped with code {self.process.returncode}: {self.error_text()}")
        finally:
            self.tidy()
        if not self.parts:  # nothing to index
            return
        # Pagefind also writes its own ready-made interfaces; our page has its own accessible one.
        first = self.staging.root / INDEX_FOLDER
        for unused in [*first.glob("pagefind-*ui.*"), first / "pagefind-highlight.js"]:
            unused.unlink(missing_ok=True)
        for number in range(1, len(self.parts)):
            for pattern in PART_FILES_NOT_NEEDED:
                for unused in (self.staging.root / part_folder(number)).glob(pattern):
                    unused.unlink()
        self.staging.record_folder(INDEX_FOLDER)
        if self.cache is not None:
            for number, key in enumerate(self.keys):
                self.cache.keep_made(part_folder(number), key, self.staging.root, part_files(self.staging.root, number))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # pagefind_runs kills the run under way, waits for it, then ends
            self.process.wait()
        self.tidy()

    def error_text(self) -> str:
        self.errors.seek(0)
        return self.errors.read().decode("utf-8", "replace")[-2000:]

    def tidy(self) -> None:
        shutil.rmtree(self.copies, ignore_errors=True)
        self.errors.close()


def write_fallback(staging, records: list[Record], languages: list[str] = ("en",)) -> None:
    """A plain script (works from disk, unlike Pagefind's modules) with titles, summaries and synonyms:
    one per language, in its sub-site (ur/search/fallback-index.js), holding that language's pages."""
    for code in languages:
        rows = [{"u": r.url, "t": r.entry.title, "s": r.entry.summary, "k": " ".join(r.synonyms), **r.fields}
                for r in records if record_language(r) == code]
        text = "window.LOCAL_OFFER_FALLBACK=" + json.dumps(rows, separators=(",", ":"), ensure_ascii=False) + ";\n"
        staging.write(url_in("" if code == "en" else code, "search-fallback"), text)
