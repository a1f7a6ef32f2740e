"""Stage 3: turn the site model into HTML files with Jinja2 (autoescaping always on)."""
from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2
from markupsafe import Markup as markup

from . import editlinks, markdown, narrowing, parallel, urls
from .languages import english_globals, link_from
from .offline import CACHE_PREFIX
from .routes import KIND_OF_FOLDER, KINDS, content_url, language_of, url_for
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


def make_environment(templates: Path, model: SiteModel, assets: dict[str, str],
                     watch_templates: bool = False) -> jinja2.Environment:
    """The templates with everything they use. A build makes its own and its templates do not change
    while it runs; an environment that outlives an edit (the preview's) must `watch_templates`: Jinja2
    then looks at a template's file each time it is used (about 7% of a build's rendering) and
    compiles it again if it changed."""
    from . import mylist, structured  # they plan pages with this module's Page: imported when used
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        auto_reload=watch_templates,
        autoescape=True,  # content comes from pull requests: escape everything by default
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],  # every fixed string goes through gettext (locales/, languages.py)
    )
    environment.install_null_translations(newstyle=True)  # English; each page's language brings its own
    # Data for scripts (| tojson) in the page's own characters, not \u escapes (in Urdu or Arabic an
    # escape is six bytes for a letter of two, on every page), and without spaces. Jinja still
    # escapes < > & ' in it.
    environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}
    environment.globals.update(site=model.site, model=model, asset=lambda name: assets[name], url_for=url_for,
                               cache_prefix=CACHE_PREFIX,
                               json_ld=structured.json_ld, mylist_key=mylist.item_key, booklets=[],
                               **english_globals())  # a page's own language replaces them (languages.py)
    environment.filters["long_date"] = long_date
    environment.filters["site_name"] = site_name
    # Words of unknown direction (a name) inside a sentence: kept apart, so an English name in an
    # Arabic sentence does not carry its punctuation to the wrong side.
    environment.filters["isolated"] = lambda text: markup("<bdi>{}</bdi>").format(text)
    environment.filters["safe_url"] = urls.safe_url  # every published URL goes through the allow-list
    environment.filters["markdown"] = lambda text: markup(
        markdown.render(markdown.to_html(text), "feedback", lambda target: None))
    environment.globals.update(listed_items(environment))
    repository = model.site["repository"]
    environment.globals["edit_url"] = lambda source: editlinks.edit_url(repository, source)
    environment.globals["report_url"] = lambda title, path: editlinks.report_url(
        repository, title, clean_url(model.site["base_url"], path))
    return environment


# What listings show many of, by the name templates call them with: the template of one item, the
# item's name in it, and what its first tag carries in a listing that can be narrowed (narrow=True).
# Each is rendered once per language and kind of listing (ListedItems).
LISTED = {"service_cards": ("partials/service_card.html", "service", narrowing.card_attributes),
          "guide_cards": ("partials/guide_card.html", "guide", None),
          "guide_link_items": ("partials/guide_link.html", "guide", None)}
LISTED_BY = "partials/service_list.html"  # the template whose macros call them
LANGUAGE_PART = "language_part"  # what templates call LanguageParts by: language_part("partials/footer.html", root)


def listed_items(environment: jinja2.Environment) -> dict:
    """Fresh caches of every kind of listed item (LISTED) and of the parts of pages that differ only by
    language (LanguageParts), as the environment's globals."""
    return {LANGUAGE_PART: LanguageParts(environment),
            **{name: ListedItems(environment, *listed) for name, listed in LISTED.items()}}


class ListedItems:
    """The items of a listing (services' cards, guides' cards, links to guides). Each item is
    rendered once for each language and kind of listing, and fitted to the depth of every listing
    that shows it: at 10,000 services the browse and finder listings show each card about twenty
    times, and a listing can link to a thousand guides. A listing's items are made in one call, not
    one call each, because at that scale the calls cost more than the items. An item is rendered with
    the calling page's variables, and the cache lives as long as its environment, made for one build
    (or one preview update) from one model, so an item never outlives its entry. Page variables an
    item's words and links depend on (a page's own translation functions and its language's pages,
    `links`) are part of the key: VARIES_WITH. So are the listing's own variables (heading level...).
    In a listing that can be narrowed (narrow=True), an item is the plain listing's item with its
    `narrowing_attributes` added to its first tag, not rendered again."""

    VARIES_WITH = ("_", "in_english", "in_language", "english_text", "links")  # the page's language decides them all

    def __init__(self, environment: jinja2.Environment, template: str, item_name: str,
                 narrowing_attributes: Callable | None = None):
        self.environment = environment
        self.template = template
        self.item_name = item_name
        self.narrowing_attributes = narrowing_attributes
        # kind of listing (its variables, and the ids of the page's VARIES_WITH) -> id of an item ->
        # (the objects those ids are of, the item cut where the way to the root goes: see fitted).
        # Keeping the objects keeps them alive, so their ids cannot be reused while the cache lives.
        self.items: dict[tuple, dict[int, tuple[tuple, list[str]]]] = {}

    @jinja2.pass_context
    def __call__(self, context, items, root: str, **variables) -> markup:
        """Each item followed by a line break, for a listing `root` away from the site's root.
        `variables` (the listing's own: heading_level...) must be hashable."""
        cut = self.cutter(context, variables)
        return markup(fitted([cut(item) for item in items], root))

    def cutter(self, context, variables: dict) -> Callable:
        """item -> the item rendered for the page's language and the listing's variables, cut (render):
        from the cache, or rendered now."""
        varying = tuple(context.get(name) for name in self.VARIES_WITH)
        kind = (*variables.items(), *map(id, varying))
        shared = {}
        narrowed = self.narrowing_attributes if variables.get("narrow") else None
        plain = self.cutter(context, {**variables, "narrow": False}) if narrowed else None

        def made(item) -> list[str]:
            if narrowed:
                return with_attributes(plain(item), narrowed(item))
            if not shared:  # made once a listing, and only if an item is not in the cache
                shared.update({**context.get_all(), **variables, "root": ""})
            return self.render(shared, item)

        # Looked up by the item's id alone, in its kind's own dict: a key made for each of a million
        # cards cost more than the lookup
        made_items = self.items.setdefault(kind, {})

        def cut(item) -> list[str]:
            found = made_items.get(id(item))
            if found is None:
                found = made_items[id(item)] = (item, *varying), made(item)
            return found[1]
        return cut

    def render(self, shared: dict, item) -> list[str]:
        """The item as a page at the site's root shows it, cut after each ' href="' of a link to a page
        of the site. Everything an item says is escaped, so ' href="' occurs only where the template put it.
        `shared`: the calling page's variables (its globals among them) with the listing's own."""
        template = self.environment.get_template(self.template)
        # A context of the variables as they are: Template.render would copy the globals into each
        # item's context, key by key (a ChainMap), a third of an item's time at 10,000 services.
        context = template.new_context({**shared, self.item_name: item}, shared=True)
        return SITE_LINK.split(self.environment.concat(template.root_render_func(context)))


