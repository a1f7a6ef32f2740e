"""Which pages the site has: one function per page type, each returning Page objects.

Addresses come from the route registry (routes.py); page titles and breadcrumbs are decided here.
"""
from __future__ import annotations

from itertools import groupby
from urllib.parse import urlsplit

from . import markdown, narrowing
from .languages import N_, Phrase
from .render import Page, markdown_html
from .routes import KINDS, TAXONOMY_FOLDERS, url_for
from .search import search_labels
from .sitemodel import SiteModel, make_listing


class AddressClash(Exception):
    """Two planned pages share an address. Content cannot cause this (validation refuses such files),
    so it is a builder bug, reported as one rather than one page silently replacing the other."""


def plan_pages(model: SiteModel) -> list[Page]:
    pages = [home_page(model), services_a_to_z(model), guides_index(model), search_page(model)]
    pages += [entry_page(model, entry) for entry in model.services + model.guides + model.pages]
    for kind in TAXONOMY_FOLDERS:
        pages.append(taxonomy_index(model, kind))
        pages += [term_page(model, kind, term) for term in model.taxonomy[kind].values()]
    pages += finder_pages(model)
    pages.append(feedback_page(model))
    pages.append(offline_page(model))
    pages.append(not_found_page(model))
    refuse_clashes(pages)
    return pages


def refuse_clashes(pages: list[Page]) -> None:
    seen: dict[str, Page] = {}
    for page in pages:
        if page.path in seen:
            raise AddressClash(f"two pages would be written to {page.path}: "
                               f"'{seen[page.path].title}' ({seen[page.path].source}) and '{page.title}' ({page.source})")
        seen[page.path] = page


def crumb(label: str, name: str, *parts: str) -> tuple[str, str]:
    return label, url_for(name, *parts)


def crumbs(*trail) -> list:
    return [crumb(HOME, "home"), *trail]


# Titles and breadcrumbs are Phrases (English strs that a language's page says in its own words).
HOME, SERVICES, GUIDES = Phrase(N_("Home")), Phrase(N_("Services A to Z")), Phrase(N_("Guides"))
SEARCH, FIND_SUPPORT, OFFLINE = Phrase(N_("Search")), Phrase(N_("Find support")), Phrase(N_("You are offline"))


def home_page(model: SiteModel) -> Page:
    return Page(url_for("home"), "home.html", model.site["name"], source="content/site.yaml",
                context={"taxonomy": model.taxonomy}, offline_download=True)


def services_a_to_z(model: SiteModel) -> Page:
    letters = [(letter, list(group)) for letter, group in
               groupby(model.listed_services(), key=lambda e: first_letter(e.title))]
    return Page(url_for("services"), "services.html", SERVICES,
                crumbs(crumb(SERVICES, "services")), source="content/services",
                context={"letters": letters})


def first_letter(title: str) -> str:
    letter = title[:1].upper()
    return letter if letter.isalpha() else "0-9"


def guides_index(model: SiteModel) -> Page:
    by_topic = [(term, term_guides) for term in model.taxonomy["categories"].values()
                if (term_guides := [g for g in model.guides if term in g.categories])]
    return Page(url_for("guides"), "guides.html", GUIDES, crumbs(crumb(GUIDES, "guides")),
                source="content/guides", context={"by_topic": by_topic})


def search_page(model: SiteModel) -> Page:
    return Page(url_for("search"), "search.html", SEARCH, crumbs(crumb(SEARCH, "search")),
                source="templates/search.html", context={"search_labels": search_labels(model)})


# Each kind's page: its breadcrumb trail (a listing to go back to, if any) and its title's ending,
# which a language's page translates (languages.language_page).
ENTRY_TRAILS = {"service": (SERVICES, "services", N_(" - Services")),
                "guide": (GUIDES, "guides", N_(" - Guides")),
                "page": (None, None, "")}


def entry_page(model: SiteModel, entry) -> Page:
    kind = KINDS[entry.document.kind]
    listing, listing_route, title_ending = ENTRY_TRAILS[kind.name]
    trail = [crumb(listing, listing_route)] if listing else []
    page = Page(entry.href, kind.template, f"{entry.title}{title_ending}",
                crumbs(*trail, (entry.title, entry.href)), source=entry.document.path,
                indexed=entry.listed if kind.name == "service" else kind.name == "guide",
                offline_download=entry.shows_offline_download)
    entry.body_html = markdown_html(entry, page.root)
    page.context = {"entry": entry, "body": entry.body_html, "contents": contents(entry), "who_can_help": WHO_CAN_HELP}
    return page


CONTENTS_FROM = 3  # a guide with this many sections or more opens with a contents list (GOV.UK pattern)
WHO_CAN_HELP = ("services-that-can-help", "Who can help")  # the guide template's heading of that name


