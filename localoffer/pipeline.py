"""The whole build, stage by stage, into a temporary folder that replaces site/ only on success."""
from __future__ import annotations

import datetime
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import check, export, offline, search
from .assets import fingerprint_assets
from .load import load_content
from .pages import plan_pages
from .problems import ContentError, Problem
from .render import make_environment, write_pages
from .sitemodel import SiteModel, build_model
from .validate import errors_in, validate


@dataclass
class BuildResult:
    pages: int
    warnings: list[Problem]
    seconds: float
    model: SiteModel
    notes: list[str] = field(default_factory=list)  # extra lines for the summary


class BuildBug(Exception):
    """The content was fine but the builder made something wrong: a bug for developers, not editors."""


def check_content(project: Path, today: datetime.date | None = None):
    """Load and validate; raise ContentError listing every problem, or return (content, warnings)."""
    content = load_content(project / "content")
    problems = validate(content, today)
    if errors_in(problems):
        raise ContentError(problems)
    return content, problems


def build_site(project: Path, output: Path, today: datetime.date | None = None, progress=None) -> BuildResult:
    started = time.perf_counter()
    content, warnings = check_content(project, today)
    model = build_model(content, today)
    warnings = warnings + check.checklist_gaps(model)
    output = safe_output(project, output)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=output.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
    try:
        pages, assets = render_site(project, model, staging, progress)
        export.write_sitemap(staging, model.site["base_url"], pages)
        export.write_robots(staging, model.site["base_url"])
        export.publish_schemas(project / "content", staging)
        indexed = search.build_search(staging, pages, model.site.get("language", "en")[:2],
                                      content.taxonomy.get("same_meaning", []),
                                      content.taxonomy.get("search_stop_words", []))
        saved = offline.write_offline_files(staging, model, assets, project / "assets/unhashed/sw.js")
        broken = check.broken_links(staging)
        if broken:
            raise BuildBug("the built pages have broken links:\n  " + "\n  ".join(broken[:20]))
        replace_folder(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    notes = [f"Search index: {indexed} pages indexed.",
             f"Offline: 'Save for offline' downloads {saved['saved_files']} files ({saved['saved_bytes'] / 1e6:.1f} MB); "
             f"the offline zip is {saved['zip_bytes'] / 1e6:.1f} MB."]
    notes += readability_notes(check.readability_scores(model))
    if model.checklist:
        gaps = sum(1 for w in warnings if w.path == "content/checklist.yaml" and "nothing published" in w.message)
        notes.append(f"Statutory checklist: {len(model.checklist) - gaps} of {len(model.checklist)} items covered.")
    return BuildResult(len(pages), warnings, time.perf_counter() - started, model, notes)


def readability_notes(scores: list[tuple[str, float]]) -> list[str]:
    if not scores:
        return []
    lines = ["Reading ease of each guide (Flesch, 60 or more is plain English):"]
    for slug, score in scores:
        advice = "  <- below 60: try shorter sentences and words" if score < 60 else ""
        lines.append(f"  {score:5.1f}  {slug}{advice}")
    return lines


def render_site(project: Path, model: SiteModel, staging: Path, progress) -> list:
    assets = fingerprint_assets(project / "assets", staging)
    environment = make_environment(project / "templates", model, assets)
    pages = plan_pages(model)
    write_pages(environment, pages, staging, progress)
    return pages, assets


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


def replace_folder(staging: Path, output: Path) -> None:
    """Swap the new site in with renames, so readers see the old site or the new one, never half of one."""
    if not output.exists():
        staging.rename(output)
        return
    old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=output.parent))
    old.rmdir()
    output.rename(old)
    try:
        staging.rename(output)
    except BaseException:
        old.rename(output)
        raise
    shutil.rmtree(old, ignore_errors=True)
