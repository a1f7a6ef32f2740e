"""What one build keeps for the next, so pages whose inputs did not change are neither rendered nor
written again (as Lektor keeps dependency records).

The cache lives in `.cache/build/` in the project (never in site/, never committed). It holds, for one
output folder, each cached page's key and the size, time and inode of the file the last successful
build left there. A page whose key is unchanged, and whose file in the current site is still exactly
that file, is hard-linked into the new staging folder instead of being rendered and written: the bytes
are the same, and the atomic swap still holds (the staging folder gets a new name for the same file).
The same goes for the files another program makes together from inputs the build knows: each part of
the search index, keyed by the records Pagefind reads for it (`MadeKey`), is linked rather than made
again when an edit left its records alone (search.PagefindIndexing).

A page's key is a hash of everything it is made from:
- the build's inputs shared by every page (`shared_inputs`): the builder's code, every template, the
  hashed asset names, site.yaml, taxonomy.yaml, the checklist, the content pages every page links to,
  today's date (review dates) and the booklets;
- its own: address, template, title, breadcrumbs, and its context, where each entry counts by the
  hash of its content (and its related entries'), each taxonomy term by its id and members.
A context holding anything else makes the page uncacheable: it is rendered every time. Any doubt (a
missing, corrupt or foreign cache file, a file in site/ touched since) means render again.

A later input shared by every page (a language, a translation catalogue's hash) is one more entry in
`shared_inputs`; an input of one page only (its language) is one more part in `page_key`.
"""
from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import metadata
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Callable

from .load import Document
from .output import replace_file
from .sitemodel import Entry, Link, Listing, Term

FOLDER = ".cache/build"
FORMAT = 1  # bump when what a record holds changes
STORES_KEPT = 4  # page records for this many output folders; older ones are deleted
CODE = Path(__file__).resolve().parent


