"""Which pages the site has: one function per page type, each returning Page objects."""
from __future__ import annotations

from itertools import groupby
from urllib.parse import urlsplit

from .render import Page, markdown_html
from .sitemodel import TAXONOMY_FOLDERS, TAXONOMY_TITLES, SiteModel

HOME = ("Home", "index.html")


def plan_pages(model: SiteModel) -> list[Page]:
    pages = [home_page(model), services_a_to_z(model), guides_index(model), search_page(model)]
    pages += [service_page(model, entry) for entry in model.services]
    pages += [guide_page(model, entry) for entry in model.guides]
    pages += [content_page(model, entry) for entry in model.pages]
    for kind in TAXONOMY_FOLDERS:
        pages.append(taxonomy_index(model, kind))
        pages += [term_page(model, kind, term) for term in model.taxonomy[kind].values()]
    pages += finder_pages(model)
    pages.append(feedback_page(model))
    pages.append(Page("offline/index.html", "offline.html", "You are offline", crumbs(("You are offline", "offline/index.html")),
                      source="templates/offline.html"))
    pages.append(not_found_page(model))
    return pages


def crumbs(*trail) -> list:
    return [HOME, *trail]


def home_page(model: SiteModel) -> Page:
    return Page("index.html", "home.html", model.site["name"], source="content/site.yaml",
                context={"taxonomy": model.taxonomy})


def services_a_to_z(model: SiteModel) -> Page:
    letters = [(letter, list(group)) for letter, group in
               groupby(model.listed_services(), key=lambda e: first_letter(e.title))]
    return Page("services/index.html", "services.html", "Services A to Z",
                crumbs(("Services A to Z", "services/index.html")), source="content/services",
                context={"letters": letters})


def first_letter(title: str) -> str:
    letter = title[:1].upper()
    return letter if letter.isalpha() else "0-9"


def guides_index(model: SiteModel) -> Page:
    by_topic = [(term, term_guides) for term in model.taxonomy["categories"].values()
                if (term_guides := [g for g in model.guides if term in g.categories])]
    return Page("guides/index.html", "guides.html", "Guides", crumbs(("Guides", "guides/index.html")),
                source="content/guides", context={"by_topic": by_topic})


def search_page(model: SiteModel) -> Page:
    return Page("search/index.html", "search.html", "Search", crumbs(("Search", "search/index.html")),
                source="templates/search.html", context={"search_labels": search_labels(model)})


def search_labels(model: SiteModel) -> dict:
    """Names for the search filters and their values, so the address bar can hold short ids."""
    labels = {name: {"title": title, "values": {t.id: t.label for t in model.taxonomy[kind].values()}}
              for name, kind, title in (("category", "categories", "Type of support"), ("need", "needs", "Need"),
                                        ("age", "age_bands", "Age"), ("area", "areas", "Area"))}
    labels["type"] = {"title": "Show", "values": {"service": "Services", "guide": "Guides"}}
    labels["cost"] = {"title": "Cost", "values": {"free": "Free", "paid": "Paid"}}
    labels["access"] = {"title": "How to get it", "values": {"self-referral": "You can contact them yourself",
                                                            "referral-needed": "Needs a referral"}}
    return labels


def service_page(model: SiteModel, entry) -> Page:
    page = Page(entry.href, "service.html", f"{entry.title} - Services",
                crumbs(("Services A to Z", "services/index.html"), (entry.title, entry.href)),
                source=entry.document.path, indexed=entry.listed)
    page.context = {"entry": entry, "body": markdown_html(entry, page.root)}
    return page


def guide_page(model: SiteModel, entry) -> Page:
    page = Page(entry.href, "guide.html", f"{entry.title} - Guides",
                crumbs(("Guides", "guides/index.html"), (entry.title, entry.href)),
                source=entry.document.path, indexed=True)
    page.context = {"entry": entry, "body": markdown_html(entry, page.root)}
    return page


def content_page(model: SiteModel, entry) -> Page:
    page = Page(entry.href, "page.html", entry.title, crumbs((entry.title, entry.href)),
                source=entry.document.path)
    page.context = {"entry": entry, "body": markdown_html(entry, page.root)}
    return page


def taxonomy_index(model: SiteModel, kind: str) -> Page:
    folder, title = TAXONOMY_FOLDERS[kind], f"Browse by {TAXONOMY_TITLES[kind].lower()}"
    return Page(f"{folder}/index.html", "terms.html", title, crumbs((title, f"{folder}/index.html")),
                source="content/taxonomy.yaml", context={"kind": kind, "terms": list(model.taxonomy[kind].values())})


def term_page(model: SiteModel, kind: str, term) -> Page:
    folder, title = TAXONOMY_FOLDERS[kind], f"Browse by {TAXONOMY_TITLES[kind].lower()}"
    return Page(term.href, "term.html", f"{term.label} - {title}",
                crumbs((title, f"{folder}/index.html"), (term.label, term.href)),
                source="content/taxonomy.yaml", context={"kind": kind, "term": term})


FINDER = ("Find support", "find-support/index.html")


def finder_pages(model: SiteModel) -> list[Page]:
    """The guided finder: age, then need, then matching services and guides. Static pages, so it
    works without JavaScript and from disk; every combination has a page, none of them empty."""
    bands = list(model.taxonomy["age_bands"].values())
    pages = [Page("find-support/index.html", "finder_start.html", "Find support", crumbs(FINDER),
                  source="content/taxonomy.yaml", context={"bands": bands})]
    for band in bands:
        band_href = f"find-support/{band.id}/index.html"
        choices = [(need, matching_services(band, need)) for need in model.taxonomy["needs"].values()]
        pages.append(Page(band_href, "finder_age.html", f"{band.label} - Find support",
                          crumbs(FINDER, (band.label, band_href)), source="content/taxonomy.yaml",
                          context={"band": band, "choices": choices}))
        for need, services in choices:
            href = f"find-support/{band.id}/{need.id}/index.html"
            guides = [g for g in band.guides if not g.needs or need in g.needs]
            pages.append(Page(href, "finder_result.html", f"{need.label}, {band.label} - Find support",
                              crumbs(FINDER, (band.label, band_href), (need.label, href)),
                              source="content/taxonomy.yaml",
                              context={"band": band, "need": need, "services": services, "guides": guides}))
    return pages


def matching_services(band, need) -> list:
    return [service for service in band.services if need in service.needs]


def feedback_page(model: SiteModel) -> Page:
    """"You said, we did" (regulation 56): families' comments and the response, by year and theme."""
    by_year = {}
    for item in sorted(model.feedback, key=lambda f: (f.data["date"], f.data["theme"]), reverse=True):
        by_year.setdefault(item.data["date"][:4], {}).setdefault(item.data["theme"], []).append(item)
    return Page("feedback/index.html", "feedback.html", "You said, we did",
                crumbs(("You said, we did", "feedback/index.html")), source="content/feedback",
                context={"by_year": by_year})


def not_found_page(model: SiteModel) -> Page:
    # A server shows this page at whatever address was asked for, so relative links would break:
    # it alone links from the published address's path.
    return Page("404.html", "404.html", "Page not found", source="templates/404.html",
                fixed_root=urlsplit(model.site["base_url"]).path)
