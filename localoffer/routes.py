"""Where everything lives: each content kind's folder, file type, schema, address and template, and
the address of every page the site builds itself.

This is the one place that knows the site's addresses. Loading, validation, link rewriting, page
planning, scaffolds, change summaries and templates (through `url_for`) all ask it, so a new kind of
content or a moved page is one edit here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ContentKind:
    name: str                 # service, guide, page, feedback
    folder: str               # its folder in content/
    extension: str            # .yaml or .md (Markdown with YAML front matter)
    title_field: str          # the field parents see as its name
    route: str | None         # the ROUTES entry of its page; None if it has no page of its own
    template: str | None
    defaults: dict = field(default_factory=dict)  # filled in after validation

    @property
    def schema(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def is_markdown(self) -> bool:
        return self.extension == ".md"

    @property
    def linkable(self) -> bool:
        """Whether Markdown may link to its files (`../services/x.yaml`) and site.yaml may name them."""
        return self.route is not None


KINDS: dict[str, ContentKind] = {kind.name: kind for kind in (
    ContentKind("service", "services", ".yaml", "name", "service", "service.html",
                {"status": "active", "minimum_age": 0, "maximum_age": 25, "areas": ["city-wide"]}),
    ContentKind("guide", "guides", ".md", "title", "guide", "guide.html",
                {"minimum_age": 0, "maximum_age": 25, "needs": []}),
    ContentKind("page", "pages", ".md", "title", "page", "page.html"),
    ContentKind("feedback", "feedback", ".yaml", "said", None, None),
)}
KIND_OF_FOLDER = {kind.folder: kind for kind in KINDS.values()}

# CONTRIBUTING.md, GitHub's place for the contributors' guide, is published as this page too.
CONTRIBUTING_FILE = "CONTRIBUTING.md"
CONTRIBUTING_SLUG = "help-improve-this-site"

# The four taxonomy lists, each browsable at /<folder>/<id>/.
TAXONOMY_FOLDERS = {"categories": "categories", "needs": "needs", "age_bands": "ages", "areas": "areas"}

# Every address in the site, by name. "{}" parts are slugs or term ids, checked by url_for.
ROUTES = {
    "home": "index.html",
    "service": "services/{}/index.html",
    "services": "services/index.html",
    "guide": "guides/{}/index.html",
    "guides": "guides/index.html",
    "page": "{}/index.html",
    "categories": "categories/index.html",
    "category": "categories/{}/index.html",
    "needs": "needs/index.html",
    "need": "needs/{}/index.html",
    "ages": "ages/index.html",
    "age": "ages/{}/index.html",
    "areas": "areas/index.html",
    "area": "areas/{}/index.html",
    "find-support": "find-support/index.html",
    "finder-age": "find-support/{}/index.html",
    "finder-result": "find-support/{}/{}/index.html",
    "search": "search/index.html",
    "search-fallback": "search/fallback-index.js",
    "search-vocabulary": "search/vocabulary.js",
    "search-question-words": "search/question-words.js",
    "feedback": "feedback/index.html",
    "offline": "offline/index.html",
    "content-health": "about/content-health/index.html",
    "content-health-json": "about/content-health.json",
    "not-found": "404.html",
    "offline-zip": "downloads/local-offer-offline.zip",
    "schema": "schemas/{}",
    "pagefind": "pagefind/pagefind.js",
    "sitemap": "sitemap.xml",
    "robots": "robots.txt",
    "web-manifest": "manifest.webmanifest",
    "offline-manifest": "offline-manifest.json",
    "service-worker": "sw.js",
    "icon": "icons/{}",
    "asset": "assets/{}",
    # Open Referral UK (HSDS-UK 3.0): static files shaped like the standard's API responses.
    "openreferral": "openreferral/index.json",
    "openreferral-services": "openreferral/services.json",
    "openreferral-service": "openreferral/services/{}.json",
    "openreferral-taxonomies": "openreferral/taxonomies.json",
    "openreferral-taxonomy": "openreferral/taxonomies/{}.json",
    "openreferral-taxonomy-terms": "openreferral/taxonomy_terms.json",
    "openreferral-taxonomy-term": "openreferral/taxonomy_terms/{}.json",
    "openreferral-package": "downloads/local-offer-open-referral-csv.zip",
    "use-our-data": "use-our-data/index.html",
    # Printed booklets: the whole directory and one per age band ("all" or an age band id), A4 or A5.
    "booklet": "downloads/booklets/local-offer-{}-{}.pdf",
    "my-list": "my-list/index.html",
    "my-list-data": "my-list/items.js",
}
TERM_ROUTES = {"categories": "category", "needs": "need", "age_bands": "age", "areas": "area"}
# Built pages that site.yaml may link to with `built: <name>` (the site schema's enum says the same,
# and a test keeps the two in step).
LINKABLE_BUILT = ("feedback", "search", "find-support", "services", "guides", "content-health", "use-our-data",
                  "my-list")
# Pages a server shows in place of another, never listed in the sitemap or linked from home.
STAND_IN_PAGES = ("not-found", "offline")

# Names the site's own pages and files take at its top level, where content pages also live.
RESERVED_NAMES = frozenset(pattern.split("/")[0] for pattern in ROUTES.values() if not pattern.startswith("{}"))
# Each language other than English is a sub-site at the top level, under its code (ur/, pl/), so every
# two- or three-letter name is kept for languages, whether the site has that language yet or not.
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def is_reserved_name(name: str) -> bool:
    """Whether a top-level name belongs to the site itself (its own pages, or a language's sub-site)."""
    return name in RESERVED_NAMES or bool(LANGUAGE_CODE.match(name))


def language_of(path: str) -> str | None:
    """The language whose sub-site holds a site path ("ur" for ur/guides/index.html), or None for
    the English site at the root: the reverse of in_language."""
    first, slash, _ = path.partition("/")
    return first if slash and LANGUAGE_CODE.match(first) else None


def in_language(language: str | None, path: str) -> str:
    """A site path inside a language's sub-site: ("ur", "guides/index.html") -> ur/guides/index.html.
    No language (None or "") is the English site at the root."""
    if language and not LANGUAGE_CODE.match(language):
        raise RouteError(f"'{language}' is not a language code")
    return f"{language}/{path}" if language else path


def url_in(language: str | None, name: str, *parts: str) -> str:
    """url_for inside a language's sub-site: url_in("ur", "search") -> ur/search/index.html."""
    return in_language(language, url_for(name, *parts))


class RouteError(ValueError):
    """A part of an address that is not a plain slug: never written, whatever produced it."""


def url_for(name: str, *parts: str) -> str:
    """The site path of a named route, e.g. url_for("service", "futures") -> services/futures/index.html.

    Parts must be plain slugs (lower-case letters, digits, single hyphens) or, for schemas, icons and
    assets, plain file names, so no address can climb out of the site.
    """
    pattern = ROUTES[name]
    if pattern.count("{}") != len(parts):
        raise RouteError(f"the address '{name}' takes {pattern.count('{}')} parts, not {len(parts)}")
    for part in parts:
        if not is_slug(part) and not (name in ("schema", "icon", "asset") and is_file_path(part)):
            raise RouteError(f"'{part}' cannot be part of a web address")
    return pattern.format(*parts)


def is_slug(text) -> bool:
    return isinstance(text, str) and bool(SLUG.match(text))


def is_file_path(text: str) -> bool:
    return all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", part) for part in text.split("/"))


def content_url(kind: str, slug: str) -> str:
    """The page of a content file, by its kind's route."""
    return url_for(KINDS[kind].route, slug)


def term_url(taxonomy_list: str, term_id: str) -> str:
    return url_for(TERM_ROUTES[taxonomy_list], term_id)


def built_url(name: str) -> str:
    return url_for(name)


def link_url(link: dict) -> str:
    """A link from site.yaml, such as {service: futures} or {built: feedback}, as a site path."""
    for kind in ("service", "guide", "page"):
        if kind in link:
            return content_url(kind, link[kind])
    return built_url(link["built"])


def link_target(link) -> tuple[str, str] | None:
    """(kind, name) of a site.yaml link, kind being service, guide, page or built."""
    if not isinstance(link, dict):
        return None
    return next(((kind, link[kind]) for kind in ("service", "guide", "page", "built") if kind in link), None)