def contents(entry) -> list[tuple[str, str]]:
    """A guide's contents list: its sections, then who can help, so contacts are one tap from the top."""
    if entry.document.kind != "guide":
        return []
    items = markdown.sections(entry.body_html)
    helpers = [WHO_CAN_HELP] if entry.related_of("service") else []
    return items + helpers if len(items) >= CONTENTS_FROM else helpers


# Each taxonomy's browse page, titled as the home page's headings that lead there.
BROWSE_TITLES = {"categories": Phrase(N_("Browse by type of support")), "needs": Phrase(N_("Browse by need")),
                 "age_bands": Phrase(N_("Browse by age")), "areas": Phrase(N_("Browse by where you live"))}


def taxonomy_index(model: SiteModel, kind: str) -> Page:
    title = BROWSE_TITLES[kind]
    return Page(url_for(TAXONOMY_FOLDERS[kind]), "terms.html", title, crumbs(crumb(title, TAXONOMY_FOLDERS[kind])),
                source="content/taxonomy.yaml", context={"kind": kind, "terms": list(model.taxonomy[kind].values())})


def term_page(model: SiteModel, kind: str, term) -> Page:
    title = BROWSE_TITLES[kind]
    is_need = kind == "needs"
    listing = make_listing(term.services, term.guides, need=term if is_need else None)
    return Page(term.href, "term.html", Phrase(N_("%(term)s - %(listing)s"), term=term, listing=title),
                crumbs(crumb(title, TAXONOMY_FOLDERS[kind]), (Phrase.of(term), term.href)),
                source="content/taxonomy.yaml",
                context={"kind": kind, "term": term, "listing": listing, "narrowing": narrowing_for(model, listing)})


def narrowing_for(model: SiteModel, listing) -> list:
    """Narrowing controls for a long list of services; none for a short one."""
    return narrowing.choices(search_labels(model), listing) if len(listing.services) > narrowing.NARROW_FROM else []


def finder_pages(model: SiteModel) -> list[Page]:
    """The guided finder: age, then need, then matching services and guides. Static pages, so it
    works without JavaScript and from disk; every combination has a page, none of them empty."""
    finder = crumb(FIND_SUPPORT, "find-support")
    bands = list(model.taxonomy["age_bands"].values())
    pages = [Page(url_for("find-support"), "finder_start.html", FIND_SUPPORT, crumbs(finder),
                  source="content/taxonomy.yaml", context={"bands": bands})]
    for band in bands:
        band_crumb = crumb(Phrase.of(band), "finder-age", band.id)
        choices = [(need, matching_services(band, need)) for need in model.taxonomy["needs"].values()]
        pages.append(Page(band_crumb[1], "finder_age.html", Phrase(N_("%(age)s - Find support"), age=band),
                          crumbs(finder, band_crumb), source="content/taxonomy.yaml",
                          context={"band": band, "choices": choices}))
        for need, services in choices:
            need_crumb = crumb(Phrase.of(need), "finder-result", band.id, need.id)
            listing = make_listing(services, [g for g in band.guides if not g.needs or need in g.needs], need)
            title = Phrase(N_("%(need)s, %(age)s - Find support"), need=need, age=band)
            pages.append(Page(need_crumb[1], "finder_result.html", title,
                              crumbs(finder, band_crumb, need_crumb), source="content/taxonomy.yaml",
                              context={"band": band, "need": need, "listing": listing,
                                       "narrowing": narrowing_for(model, listing)}))
    return pages


def matching_services(band, need) -> list:
    """The band's services for the need, in the band's order. Both lists hold the listed services
    (sitemodel.build_model), so this is the services in both, looked up by identity: comparing terms
    field by field was most of the finder's planning at 10,000 services."""
    for_need = {id(service) for service in need.services}
    return [service for service in band.services if id(service) in for_need]


def feedback_page(model: SiteModel) -> Page:
    """"You said, we did" (regulation 56): families' comments and the response, by year and theme."""
    by_year = {}
    for item in sorted(model.feedback, key=lambda f: (f.data["date"], f.data["theme"]), reverse=True):
        by_year.setdefault(item.data["date"][:4], {}).setdefault(item.data["theme"], []).append(item)
    title = Phrase(N_("You said, we did"))
    return Page(url_for("feedback"), "feedback.html", title, crumbs(crumb(title, "feedback")),
                source="content/feedback", context={"by_year": by_year})


def offline_page(model: SiteModel) -> Page:
    return Page(url_for("offline"), "offline.html", OFFLINE, crumbs(crumb(OFFLINE, "offline")),
                source="templates/offline.html", stand_in=True)


def not_found_page(model: SiteModel) -> Page:
    # A server shows this page at whatever address was asked for, so relative links would break:
    # it alone links from the published address's path.
    return Page(url_for("not-found"), "404.html", Phrase(N_("Page not found")), source="templates/404.html",
                fixed_root=urlsplit(model.site["base_url"]).path, stand_in=True)
