"""The site as data: every service, guide and taxonomy term, with the links and groupings pages need.

Built once from validated content, so templates only display and never compute.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

from .load import Content, Document
from .routes import KINDS, TAXONOMY_FOLDERS, content_url, link_url, term_url


@dataclass
class Term:
    kind: str      # categories, needs, age_bands or areas
    id: str
    label: str
    description: str
    synonyms: list[str]
    href: str
    minimum_age: int = 0
    maximum_age: int = 25
    services: list = field(default_factory=list, repr=False)
    guides: list = field(default_factory=list, repr=False)


@dataclass
class Entry:
    """A service, guide or page, ready for templates."""

    document: Document = field(repr=False)
    href: str
    title: str
    summary: str
    stale: bool
    categories: list[Term] = field(default_factory=list, repr=False)
    needs: list[Term] = field(default_factory=list, repr=False)
    all_needs: bool = False
    age_bands: list[Term] = field(default_factory=list, repr=False)
    areas: list[Term] = field(default_factory=list, repr=False)
    related: list = field(default_factory=list, repr=False)
    access_routes: list[Term] = field(default_factory=list, repr=False)
    shows_offline_download: bool = False  # site.yaml's offline_download_guide names it
    body_html: str = ""  # the Markdown body as the page shows it, set when its page is planned
    card_attributes: str | None = field(default=None, repr=False)  # narrowing's data- attributes on its cards, once
    narrowing_values: tuple | None = field(default=None, repr=False)  # narrowing's (filter, value) pairs, once

    @property
    def data(self) -> dict:
        return self.document.data

    @property
    def slug(self) -> str:
        return self.document.slug

    @property
    def listed(self) -> bool:
        return self.data.get("status", "active") != "closed"

    @cached_property  # made once, not once for each of the listings the entry is in
    def specificity(self) -> tuple:
        """Sort key, most specific first: entries for fewer needs, then for fewer ages, then by title.
        An entry for every need, or a guide for no need in particular, comes after every tagged one."""
        general = self.all_needs or not self.needs
        ages = self.data.get("maximum_age", 25) - self.data.get("minimum_age", 0)
        return general, len(self.needs), ages, self.title.lower()

    @property
    def ages(self) -> tuple[int, int]:
        return self.data.get("minimum_age", 0), self.data.get("maximum_age", 25)

    @property
    def cost_text(self) -> str:
        cost = self.data.get("cost")
        if not cost:
            return "Cost not confirmed"
        return "Free" if cost.get("free") else "Paid"

    def related_of(self, kind: str) -> list:
        """The related entries of one kind ("service", "guide"), in order: a guide's page lists each
        kind under its own heading (a filter in the template cost a sixth of a guide page's time)."""
        return [entry for entry in self.related if entry.document.kind == kind]

    @property
    def self_referral(self) -> bool:
        return "self-referral" in (self.data.get("access") or {}).get("routes", [])


@dataclass(frozen=True)
class Link:
    """A link chosen in site.yaml (Get help, footer, home page tasks...)."""
    text: str
    short_text: str  # for running text, e.g. "SENDIASS" rather than the whole line
    href: str


@dataclass
class SiteModel:
    site: dict
    taxonomy: dict[str, dict[str, Term]]
    services: list[Entry]
    guides: list[Entry]
    pages: list[Entry]
    checklist: list[dict]
    today: datetime.date
    feedback: list = field(default_factory=list)
    checklist_lines: object = None  # finds the line of a checklist item, for messages
    access_routes: dict[str, Term] = field(default_factory=dict)
    contributing: Entry | None = None  # the page made from CONTRIBUTING.md

    def listed_services(self) -> list[Entry]:
        return [s for s in self.services if s.listed]

    def links(self, group: str) -> list[Link]:
        """A list of links from site.yaml: get_help, footer, home_tasks or feedback_links."""
        return [Link(link["text"], link.get("short_text", link["text"]), link_url(link))
                for link in self.site.get(group) or []]

    @property
    def help_links(self) -> list[Link]:
        """The "Get help" routes, the same on every page."""
        return self.links("get_help")

    @property
    def footer_links(self) -> list[Link]:
        return self.links("footer")

    def service(self, slug: str) -> Entry | None:
        return next((s for s in self.services if s.slug == slug), None)

    def page(self, slug: str) -> Entry | None:
        return next((p for p in self.pages if p.slug == slug), None)

    def guide(self, slug: str) -> Entry | None:
        return next((g for g in self.guides if g.slug == slug), None)


def build_model(content: Content, today: datetime.date | None = None) -> SiteModel:
    today = today or datetime.date.today()
    review_months = content.site.get("review_period_months", 12)
    taxonomy = {kind: {t["id"]: make_term(kind, t) for t in content.taxonomy.get(kind, [])}
                for kind in TAXONOMY_FOLDERS}
    access_routes = {t["id"]: make_term("access_routes", t) for t in content.taxonomy.get("access_routes", [])}

    def entries(kind: str) -> list[Entry]:
        return [make_entry(d, taxonomy, access_routes, today, review_months) for d in content.documents[kind]]

    services = sorted(entries("service"), key=lambda e: e.title.lower())
    guides = sorted(entries("guide"), key=lambda e: e.title.lower())
    pages = entries("page")
    model = SiteModel(content.site, taxonomy, services, guides, pages,
                      content.checklist.get("items", []), today, feedback=content.feedback,
                      checklist_lines=content.settings_lines.get("checklist"), access_routes=access_routes)
    model.contributing = next((p for p in pages if p.document.path == "CONTRIBUTING.md"), None)
    offline_guide = model.guide(content.site.get("offline_download_guide") or "")
    if offline_guide:
        offline_guide.shows_offline_download = True
    link_related(model)
    for entry in model.listed_services():
        for term in entry.categories + entry.needs + entry.age_bands + entry.areas:
            term.services.append(entry)
    for guide in guides:
        for term in guide.categories + guide.needs + guide.age_bands:
            term.guides.append(guide)
    return model


def make_term(kind: str, raw: dict) -> Term:
    href = term_url(kind, raw["id"]) if kind in TAXONOMY_FOLDERS else ""  # access routes have no page
    return Term(kind, raw["id"], raw["label"], raw.get("description", ""), raw.get("synonyms", []), href,
                raw.get("minimum_age", 0), raw.get("maximum_age", 25))


def make_entry(document: Document, taxonomy, access_routes, today, review_months) -> Entry:
    data = document.data
    reviewed = datetime.date.fromisoformat(data["last_reviewed"])
    kind = KINDS[document.kind]
    entry = Entry(document, content_url(kind.name, document.slug), data[kind.title_field], data["summary"],
                  stale=months_between(reviewed, today) >= review_months)
    pick = lambda kind, ids: [taxonomy[kind][i] for i in ids if i in taxonomy[kind]]  # noqa: E731
    categories = data.get("categories") or ([data["topic"]] if data.get("topic") else [])
    entry.categories = pick("categories", categories)
    entry.all_needs = data.get("needs") == ["all"]
    entry.needs = list(taxonomy["needs"].values()) if entry.all_needs else pick("needs", data.get("needs") or [])
    if document.kind in ("service", "guide"):
        low, high = data.get("minimum_age", 0), data.get("maximum_age", 25)
        entry.age_bands = [band for band in taxonomy["age_bands"].values() if fits_band(low, high, band)]
    entry.areas = pick("areas", data.get("areas") or [])
    routes = (data.get("access") or {}).get("routes") or []
    entry.access_routes = [access_routes[r] for r in routes if r in access_routes]
    return entry


MIN_YEARS_IN_BAND = 2


def fits_band(low: int, high: int, band: Term) -> bool:
    """Whether a service or guide for ages `low` to `high` belongs under an age band: it must serve at
    least two of the band's years (or all of a shorter band), so a service for ages 4 to 16 is not
    offered to the parent of a baby, nor one for 11 to 16 to a young person of 16 to 18."""
    overlap = min(high, band.maximum_age) - max(low, band.minimum_age) + 1
    return overlap >= min(MIN_YEARS_IN_BAND, band.maximum_age - band.minimum_age + 1)


@dataclass
class Listing:
    """The services and guides for one browse page, most specific first."""
    specific: list[Entry]       # services tagged for particular needs
    for_every_need: list[Entry]  # services for all needs, in a group of their own after them
    read_first: list[Entry]      # the few most relevant guides, at the top of the page
    more_guides: list[Entry]     # the other relevant guides
    narrowing_counts: dict | None = field(default=None, repr=False)  # narrowing.choices, once

    @property
    def services(self) -> list[Entry]:
        return self.specific + self.for_every_need


READ_FIRST = 3


def make_listing(services: list[Entry], guides: list[Entry], need: Term | None = None) -> Listing:
    """Rank services and guides for a browse page. With a need, guides tagged for it come first."""
    ranked = sorted(services, key=attrgetter("specificity"))
    guides = sorted(guides, key=lambda g: (need is not None and need not in g.needs, *g.specificity))
    return Listing([s for s in ranked if not s.all_needs], [s for s in ranked if s.all_needs],
                   guides[:READ_FIRST], guides[READ_FIRST:])


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def link_related(model: SiteModel) -> None:
    """Services list their guides and guides their services, in both directions."""
    guides = {g.slug: g for g in model.guides}
    services = {s.slug: s for s in model.services}
    links: dict[int, dict[int, Entry]] = {}  # id(entry) -> related entries, in order, without repeats
    for entry in model.services + model.guides:
        data = entry.data
        related = [guides.get(s) for s in data.get("related_guides", [])]
        related += [services.get(s) for s in data.get("related_services", [])]
        for other in filter(None, related):
            links.setdefault(id(entry), {})[id(other)] = other
            links.setdefault(id(other), {})[id(entry)] = entry
    for entry in model.services + model.guides:
        entry.related = list(links.get(id(entry), {}).values())
