"""The health of the Local Offer, as one report: what is out of date, what is incomplete, what the law
asks for and what is missing, where provision is thin, how plain the guides are, likely duplicates and
facts without a source.

The report is plain JSON-ready data, computed once from the loaded content and the site model. The
build publishes it (report_page.py), `python build.py report` prints it, CI compares the report of a
pull request's base with the change's (report_diff.py), and the weekly reminder issue is written from
it, so every reader sees the same figures.
"""
from __future__ import annotations

import calendar
import datetime
import re
from collections import defaultdict
from difflib import SequenceMatcher

from . import checklist
from .check import readability_scores
from .provenance import supported_kinds
from .sitemodel import Entry, SiteModel

DUE_SOON_DAYS = 30
PLAIN_ENGLISH = 60  # Flesch reading ease the guides aim for
WEAKEST = 10        # how many of the weakest entries the report names
SHARED_CONTACT = 5  # a phone, email or website used by more services than this is a switchboard, not a duplicate
NEAR_NAME = 0.9     # SequenceMatcher ratio above which two names look like one service entered twice


# Freshness ----------------------------------------------------------------------------------------

def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_state(days_left: int) -> str:
    if days_left <= 0:
        return "overdue"
    return "due-soon" if days_left <= DUE_SOON_DAYS else "fresh"


def owner_of(entry: Entry) -> str:
    """Who answers for an entry: the organisation that runs a service, else whoever reviews it."""
    return entry.data.get("organisation") or entry.data.get("reviewed_by") or "Nobody named"


def freshness(model: SiteModel, review_months: int) -> dict:
    rows = []
    for kind, entries in (("service", model.listed_services()), ("guide", model.guides)):
        for entry in entries:
            reviewed = datetime.date.fromisoformat(entry.data["last_reviewed"])
            due = add_months(reviewed, review_months)
            days_left = (due - model.today).days
            rows.append({**entry_ref(entry, kind), "owner": owner_of(entry),
                         "reviewer": entry.data.get("reviewed_by", ""), "last_reviewed": reviewed.isoformat(),
                         "due": due.isoformat(), "days_left": days_left, "state": review_state(days_left)})
    rows.sort(key=lambda row: (row["due"], row["title"].lower()))  # oldest first
    counts = {state: sum(row["state"] == state for row in rows) for state in ("fresh", "due-soon", "overdue")}
    waiting = [row for row in rows if row["state"] != "fresh"]
    return {"counts": counts, "entries": waiting,
            "by_owner": grouped(waiting, "owner"), "by_reviewer": grouped(waiting, "reviewer")}


