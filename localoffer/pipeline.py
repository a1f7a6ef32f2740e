"""The whole build, stage by stage, into a staging folder that replaces site/ only on success.

Stages hand each other data, not files: the page model carries each page's entry, its search
record and its size; the staging folder keeps the list of files written.
"""
from __future__ import annotations

import datetime
import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import (booklets, check, checklist, export, languages, mylist, narrowing, offline, openreferral, parallel,
               report_page, search)
from .offline_zip import ZipWriting
from .assets import fingerprint_assets, publish_asset
from .buildcache import PageCache, SchemaPasses, shared_inputs
from .load import load_content
from .output import Staging, remove_leftovers, replace_folder
from .pages import plan_pages
from .provenance import has_sourced_contact
from .problems import ContentError, Problem, errors_in
from .render import Page, make_environment, render_fragment, render_page, write_pages
from .report import build_report
from .sitemodel import SiteModel, build_model
from .validate import validate
from .vocabulary import write_vocabulary

OFFLINE_DOWNLOAD_PARTIAL = "partials/offline_download.html"


@dataclass
class BuildResult:
    planned: list  # every page as planned, for a preview that renders them again
    warnings: list[Problem]
    seconds: float
    model: SiteModel
    notes: list[str] = field(default_factory=list)  # extra lines for the summary
    content: object = None  # what was loaded, for a preview that updates one page at once
    assets: dict = field(default_factory=dict)  # asset name -> its hashed site path in this build

    @property
    def pages(self) -> int:
        return len(self.planned)


class BuildBug(Exception):
    """The content was fine but the builder made something wrong: a bug for developers, not editors."""


def check_content(project: Path, today: datetime.date | None = None, use_cache: bool = True):
    """Load and validate; raise ContentError listing every problem, or return (content, warnings).
    `check`, `build` and `serve` all start here, so they report the same problems."""
    content = load_content(project / "content")
    passes = SchemaPasses(project, use_cache)
    problems = validate(content, today, passes)
    passes.save()
    if errors_in(problems):
        raise ContentError(problems)
    return content, problems


def build_site(project: Path, output: Path, today: datetime.date | None = None, progress=None,
               with_booklets: bool = False, use_cache: bool = True) -> BuildResult:
    """Check and build; with `use_cache`, pages whose inputs did not change since the last build into
    the same output are reused (buildcache.py). The result is byte for byte the same either way."""
    started = time.perf_counter()
    with long_lived_objects_frozen():
        content, warnings = check_content(project, today, use_cache)
        gc.freeze()
        model = build_model(content, today)
        gc.freeze()
        output = safe_output(project, output)
        remove_leftovers(output)
        staging = Staging(output)
        try:
            pages, figures = build_into(project, content, model, staging, progress, with_booklets, use_cache)
            replace_folder(staging.root, output)
        except BaseException:
            staging.discard()
            raise
    figures["cache"].save()
    notes = summary_notes(content, model, figures)
    return BuildResult(pages, warnings, time.perf_counter() - started, model, notes, content, figures["assets"])


@contextmanager
def long_lived_objects_frozen():
    """The content, the model and the planned pages live until the build ends, yet each full
    collection of Python's garbage collector walks them all: 11 walks, 2.3 s, at 10,000 services.
    The build freezes them (gc.freeze) once made, so they are not walked again, nor copied by the
    walks of its forked processes. They are unfrozen at the end, so a preview can free a build's
    objects at its next build."""
    try:
        yield
    finally:
        gc.unfreeze()