class LanguageParts:
    """Parts of every page that differ only by the page's language and depth (the get-help box, the
    footer, the header's links to the main pages, the words My list's script shows), by their
    templates: each is rendered once per language, as ListedItems renders an item, and fitted to each
    page's depth: a service page renders about 20% faster. So their templates may use only the site's
    globals, `root` (in links through link_to) and what ListedItems.VARIES_WITH names. Templates call
    it by the name LANGUAGE_PART."""

    def __init__(self, environment: jinja2.Environment):
        self.environment = environment
        self.parts: dict[str, ListedItems] = {}

    @jinja2.pass_context
    def __call__(self, context, template: str, root: str) -> markup:
        if template not in self.parts:
            self.parts[template] = ListedItems(self.environment, template, "part")
        return markup(f' href="{root}'.join(self.parts[template].cutter(context, {})(None)))


# The start of a link to a page of the site: not to another site (a scheme) or within the page
SITE_LINK = re.compile(r""" href="(?![A-Za-z][A-Za-z0-9+.-]*:|#)""")


def with_attributes(item: list[str], attributes: str) -> list[str]:
    """A cut item (ListedItems.render) with `attributes` at the end of its first tag, before the link
    cuts: a tag closes before any of its links."""
    end = item[0].index(">")
    return [item[0][:end] + attributes + item[0][end:], *item[1:]]


def fitted(items: list[list[str]], root: str) -> str:
    """Cut items (ListedItems.render) put together for a listing `root` away from the site's root: each
    link to a page of the site leads back to the root first."""
    link_start = f' href="{root}'
    return "".join(link_start.join(item) + "\n" for item in items)


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


def markdown_html(entry, page_root: str, links=None) -> str:
    """An entry's Markdown as HTML, with links to other content pointing at their pages (in a
    language's sub-site, `links`: its own pages where it has them, see languages.link_from)."""
    folder = KINDS[entry.document.kind].folder

    def link_for(target: markdown.Target) -> tuple[str, str | None]:
        anchor = f"#{target.fragment}" if target.fragment else ""
        if target.kind == "built":
            return link_from(page_root, f"{url_for(target.slug)}{anchor}", links)
        return link_from(page_root, f"{content_url(KIND_OF_FOLDER[target.folder].name, target.slug)}{anchor}", links)

    return markdown.render(entry.document.html, folder, link_for)


def render_page(environment: jinja2.Environment, page: Page) -> str:
    return environment.get_template(page.template).render(page=page, root=page.root, **page.context)


def render_fragment(environment: jinja2.Environment, template: str, page: Page, **extra) -> str:
    """A partial template on its own, as the page shows it (for search records), with `extra` context."""
    return environment.get_template(template).render(page=page, root=page.root, **{**page.context, **extra})


def write_pages(environment: jinja2.Environment, pages: list[Page], staging, progress=None, cache=None) -> None:
    """Render and write each page (on both cores when there are many: parallel.py), or, with a build
    cache, reuse the last build's file of a page whose inputs did not change (buildcache.PageCache.reuse
    sets its size)."""
    changed = [page for page in pages if cache is None or not cache.reuse(page, staging)]
    parallel.render_all(changed, lambda page: staging.write(page.path, render_page(environment, page)),
                        staging.record_file, progress, sharing_items)


def sharing_items(page: Page) -> str | None:
    """Which pages share listed items (ListedItems keeps them per language): a language's pages that
    are not one entry's (listings, the home page, the finder...), named by the language's folder ("" for
    English). Rendered in one process, they render each item once (parallel.py). An entry's page
    lists a few related guides at most, so it shares too little to matter."""
    return None if page.entry is not None else language_of(page.path) or ""