def grouped(rows: list[dict], key: str) -> list[dict]:
    """Rows grouped by a field, groups in the order of their oldest row (rows come oldest first)."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row[key] or "Nobody named", []).append(row)
    return [{"name": name, "entries": entries} for name, entries in groups.items()]


# Completeness -------------------------------------------------------------------------------------

def contact_routes(data: dict) -> list[str]:
    """The ways a parent can reach a service that a public source backs (see provenance.py)."""
    supported = supported_kinds(data)
    return [kind for contact in data.get("contacts") or [] for kind in ("phone", "email", "website")
            if contact.get(kind) and kind in supported]


def physical_locations(data: dict) -> list[dict]:
    return [place for place in data.get("locations") or [] if place.get("address") or place.get("postcode")]


def delivered_remotely(data: dict) -> bool:
    """The schema has no field for remote delivery yet: a service that only lists places outside
    Nottingham (national helplines and websites) is taken to be delivered remotely."""
    return not physical_locations(data) and (data.get("areas") or []) == ["outside-nottingham"]


# Each field a parent needs: (id, what is missing in words, does this service have it?, does it apply?)
COMPLETENESS_FIELDS = (
    ("contact", "a phone number, email or website with a public source", lambda d: bool(contact_routes(d)), None),
    ("cost", "the cost", lambda d: bool(d.get("cost")), None),
    ("eligibility", "who can use it", lambda d: bool((d.get("access") or {}).get("eligibility")), None),
    ("how_to_ask", "how to ask for it", lambda d: bool((d.get("access") or {}).get("how_to_ask")), None),
    ("ages", "the ages it is for", lambda d: "ages" in d.get("_stated", ()), None),
    ("location", "where it is (or that it is delivered remotely)",
     lambda d: bool(physical_locations(d)) or delivered_remotely(d), None),
    ("opening_times", "opening times", lambda d: bool(d.get("opening_times")), None),
    ("building_access", "the building's accessibility",
     lambda d: all(place.get("accessibility") for place in physical_locations(d)),
     lambda d: bool(physical_locations(d))),
    ("languages", "languages offered", lambda d: bool(d.get("languages")), None),
)


AGES_WRITTEN = re.compile(r"^(?:minimum|maximum)_age\s*:", re.MULTILINE)


def stated_fields(entry: Entry) -> dict:
    """The service's data, noting whether its ages were written in the file (validation fills in 0 to
    25 when they are not, which says nothing)."""
    written = AGES_WRITTEN.search(entry.document.lines.text)
    return {**entry.data, "_stated": ("ages",) if written else ()}


def completeness_of(entry: Entry) -> dict:
    data = stated_fields(entry)
    applicable = [(field_id, words, has) for field_id, words, has, applies in COMPLETENESS_FIELDS
                  if applies is None or applies(data)]
    missing = [(field_id, words) for field_id, words, has in applicable if not has(data)]
    score = round(100 * (len(applicable) - len(missing)) / len(applicable))
    return {**entry_ref(entry, "service"), "score": score, "missing": [words for _, words in missing]}


def completeness(model: SiteModel) -> dict:
    rows = sorted((completeness_of(entry) for entry in model.listed_services()),
                  key=lambda row: (row["score"], row["title"].lower()))
    average = round(sum(row["score"] for row in rows) / len(rows), 1) if rows else 0
    lacking = {words: sum(words in row["missing"] for row in rows) for _, words, *_ in COMPLETENESS_FIELDS}
    return {"average": average, "services": rows, "weakest": rows[:WEAKEST],
            "fields": [{"id": field_id, "label": words, "services_lacking": lacking[words]}
                       for field_id, words, *_ in COMPLETENESS_FIELDS]}


# Statutory coverage -------------------------------------------------------------------------------

def coverage(content, model: SiteModel) -> list[dict]:
    guides = {guide.slug: guide for guide in model.guides}
    categories = model.taxonomy["categories"]
    return [{"id": row.item.get("id", ""), "title": row.item.get("title", ""),
             "reference": row.item.get("reference", ""), "covered": row.covered,
             "guides": [{"slug": slug, "title": guides[slug].title, "href": guides[slug].href}
                        for slug in row.guides if slug in guides],
             "categories": [{"id": term_id, "label": categories[term_id].label, "href": categories[term_id].href}
                            for term_id in row.categories if term_id in categories]}
            for row in checklist.content_coverage(content)]  # the computation check and build use


# Gaps in provision --------------------------------------------------------------------------------

def grid(title: str, rows: list, columns: list, count, row_heading: str, column_heading: str, note: str = "") -> dict:
    counts = [[count(row, column) for column in columns] for row in rows]
    return {"title": title, "note": note, "row_heading": row_heading, "column_heading": column_heading,
            "rows": [{"id": term.id, "label": term.label, "href": term.href} for term in rows],
            "columns": [{"id": term.id, "label": term.label, "href": term.href} for term in columns],
            "counts": counts,
            "empty": [[row.id, column.id] for row, line in zip(rows, counts)
                      for column, number in zip(columns, line) if number == 0]}


CITY_WIDE_NOTE = ("A service is counted in the areas its entry names. Services for all of Nottingham have "
                  "their own row: families in every area can use them.")


def gaps(model: SiteModel) -> dict:
    taxonomy = model.taxonomy
    active = [s for s in model.services if s.data.get("status", "active") == "active"]
    needs_by_age = defaultdict(int)
    categories_by_area = defaultdict(int)
    for service in active:
        for need in service.needs:
            for band in service.age_bands:
                needs_by_age[need.id, band.id] += 1
        for category in service.categories:
            for area in service.areas:
                categories_by_area[area.id, category.id] += 1
    guides_by_topic = defaultdict(int)
    for guide in model.guides:
        for topic in guide.categories:
            for band in guide.age_bands:
                guides_by_topic[topic.id, band.id] += 1
    needs, bands = list(taxonomy["needs"].values()), list(taxonomy["age_bands"].values())
    categories, areas = list(taxonomy["categories"].values()), list(taxonomy["areas"].values())
    return {
        "needs_by_age": grid("Active services for each need and age band", needs, bands,
                             lambda row, column: needs_by_age[row.id, column.id], "Need", "Age band"),
        "categories_by_area": grid("Active services for each type of support and area", areas, categories,
                                   lambda row, column: categories_by_area[row.id, column.id], "Area",
                                   "Type of support", CITY_WIDE_NOTE),
        "guides_by_topic": grid("Guides for each topic and age band", categories, bands,
                                lambda row, column: guides_by_topic[row.id, column.id], "Topic", "Age band"),
    }


# Plain English ------------------------------------------------------------------------------------

def plain_english(model: SiteModel) -> list[dict]:
    guides = {guide.slug: guide for guide in model.guides}
    return [{**entry_ref(guides[slug], "guide"), "score": round(score, 1), "plain": score >= PLAIN_ENGLISH}
            for slug, score in readability_scores(model)]  # worst first, as the build prints them


# Likely duplicates --------------------------------------------------------------------------------

def phone_key(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return "0" + digits[2:] if digits.startswith("44") else digits


def website_key(value: str) -> str:
    value = re.sub(r"^https?://(www\.)?", "", value.strip().lower())
    return value.rstrip("/")


CONTACT_KEYS = {"phone": phone_key, "email": lambda value: value.strip().lower(), "website": website_key}
NAME_FILLER = {"the", "and", "of", "for", "service", "services", "nottingham", "city"}


def name_key(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", name.lower().replace("&", " and "))
    return " ".join(word for word in words if word not in NAME_FILLER)


def names_match(first: str, second: str) -> bool:
    """Near-identical names, except that different numbers mean different services (pathway 1 and 2)."""
    if re.findall(r"\d+", first) != re.findall(r"\d+", second):
        return False
    return first == second or SequenceMatcher(None, first, second).ratio() >= NEAR_NAME


def duplicates(model: SiteModel) -> dict:
    services = model.listed_services()
    by_value: dict[tuple[str, str], dict[str, Entry]] = defaultdict(dict)  # (field, value) -> slug -> service
    written: dict[tuple[str, str], str] = {}  # each value as first written, to show
    for service in services:
        for contact in service.data.get("contacts") or []:
            for kind, key in CONTACT_KEYS.items():
                if contact.get(kind):
                    value = key(contact[kind])
                    by_value[kind, value].setdefault(service.slug, service)
                    written.setdefault((kind, value), contact[kind].strip())
    groups, shared = [], []
    for (kind, key), by_slug in sorted(by_value.items()):
        value, entries = written[kind, key], list(by_slug.values())
        if len(entries) > SHARED_CONTACT:
            shared.append({"field": kind, "value": value, "services": len(entries)})
        elif len(entries) > 1:
            groups.append({"reason": f"same {kind}: {value}", "services": [entry_ref(e, "service") for e in entries]})
    groups += similar_names(services)
    return {"groups": groups, "shared_contacts": shared}


def similar_names(services: list[Entry]) -> list[dict]:
    """Pairs with near-identical names. Names are compared only within buckets (same start, or same
    end, and the same numbers), so 10,000 services do not make 50 million comparisons."""
    keys = {id(service): name_key(service.title) for service in services}
    buckets: dict[tuple, list[Entry]] = defaultdict(list)
    for service in services:
        key = keys[id(service)]
        numbers = tuple(re.findall(r"\d+", key))
        letters = key.replace(" ", "")
        buckets["start", letters[:6], numbers].append(service)
        buckets["end", letters[-6:], numbers].append(service)
    pairs = {}
    for bucket in buckets.values():
        for index, first in enumerate(bucket):
            for second in bucket[index + 1:]:
                pair = tuple(sorted((first.slug, second.slug)))
                if pair not in pairs and names_match(keys[id(first)], keys[id(second)]):
                    pairs[pair] = [first, second]
    return [{"reason": f"near-identical names: '{a.title}' and '{b.title}'",
             "services": [entry_ref(a, "service"), entry_ref(b, "service")]}
            for a, b in (pairs[pair] for pair in sorted(pairs))]


# Provenance ---------------------------------------------------------------------------------------

def stated_facts(data: dict) -> list[str]:
    facts = [kind for kind in ("phone", "email", "website")
             if any(contact.get(kind) for contact in data.get("contacts") or [])]
    if physical_locations(data):
        facts.append("address")
    return facts


def provenance(model: SiteModel, review_months: int) -> dict:
    """Facts no source supports, and sources not seen within the review period. Services have no
    `sources` list until that field is added; until then every fact is unsourced."""
    unsourced, old_sources = [], []
    for service in model.listed_services():
        sources = [s for s in service.data.get("sources") or [] if isinstance(s, dict)]
        supported = {fact for source in sources for fact in source.get("supports") or []}
        missing = [fact for fact in stated_facts(service.data) if fact not in supported]
        if missing:
            unsourced.append({**entry_ref(service, "service"), "facts": missing})
        for source in sources:
            seen = source_date(source.get("seen"))
            if seen and add_months(seen, review_months) <= model.today:
                old_sources.append({**entry_ref(service, "service"), "url": source.get("url", ""),
                                    "seen": seen.isoformat()})
    return {"unsourced": unsourced, "old_sources": old_sources}


def source_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


# The whole report ---------------------------------------------------------------------------------

def entry_ref(entry: Entry, kind: str) -> dict:
    return {"kind": kind, "slug": entry.slug, "title": entry.title, "path": entry.document.path, "href": entry.href}


def build_report(content, model: SiteModel) -> dict:
    review_months = content.site.get("review_period_months", 12)
    report = {
        "today": model.today.isoformat(),
        "review_period_months": review_months,
        "freshness": freshness(model, review_months),
        "completeness": completeness(model),
        "coverage": coverage(content, model),
        "gaps": gaps(model),
        "plain_english": plain_english(model),
        "duplicates": duplicates(model),
        "provenance": provenance(model, review_months),
    }
    report["headline"] = headline(report, model)
    return report


def headline(report: dict, model: SiteModel) -> dict:
    counts = report["freshness"]["counts"]
    return {"services": len(model.listed_services()), "guides": len(model.guides),
            "fresh": counts["fresh"], "due_soon": counts["due-soon"], "overdue": counts["overdue"],
            "average_completeness": report["completeness"]["average"],
            "checklist_covered": sum(row["covered"] for row in report["coverage"]),
            "checklist_items": len(report["coverage"]),
            "empty_need_and_age": len(report["gaps"]["needs_by_age"]["empty"]),
            "guides_below_plain_english": sum(not row["plain"] for row in report["plain_english"]),
            "likely_duplicates": len(report["duplicates"]["groups"]),
            "unsourced_services": len(report["provenance"]["unsourced"])}


HEADLINE_WORDS = (
    ("services", "Services listed"), ("guides", "Guides"),
    ("overdue", "Past their review date"), ("due_soon", f"Due for review within {DUE_SOON_DAYS} days"),
    ("fresh", "Reviewed recently"), ("average_completeness", "Average completeness of services (%)"),
    ("checklist_covered", "Legal requirements covered"), ("checklist_items", "Legal requirements in the checklist"),
    ("empty_need_and_age", "Need and age band pairs with no active service"),
    ("guides_below_plain_english", f"Guides below reading ease {PLAIN_ENGLISH}"),
    ("likely_duplicates", "Possible duplicate entries"),
    ("unsourced_services", "Services with facts that have no source"),
)


def summary_text(report: dict) -> str:
    """What `python build.py report` prints: the headline, then what needs doing, worst first."""
    lines = [f"Local Offer content health on {report['today']} "
             f"(review period {report['review_period_months']} months)", ""]
    lines += [f"  {words}: {report['headline'][key]}" for key, words in HEADLINE_WORDS]
    waiting = report["freshness"]["entries"]
    if waiting:
        lines += ["", "Past or near their review date (oldest first):"]
        lines += [f"  {row['path']}: {'overdue since' if row['state'] == 'overdue' else 'due on'} {row['due']} "
                  f"({row['owner']})" for row in waiting]
    weakest = [row for row in report["completeness"]["weakest"] if row["missing"]]
    if weakest:
        lines += ["", "Least complete services:"]
        lines += [f"  {row['score']:3d}%  {row['path']}: missing {'; '.join(row['missing'])}" for row in weakest]
    gaps_found = [row for row in report["coverage"] if not row["covered"]]
    if gaps_found:
        lines += ["", "Legal requirements nothing published covers:"]
        lines += [f"  {row['id']}: {row['title']}" for row in gaps_found]
    empty = report["gaps"]["needs_by_age"]["empty"]
    if empty:
        lines += ["", f"Need and age band pairs with no active service: {len(empty)}"]
        lines += [f"  {need} aged {band}" for need, band in empty[:20]]
        lines += [f"  ... and {len(empty) - 20} more (see the report page)"] if len(empty) > 20 else []
    below = [row for row in report["plain_english"] if not row["plain"]]
    if below:
        lines += ["", f"Guides below reading ease {PLAIN_ENGLISH}:"]
        lines += [f"  {row['score']:5.1f}  {row['path']}" for row in below]
    if report["duplicates"]["groups"]:
        lines += ["", "Possible duplicates:"]
        lines += [f"  {group['reason']}: " + ", ".join(s["path"] for s in group["services"])
                  for group in report["duplicates"]["groups"]]
    unsourced = report["provenance"]["unsourced"]
    if unsourced:
        lines += ["", f"Services with facts that have no source: {len(unsourced)}"]
        lines += [f"  {row['path']}: {', '.join(row['facts'])}" for row in unsourced[:WEAKEST]]
        lines += [f"  ... and {len(unsourced) - WEAKEST} more"] if len(unsourced) > WEAKEST else []
    return "\n".join(lines)