def build_into(project: Path, content, model: SiteModel, staging: Staging, progress,
               with_booklets: bool = False, use_cache: bool = False) -> tuple[list[Page], dict]:
    # export: the Open Referral data needs only the model, and phones never save it, so a process of
    # its own writes it while this one plans and renders the pages (parallel.Beside)
    with parallel.Beside(lambda: staging.with_files_written(openreferral.write_export, staging, model)) as exporting:
        # printed booklets (publish only: slow), made first so the pages offering them know their sizes
        printed = booklets.make_booklets(model, project / "templates") if with_booklets else []
        # render: every page, except that pages offering the offline zip wait until its size is known
        assets = fingerprint_assets(project / "assets", staging)
        assets["narrow.css"] = publish_asset(staging, "narrow.css", narrowing.stylesheet(model))
        environment = make_environment(project / "templates", model, assets)
        environment.globals["booklets"] = printed
        plan = plan_site(project, content, model)
        pages = plan.pages
        report_page.write_report(staging, plan.report)  # content health: JSON now, its page with the rest
        gc.freeze()  # the planned pages live until the end (long_lived_objects_frozen)
        waiting = [page for page in pages if page.offline_download]
        cache = PageCache(project, staging.output, shared_inputs(project, model, assets, printed,
                                                               content.translations + content.term_translations),
                          use_cache)
        write_pages(environment, [page for page in pages if not page.offline_download], staging, progress, cache)
        export_bytes, exported = exporting.result()
        staging.record_files(exported)
    # offline: the zip starts compressing the pages in a process of its own (offline_zip.py) and takes
    # in the files written next; it holds the waiting pages as they read inside it, then they get its size
    zipping = ZipWriting(staging)
    indexing = None
    try:
        # search: Pagefind indexes the records in a process of its own while the zip is written and
        # this process writes the other files, checks the links (no page links to Pagefind's files:
        # the search page's script finds them) and hashes the files for the offline list
        records = search.search_records(pages, content.taxonomy.get("same_meaning", []))
        indexing = index_beside_the_zip(environment, staging, records, waiting, cache)
        write_beside_the_zip(project, content, model, staging, pages, assets, printed, records)
        zip_bytes = zipping.finish({page.path: render_page(environment, page) for page in waiting})
        for page in waiting:
            page.context["offline_zip_size"] = offline.size_text(zip_bytes)
        write_pages(environment, waiting, staging)
        broken = check.broken_links(staging.root, staging.files())
        if broken:
            raise BuildBug("the built pages have broken links:\n  " + "\n  ".join(broken[:20]))
        digests = offline.file_digests(staging)
        indexing.finish()
    except BaseException:  # a mistake, or Ctrl-C: neither process may write into a folder being removed
        zipping.stop()
        if indexing is not None:
            indexing.stop()
        raise
    saved = offline.write_offline_files(staging, assets, project / "assets/unhashed/sw.js", digests)
    return pages, {"indexed": len(records), "zip_bytes": zip_bytes, "assets": assets, "export_bytes": export_bytes,
                   "booklets": printed, "cache": cache, "language_notes": languages.stale_notes(plan.languages),
                   **saved}


@dataclass
class SitePlan:
    pages: list[Page]  # every page of every language
    languages: languages.LanguagePlan
    report: dict  # the content health report, published as JSON and as a page


def plan_site(project: Path, content, model: SiteModel) -> SitePlan:
    """Every page the site will have, planned from the model: the build renders them, and the
    preview plans them again from the content its build process sent back (preview_build.py)."""
    pages = plan_pages(model) + [openreferral.use_our_data_page(model), mylist.my_list_page(model)]
    report = build_report(content, model)
    pages.append(report_page.report_page(report))
    in_languages = languages.plan_languages(project, content, model, pages)  # sub-sites: ur/, pl/...
    pages += in_languages.pages
    search.show_index_parts(pages)  # a large site's index is in parts, which its search pages merge
    return SitePlan(pages, in_languages, report)


