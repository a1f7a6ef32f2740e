"""Stage 3: turn the site model into HTML files with Jinja2 (autoescaping always on)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup as markup

from . import editlinks, markdown, urls
from .sitemodel import SiteModel


@dataclass
class Page:
    path: str                    # inside site/, e.g. services/futures/index.html
    template: str
    title: str
    breadcrumbs: list = field(default_factory=list)  # [(label, site path)], home first, current page last
    source: str = ""             # the content file behind the page, for "Suggest a change"
    indexed: bool = False        # whether search indexes it
    context: dict = field(default_factory=dict)
    fixed_root: str | None = None  # only the 404 page, which a server shows at any address

    @property
    def root(self) -> str:
        """The relative way back to the site root, so links work at any address and from disk."""
        return self.fixed_root if self.fixed_root is not None else "../" * self.path.count("/")


def make_environment(templates: Path, model: SiteModel, assets: dict[str, str]) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,  # content comes from pull requests: escape everything by default
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(site=model.site, model=model, asset=lambda name: assets[name])
    environment.filters["long_date"] = long_date
    environment.filters["safe_url"] = urls.safe_url  # every published URL goes through the allow-list
    environment.filters["markdown"] = lambda text: markup(markdown.render(text, "feedback", lambda target: None))
    repository = model.site["repository"]
    environment.globals["edit_url"] = lambda source: editlinks.edit_url(repository, source)
    environment.globals["report_url"] = lambda title, path: editlinks.report_url(
        repository, title, clean_url(model.site["base_url"], path))
    return environment


def clean_url(base_url: str, path: str) -> str:
    """services/futures/index.html -> https://.../services/futures/"""
    return base_url + (path[: -len("index.html")] if path.endswith("index.html") else path)


def long_date(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def markdown_html(entry, page_root: str) -> str:
    """An entry's Markdown as HTML, with links to other content pointing at their pages."""
    folder = {"service": "services", "guide": "guides", "page": "pages"}[entry.document.kind]

    def link_for(target: markdown.Target) -> str:
        prefix = "" if target.folder == "pages" else f"{target.folder}/"
        anchor = f"#{target.fragment}" if target.fragment else ""
        return f"{page_root}{prefix}{target.slug}/index.html{anchor}"

    return markdown.render(entry.document.body, folder, link_for)


def write_pages(environment: jinja2.Environment, pages: list[Page], site: Path, progress=None) -> None:
    for number, page in enumerate(pages, start=1):
        template = environment.get_template(page.template)
        text = template.render(page=page, root=page.root, **page.context)
        target = site / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if progress:
            progress(number, len(pages))