def digest(*parts) -> str:
    """The hash of the parts, each ended by a zero byte. Hashed in one go: a build of 10,000 services
    hashes about 500,000 lists of parts, and two updates a part cost 10 s."""
    ended = b"".join((part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")) + b"\0"
                     for part in parts)
    return hashlib.blake2b(ended, digest_size=16).hexdigest()


def files_digest(folder: Path, pattern: str = "**/*") -> str:
    """One hash of every file under a folder, names and bytes."""
    if not folder.is_dir():
        return "none"
    return digest(*(part for path in sorted(folder.glob(pattern)) if path.is_file()
                    for part in (path.relative_to(folder).as_posix(), path.read_bytes())))


RENDERING_LIBRARIES = ("jinja2", "markupsafe", "cmarkgfm")  # a new version may render differently


@cache  # the code running is the code loaded when this process started
def code_version() -> str:
    """The builder's own source and the versions of the libraries that render pages: a new version
    of either renders everything again."""
    versions = []
    for library in RENDERING_LIBRARIES:
        try:
            versions.append(f"{library}={metadata.version(library)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{library}=?")
    return digest(files_digest(CODE, "*.py"), *versions)


class MadeKey:
    """The key of files another program makes (Pagefind's index parts) from inputs given one at a
    time, as they are written for it (tens of megabytes at 10,000 services), by this code."""

    def __init__(self, *inputs: str):
        self.hashed = hashlib.blake2b(f"made\0{code_version()}\0".encode(), digest_size=16)
        self.add(*inputs)

    def add(self, *inputs: str) -> None:
        for text in inputs:
            self.hashed.update(text.encode("utf-8", "surrogatepass") + b"\0")

    def hexdigest(self) -> str:
        return self.hashed.hexdigest()


def document_digest(document) -> str:
    """A content file as the build read it: its fields (with defaults filled in) and its text."""
    if getattr(document, "_cache_digest", None) is None:
        fields_text = json.dumps(document.data, sort_keys=True, ensure_ascii=False, default=repr)
        document._cache_digest = digest(document.kind, document.path, fields_text, document.body)
    return document._cache_digest


def shared_inputs(project: Path, model, assets: dict, booklets=(), translations=()) -> dict[str, str]:
    """What every page may use besides its own context, by name (a new input is one more line)."""
    return {
        # the interface catalogues and every translated page: with the page's language, they decide
        # what its language functions (LANGUAGE_FUNCTIONS) give
        "locales": files_digest(project / "locales"),
        "translations": digest(*(f"{code}:{document_digest(document)}" for code, document in translations)),
        "format": str(FORMAT),
        "code": code_version(),
        "templates": files_digest(project / "templates"),
        "assets": json.dumps(assets, sort_keys=True),
        "site": json.dumps(model.site, sort_keys=True, default=repr),
        # every field of every term (an age band's ages decide which entries show it)
        "taxonomy": json.dumps([[kind, [(t.id, t.label, t.description, t.synonyms, t.href, t.minimum_age, t.maximum_age)
                                        for t in terms.values()]]
                                for kind, terms in [*model.taxonomy.items(), ("access_routes", model.access_routes)]]),
        "checklist": json.dumps(model.checklist, sort_keys=True, default=repr),
        "pages": digest(*(document_digest(p.document) for p in model.pages)),
        "today": model.today.isoformat(),
        "booklets": repr([(getattr(b, "path", b), getattr(b, "size", None)) for b in booklets]),
    }


class Uncacheable(Exception):
    """A page's context holds something whose inputs this module cannot name."""


class Fingerprints:
    """Hashes of context values by what they are made from. Raises Uncacheable for anything else.
    Entries, terms and values that cannot change (frozensets, frozen dataclasses) are worked out once
    per build, as many pages share them: a listing of 500 services is then 500 look-ups, and a
    language's LanguageLinks (its 5,000 pages at 10,000 services) is not sorted again for each page."""

    def __init__(self):
        self.memo: dict[tuple, str] = {}  # (kind, id of the object, with related?) -> hash
        self.kept: list = []  # the objects hashed, kept alive so their ids stay theirs

    def of(self, value, with_related: bool = True) -> str:
        if value is None or isinstance(value, (str, int, float, bool)):
            return repr(value)
        if isinstance(value, Document):
            return document_digest(value)
        if isinstance(value, (Entry, Term, frozenset)) or is_frozen_dataclass(value):
            key = (type(value).__name__, id(value), with_related)
            if key not in self.memo:
                self.memo[key] = self.worked_out(value, with_related)
                self.kept.append(value)
            return self.memo[key]
        return self.worked_out(value, with_related)

    def worked_out(self, value, with_related: bool) -> str:
        if isinstance(value, (set, frozenset)):
            return digest("set", *sorted(self.of(item, with_related) for item in value))
        if isinstance(value, Entry):
            return self.entry(value, with_related)
        if isinstance(value, Term):
            return self.term(value)
        if isinstance(value, (Listing, Link)) or (is_dataclass(value) and type(value).__module__.endswith(MODEL_MODULES)):
            return digest(type(value).__name__, *(self.of(getattr(value, f.name), with_related) for f in fields(value)))
        if isinstance(value, (list, tuple)):
            return digest("list", *(self.of(item, with_related) for item in value))
        if isinstance(value, dict):
            return digest("dict", *(part for key, item in value.items()
                                    for part in (self.of(key), self.of(item, with_related))))
        raise Uncacheable(type(value).__name__)

    def entry(self, entry, with_related: bool) -> str:
        # an entry's page lists its related entries (their titles, summaries, addresses), one level deep
        related = digest(*(self.of(r, False) for r in entry.related)) if with_related else ""
        return digest("entry", document_digest(entry.document), entry.stale, entry.shows_offline_download,
                      entry.href, related)

    def term(self, term) -> str:
        return digest("term", term.kind, term.id, *(document_digest(e.document) for e in term.services),
                      "guides", *(document_digest(e.document) for e in term.guides))


def is_frozen_dataclass(value) -> bool:
    params = getattr(value, "__dataclass_params__", None)
    return params is not None and params.frozen and not isinstance(value, type)


MODEL_MODULES = ("narrowing", "languages")  # their dataclasses hold only values Fingerprints knows
# Functions a page's language gives it (languages.language_context): what they return is decided
# by the page's language (`page_language`, in the key) and the catalogues and translations (shared).
LANGUAGE_FUNCTIONS = frozenset({"gettext", "ngettext", "_", "format_day", "in_english", "in_language", "plurals",
                                "translate", "term_label", "term_description", "english_words"})


def page_key(shared: str, page, fingerprints: Fingerprints | None = None) -> str | None:
    """The key of one page, or None if it cannot be cached."""
    if page.offline_download or page.search_extra:
        return None  # it shows the zip's size, known only late in the build
    if "page_language" not in page.context and LANGUAGE_FUNCTIONS & page.context.keys():
        return None  # language functions without the language that decides them
    try:
        own = (fingerprints or Fingerprints()).of({key: value for key, value in page.context.items()
                                                   if key != "body" and key not in LANGUAGE_FUNCTIONS})
    except (Uncacheable, RecursionError):
        return None
    return digest(shared, page.path, page.template, page.title, page.root, repr(page.breadcrumbs),
                  page.source, page.fixed_root, own)


class PageCache:
    """The page records of one output folder: read before a build, written after it succeeds."""

    def __init__(self, project: Path, output: Path, shared: dict[str, str], enabled: bool = True):
        self.folder = project / FOLDER
        self.output = output
        self.enabled = enabled
        self.shared = digest(*(f"{name}={value}" for name, value in sorted(shared.items())))
        self.store = self.folder / f"pages-{digest(str(output.absolute()))}.json"
        stored = self.read() if enabled else {}
        self.previous = stored.get("pages", {})
        self.keys: dict[str, str] = {}  # site path -> key, for the pages of this build
        # Files another program made together (an index part), by their folder: [key, {site path: its
        # file's [size, time, inode]}], of the last build and of this one
        self.previous_made = stored.get("made", {})
        self.made: dict[str, list] = {}
        self.fingerprints = Fingerprints()
        self.reused = 0

    def read(self) -> dict[str, dict]:
        """The last build's records: {"pages": ..., "made": ...}, each a dict, or none at all."""
        try:
            data = json.loads(self.store.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("output") != str(self.output.absolute()):
                return {}
            return {part: data[part] for part in ("pages", "made") if isinstance(data.get(part), dict)}
        except (OSError, ValueError, AttributeError, TypeError):
            return {}  # missing or unreadable: build everything

    def reuse(self, page, staging) -> bool:
        """Link the last build's file for this page into the staging folder if nothing it is made from
        changed and the file is still the one that build wrote. True if it was reused."""
        if not self.enabled:
            return False
        key = page_key(self.shared, page, self.fingerprints)
        if key is None:
            return False
        self.keys[page.path] = key
        record = self.previous.get(page.path)
        if not isinstance(record, list) or len(record) != 4 or record[0] != key:
            return False
        source = self.output / page.path
        try:
            status = source.lstat()
            if [status.st_size, status.st_mtime_ns, status.st_ino] != record[1:] or not source.is_file():
                return False
            staging.link(source, page.path)
        except OSError:
            return False
        page.size = status.st_size
        self.reused += 1
        return True

    def reuse_made(self, folder: str, key: str, staging, files_in: Callable[[Path], list[str]]) -> bool:
        """Link into the staging folder the files in `folder` (`files_in(site)` lists them, as they are
        in the current site) that the last build had another program make from the same inputs (`key`),
        if they are still exactly those files and no others. True if they were all linked; if not, none
        is. They are noted with the files that program writes (Staging.record_folder), not before."""
        if not self.enabled:
            return False
        record = self.previous_made.get(folder)
        if not (isinstance(record, list) and len(record) == 2 and record[0] == key and isinstance(record[1], dict)):
            return False
        files = files_in(self.output)  # listed only for a part that may be reused
        if not files or sorted(record[1]) != files:
            return False
        linked = []
        try:
            for path in files:
                source = self.output / path
                status = source.lstat()
                if [status.st_size, status.st_mtime_ns, status.st_ino] != record[1][path] or not source.is_file():
                    raise FileNotFoundError(path)  # touched since: make them all again
                staging.link(source, path, recorded=False)
                linked.append(path)
        except OSError:
            for path in linked:
                staging.forget(path)
            return False
        return True

    def keep_made(self, folder: str, key: str, root: Path, files: list[str]) -> None:
        """Note the files in `folder` made from the inputs `key` (in the staging folder `root`, whose
        files keep their size, time and inode when it becomes the site), for the next build."""
        if not self.enabled:
            return
        stamps = {}
        for path in files:
            status = (root / path).lstat()
            stamps[path] = [status.st_size, status.st_mtime_ns, status.st_ino]
        self.made[folder] = [key, stamps]

    def save(self) -> None:
        """After the swap: remember each cached page's key and its file as it now is in the site."""
        if not self.enabled:
            return
        pages = {}
        for path, key in self.keys.items():
            try:
                status = (self.output / path).lstat()
            except OSError:
                continue
            pages[path] = [key, status.st_size, status.st_mtime_ns, status.st_ino]
        try:
            replace_file(self.store, json.dumps({"format": FORMAT, "output": str(self.output.absolute()),
                                                 "pages": pages, "made": self.made}))
            self.prune()
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def prune(self) -> None:
        """Keep the records of the few output folders built most recently, so the cache stays small."""
        stores = sorted(self.folder.glob("pages-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in stores[STORES_KEPT:]:
            old.unlink(missing_ok=True)


class SchemaPasses:
    """Which content files passed their schema check, by hash of the fields, the schema and the code,
    so an unchanged file is not checked again. Only passes are kept: a file with problems is checked
    every time, so its messages (and their line numbers) are always fresh."""

    def __init__(self, project: Path, enabled: bool = True):
        self.store = project / FOLDER / "schema-passes.json"
        self.enabled = enabled
        self.code = code_version() if enabled else ""
        self.schemas: dict[Path, str] = {}
        self.previous = self.read() if enabled else set()
        self.passed: set[str] = set()  # this run's passes: all the next run needs, so the file stays small

    def read(self) -> set[str]:
        try:
            data = json.loads(self.store.read_text(encoding="utf-8"))
            return set(data["passed"]) if data.get("format") == FORMAT and isinstance(data["passed"], list) else set()
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            return set()

    def key(self, schema: Path, data) -> str | None:
        if schema not in self.schemas:
            try:
                self.schemas[schema] = digest(schema.read_bytes())
            except OSError:
                self.schemas[schema] = ""
        if not self.schemas[schema]:
            return None
        try:
            fields_text = json.dumps(data, sort_keys=True, ensure_ascii=False)
        except (TypeError, ValueError):
            return None
        return digest(self.code, self.schemas[schema], fields_text)

    def problems(self, check, data, schema: Path, *arguments) -> list:
        """`check(data, schema, *arguments)`'s problems, skipping the check for a file that passed it."""
        key = self.key(schema, data) if self.enabled else None
        if key is not None and key in self.previous:
            self.passed.add(key)
            return []
        problems = check(data, schema, *arguments)
        if key is not None and not problems:
            self.passed.add(key)
        return problems

    def save(self) -> None:
        if not self.enabled:
            return
        try:
            replace_file(self.store, json.dumps({"format": FORMAT, "passed": sorted(self.passed)}))
        except OSError:
            pass  # only the next check is slower
