"""Stage 3: turn the site model into HTML files with Jinja2 (autoescaping always on)."""
from __future__ import annotations

import datetime
from urllib.parse import urlsplit
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup as markup

from . import editlinks, markdown, narrowing, urls
from .languages import english_globals, localise_links
from .offline import CACHE_PREFIX
from .routes import KIND_OF_FOLDER, KINDS, content_url, url_for
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
    stand_in: bool = False       # shown by a server in place of another page (404, offline): not in the sitemap
    offline_download: bool = False  # shows the "download the whole site" box, whose size is known late
    search_extra: str = ""       # HTML that search indexes besides the entry (the download box with its size)
    size: int = 0                # bytes, once written

    @property
    def root(self) -> str:
        """The relative way back to the site root, so links work at any address and from disk."""
        return self.fixed_root if self.fixed_root is not None else "../" * self.path.count("/")

    @property
    def entry(self):
        return self.context.get("entry")


def make_environment(templates: Path, model: SiteModel, assets: dict[str, str]) -> jinja2.Environment:
    from . import mylist, structured  # they plan pages with this module's Page: imported when used
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,  # content comes from pull requests: escape everything by default
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],  # every fixed string goes through gettext (locales/, languages.py)
    )
    environment.install_null_translations(newstyle=True)  # English; each page's language brings its own
    environment.globals.update(site=model.site, model=model, asset=lambda name: assets[name], url_for=url_for,
                               cache_prefix=CACHE_PREFIX, card_tokens=narrowing.card_tokens,
                               json_ld=structured.json_ld, mylist_key=mylist.item_key, booklets=[],
                               **english_globals())  # a page's own language replaces them (languages.py)
    environment.filters["long_date"] = long_date
    environment.filters["site_name"] = site_name
    environment.filters["safe_url"] = urls.safe_url  # every published URL goes through the allow-list
    environment.filters["markdown"] = lambda text: markup(
        markdown.render(markdown.to_html(text), "feedback", lambda target: None))
    repository = model.site["repository"]
    environment.globals["edit_url"] = lambda source: editlinks.edit_url(repository, source)
    environment.globals["report_url"] = lambda title, path: editlinks.report_url(
        repository, title, clean_url(model.site["base_url"], path))
    return environment


def clean_url(base_url: str, path: str) -> str:
    """services/futures/index.html -> https://.../services/futures/"""
    return base_url + (path[: -len("index.html")] if path.endswith("index.html") else path)


def site_name(url: str) -> str:
    """https://www.example.org/a/b -> example.org: short link text that cannot overflow a phone."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def long_date(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def markdown_html(entry, page_root: str) -> str:
    """An entry's Markdown as HTML, with links to other content pointing at their pages."""
    folder = KINDS[entry.document.kind].folder

    def link_for(target: markdown.Target) -> str:
        anchor = f"#{target.fragment}" if target.fragment else ""
        if target.kind == "built":
            return f"{page_root}{url_for(target.slug)}{anchor}"
        return f"{page_root}{content_url(KIND_OF_FOLDER[target.folder].name, target.slug)}{anchor}"

    return markdown.render(entry.document.html, folder, link_for)


def render_page(environment: jinja2.Environment, page: Page) -> str:
    html = environment.get_template(page.template).render(page=page, root=page.root, **page.context)
    localise = page.context.get("localise")  # a page of a language's sub-site: links to its own pages
    return localise_links(html, page.root, *localise) if localise else html


def render_fragment(environment: jinja2.Environment, template: str, page: Page) -> str:
    """A partial template on its own, as the page shows it (for search records)."""
    return environment.get_template(template).render(page=page, root=page.root, **page.context)


def write_pages(environment: jinja2.Environment, pages: list[Page], staging, progress=None) -> None:
    for number, page in enumerate(pages, start=1):
        page.size = staging.write(page.path, render_page(environment, page))
        if progress:
            progress(number, len(pages))