def write_beside_the_zip(project: Path, content, model: SiteModel, staging: Staging, pages: list[Page],
                         assets: dict, printed: list, records: list) -> None:
    """Every file but the pages, the Open Referral data and Pagefind's index, written while the zip
    compresses the pages. The booklets, which phones never download, are not in the zip
    (offline.NOT_SAVED_FOLDERS); the others are."""
    # export: files for machines and phones
    export.write_sitemap(staging, model.site["base_url"], pages)
    export.write_robots(staging, model.site["base_url"])
    export.publish_schemas(project / "content", staging)
    offline.write_icons(staging)
    offline.write_web_manifest(staging, model.site, assets)
    # search without Pagefind: the fallback index (in the zip) and the vocabulary
    search.write_fallback(staging, records, [language.code for language in languages.site_languages(model.site)])
    write_vocabulary(staging, records, content.taxonomy.get("same_meaning", []),
                     content.taxonomy.get("search_stop_words", []))
    mylist.write_items(staging, model)  # what "My list" shows, saved for offline like the pages
    booklets.write_booklets(staging, printed)


def index_beside_the_zip(environment, staging: Staging, records: list, waiting: list[Page],
                        cache: PageCache | None = None) -> search.PagefindIndexing:
    """Pagefind, started before the zip's size is known: the pages offering the zip are indexed with
    their download box but without the size, which a search result does not need. So Pagefind need
    not wait for the zip, the longest task after the pages."""
    for page in waiting:
        page.search_extra = render_fragment(environment, OFFLINE_DOWNLOAD_PARTIAL, page, offline_zip_size=None)
    return search.PagefindIndexing(staging, records, cache)


def summary_notes(content, model: SiteModel, figures: dict) -> list[str]:
    notes = [f"Search index: {figures['indexed']} pages indexed.",
             f"Offline: 'Save for offline' downloads {figures['saved_files']} files "
             f"({figures['saved_bytes'] / 1e6:.1f} MB); the offline zip is {figures['zip_bytes'] / 1e6:.1f} MB."]
    notes.append(f"Open Referral UK data: {figures['export_bytes'] / 1e3:.0f} KB in openreferral/ and the CSV zip.")
    if figures["cache"].reused:
        notes.append(f"Unchanged since the last build, so not rendered again: {figures['cache'].reused} pages "
                     "(python build.py --no-cache renders every page).")
    notes += booklets.summary_lines(figures["booklets"])
    notes += figures.get("language_notes", [])
    notes += readability_notes(check.readability_scores(model))
    notes += contact_notes(model)
    rows = checklist.content_coverage(content)
    if rows:
        notes.append(f"Statutory checklist: {sum(r.covered for r in rows)} of {len(rows)} items covered.")
    return notes


def contact_notes(model: SiteModel) -> list[str]:
    """The share of active services a family can reach by a sourced phone, email or website."""
    active = [s for s in model.services if s.data.get("status") == "active"]
    missing = [s for s in active if not has_sourced_contact(s.data)]
    if not active:
        return []
    lines = [f"Contact: {len(active) - len(missing)} of {len(active)} active services "
             f"({(len(active) - len(missing)) / len(active):.0%}) have a sourced phone, email or website."]
    return lines + [f"  no sourced contact yet: {s.document.path}" for s in missing]


def readability_notes(scores: list[tuple[str, float]]) -> list[str]:
    if not scores:
        return []
    lines = ["Reading ease of each guide (Flesch, 60 or more is plain English):"]
    for slug, score in scores:
        advice = "  <- below 60: try shorter sentences and words" if score < 60 else ""
        lines.append(f"  {score:5.1f}  {slug}{advice}")
    return lines


def safe_output(project: Path, output: Path) -> Path:
    """The output folder is replaced whole, so refuse any folder that holds anything of ours."""
    output = output.absolute()
    project = project.resolve()
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        raise BuildBug(f"{output} is not a plain folder, so it will not be replaced")
    if output.resolve() in (project, *project.parents) or (project / "content").resolve().is_relative_to(output.resolve()):
        raise BuildBug(f"{output} contains the project, so it will not be replaced")
    for protected in ("content", "templates", "assets", "tests", "localoffer"):
        if output.resolve() == (project / protected).resolve():
            raise BuildBug(f"{output} is the project's {protected} folder, so it will not be replaced")
    output.parent.mkdir(parents=True, exist_ok=True)
    return output
