"""Stage 2: check loaded content against the schemas and against itself; fill in defaults.

Every problem is collected (never just the first) so an editor can fix a file in one go.
"""
from __future__ import annotations

import datetime
import difflib

from . import markdown
from .load import Content, Document
from .problems import Problem
from .schemas import is_date, schema_problems

TERM_FIELDS = {"categories": "categories", "needs": "needs", "areas": "areas"}  # field -> taxonomy list
DEFAULTS = {"service": {"status": "active", "minimum_age": 0, "maximum_age": 25, "areas": ["city-wide"]},
            "guide": {"minimum_age": 0, "maximum_age": 25, "needs": []}}
FOLDER_OF = {"service": "services", "guide": "guides", "page": "pages", "feedback": "feedback"}


def validate(content: Content, today: datetime.date | None = None) -> list[Problem]:
    """All problems in the content, errors and warnings, in file and line order."""
    today = today or datetime.date.today()
    problems = list(content.problems)
    schema_dir = content.root / "schemas"
    for name in ("site", "taxonomy", "checklist"):
        data = getattr(content, name)
        if name in content.settings_lines and data:
            lines = content.settings_lines[name]
            problems += schema_problems(data, schema_dir / f"{name}.schema.json", f"content/{name}.yaml", lines.line)
        elif name in content.settings_lines:
            problems.append(Problem(f"content/{name}.yaml", 1, "the file is empty", "add the settings it needs"))
    problems += taxonomy_problems(content)
    index = ContentIndex(content)
    for kind, documents in content.documents.items():
        schema = schema_dir / f"{kind}.schema.json"
        for document in documents:
            problems += schema_problems(document.data, schema, document.path, document.lines.line)
            for key, value in DEFAULTS.get(kind, {}).items():
                document.data.setdefault(key, value)
            # Cross-checks run even on files with schema errors, so one run reports everything.
            problems += document_problems(content, index, document, today)
    problems += duplicate_problems(content)
    problems += checklist_problems(content)
    problems += help_link_problems(content)
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message))


def errors_in(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


def terms(content: Content, name: str) -> dict[str, dict]:
    items = content.taxonomy.get(name) or []
    return {t["id"]: t for t in items if isinstance(t, dict) and isinstance(t.get("id"), str)}


def taxonomy_problems(content: Content) -> list[Problem]:
    problems = []
    lines = content.settings_lines.get("taxonomy")
    for name in ("categories", "needs", "age_bands", "areas"):
        seen = set()
        for index, term in enumerate(content.taxonomy.get(name) or []):
            if isinstance(term, dict) and term.get("id") in seen:
                problems.append(Problem("content/taxonomy.yaml", lines.line([name, index, "id"]),
                                        f"the id '{term['id']}' is used twice in {name}", "give each term its own id"))
            seen.add(term.get("id") if isinstance(term, dict) else None)
    bands = sorted((b for b in content.taxonomy.get("age_bands") or []
                    if isinstance(b, dict) and isinstance(b.get("minimum_age"), int)
                    and isinstance(b.get("maximum_age"), int)), key=lambda b: b["minimum_age"])
    expected = 0
    for band in bands:
        if band["minimum_age"] != expected:
            problems.append(Problem("content/taxonomy.yaml", lines.line(["age_bands"]),
                                    f"the age bands leave out or repeat ages around {expected}",
                                    "make each band start one year after the previous one ends, from 0 to 25"))
        expected = band["maximum_age"] + 1
    if bands and expected != 26:
        problems.append(Problem("content/taxonomy.yaml", lines.line(["age_bands"]),
                                "the age bands do not reach 25", "make the last band end at 25"))
    return problems


class ContentIndex:
    """Lookups built once per run, so checking each file costs the same however many there are."""

    def __init__(self, content: Content):
        self.terms = {name: terms(content, name) for name in ("categories", "needs", "areas")}
        self.slugs = {kind: {d.slug for d in docs} for kind, docs in content.documents.items()}
        self.by_folder = {(FOLDER_OF[d.kind], d.slug): d for docs in content.documents.values() for d in docs}
        self._heading_ids: dict[str, set[str]] = {}

    def heading_ids(self, document: Document) -> set[str]:
        if document.path not in self._heading_ids:
            self._heading_ids[document.path] = markdown.heading_ids(document.body)
        return self._heading_ids[document.path]


def document_problems(content: Content, index: ContentIndex, document: Document,
                      today: datetime.date) -> list[Problem]:
    data, problems = document.data, []
    for field, taxonomy_list in TERM_FIELDS.items():
        problems += unknown_terms(document, field, index.terms[taxonomy_list], allow_all=field == "needs")
    if document.kind == "guide":
        problems += unknown_terms(document, "topic", index.terms["categories"])
    low, high = data.get("minimum_age", 0), data.get("maximum_age", 25)
    if isinstance(low, int) and isinstance(high, int) and 0 <= high < low <= 25:
        problems.append(Problem(document.path, document.line("minimum_age"),
                                f"minimum_age ({data['minimum_age']}) is above maximum_age ({data['maximum_age']})",
                                "swap them, or correct the one that is wrong"))
    problems += date_problems(document, today)
    problems += reference_problems(index, document, "related_guides", "guides")
    problems += reference_problems(index, document, "related_services", "services")
    problems += link_problems(index, document)
    return problems


def unknown_terms(document: Document, field: str, known: dict, allow_all: bool = False) -> list[Problem]:
    value = document.data.get(field)
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    problems = []
    for index, term in enumerate(values):
        if (isinstance(term, str) and term in known) or (allow_all and term == "all" and len(values) == 1):
            continue
        path = (field,) if isinstance(value, str) else (field, index)
        close = difflib.get_close_matches(str(term), list(known), n=1, cutoff=0.6)
        if allow_all and term == "all":
            message, fix = "'all' is listed with other needs", "use [all] on its own, or list the needs"
        else:
            message = f"'{term}' is not one of the {field} in content/taxonomy.yaml"
            fix = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(sorted(known))}"
        problems.append(Problem(document.path, document.line(*path), message, fix))
    return problems


def date_problems(document: Document, today: datetime.date) -> list[Problem]:
    value = document.data.get("last_reviewed")
    if not is_date(value):
        return []  # the schema check has already said so
    reviewed = datetime.date.fromisoformat(value)
    if reviewed > today:
        return [Problem(document.path, document.line("last_reviewed"),
                        f"last_reviewed is {value}, which is in the future",
                        f"use the date the entry was actually checked, today or earlier ({today.isoformat()})")]
    return []


def reference_problems(index: ContentIndex, document: Document, field: str, folder: str) -> list[Problem]:
    existing = index.slugs["guide" if folder == "guides" else "service"]
    problems = []
    slugs = document.data.get(field)
    for index, slug in enumerate(slugs if isinstance(slugs, list) else []):
        if isinstance(slug, str) and slug not in existing:
            close = difflib.get_close_matches(slug, list(existing), n=1, cutoff=0.6)
            fix = f"did you mean '{close[0]}'?" if close else f"use the file name, without its ending, of a file in content/{folder}/"
            problems.append(Problem(document.path, document.line(field, index),
                                    f"there is no {folder[:-1]} called '{slug}'", fix))
    return problems


MAX_LINK_PROBLEMS = 50  # the line of each is found by searching the text, so only for problems


def link_problems(index: ContentIndex, document: Document) -> list[Problem]:
    if not document.body:
        return []
    hrefs, had_html, had_images = markdown.links_in(document.body)
    folder = FOLDER_OF[document.kind]
    existing = index.by_folder
    problems = []
    for href in hrefs:
        if len(problems) >= MAX_LINK_PROBLEMS:  # a file of thousands of broken links must stay quick to check
            problems.append(Problem(document.path, document.body_line, f"there are more than {MAX_LINK_PROBLEMS} "
                                    "broken links in this file", "fix the ones listed, then check again"))
            break
        if not href:  # cmark-gfm blanks dangerous links such as javascript:; show the editor which one
            href = markdown.first_dangerous_link(document.body) or href
        target = markdown.classify(href, folder)
        if target.kind == "bad":
            problems.append(Problem(document.path, body_line_of(document, href),
                                    f"the link '{href or '(empty)'}' is not allowed or does not "
                                    "point to a guide, service or page",
                                    "link to a web address starting https://, or to another file such as "
                                    "'other-guide.md' or '../services/name.yaml'"))
        elif target.kind == "content" and (target.folder, target.slug) not in existing:
            problems.append(Problem(document.path, body_line_of(document, href),
                                    f"the link '{href}' points to a file that does not exist",
                                    f"check the spelling against the files in content/{target.folder}/"))
        elif target.kind == "content" and target.fragment:
            linked = existing[(target.folder, target.slug)]
            if target.fragment not in index.heading_ids(linked):
                problems.append(Problem(document.path, body_line_of(document, href),
                                        f"the link '{href}' points to a heading that does not exist",
                                        "check the part after '#' matches a heading: lower case, hyphens for spaces"))
    if had_html:
        problems.append(Problem(document.path, document.body_line, "the text contains HTML tags, which the site "
                                "does not show", "use Markdown instead, such as **bold** or [link text](address)",
                                warning=True))
    if had_images:
        problems.append(Problem(document.path, document.body_line, "the text contains a picture, which the site does "
                                "not show", "describe it in words instead", warning=True))
    return problems


def body_line_of(document: Document, needle: str) -> int:
    for number, line in enumerate(document.body.split("\n")):
        if needle and needle in line:
            return document.body_line + number
    return document.body_line


def duplicate_problems(content: Content) -> list[Problem]:
    problems = []
    for kind, field in (("service", "name"), ("guide", "title"), ("page", "title")):
        seen: dict[str, Document] = {}
        for document in content.documents[kind]:
            value = document.data.get(field)
            if not isinstance(value, str):
                continue
            key = " ".join(value.lower().split())
            if key in seen:
                problems.append(Problem(document.path, document.line(field),
                                        f"another {kind} already has the {field} '{value}' ({seen[key].path})",
                                        f"give each {kind} its own {field}, or merge the two files"))
            seen.setdefault(key, document)
    # Guides and pages share the top level of the site with other pages, so their slugs must differ.
    slugs: dict[str, Document] = {}
    for document in content.pages:
        if document.slug in RESERVED_PAGE_SLUGS:
            problems.append(Problem(document.path, 0, f"the file name '{document.slug}' is already used by the site",
                                    "choose another file name"))
        slugs[document.slug] = document
    return problems


RESERVED_PAGE_SLUGS = {"services", "guides", "categories", "needs", "ages", "areas", "search", "assets",
                       "find-support", "downloads", "pagefind", "feedback", "schemas"}


def checklist_problems(content: Content) -> list[Problem]:
    lines = content.settings_lines.get("checklist")
    problems = []
    guides = {d.slug for d in content.guides}
    categories = terms(content, "categories")
    for index, item in enumerate(content.checklist.get("items") or []):
        covered = item.get("covered_by") if isinstance(item, dict) else None
        if not isinstance(covered, dict):
            continue
        for field, known in (("guides", guides), ("categories", categories)):
            for position, value in enumerate(covered.get(field) or []):
                if value not in known:
                    close = difflib.get_close_matches(str(value), list(known), n=1, cutoff=0.6)
                    problems.append(Problem("content/checklist.yaml",
                                            lines.line(["items", index, "covered_by", field, position]),
                                            f"there is no {field[:-1]} called '{value}'",
                                            f"did you mean '{close[0]}'?" if close else "check the spelling"))
    return problems


def help_link_problems(content: Content) -> list[Problem]:
    """The links in site.yaml's get_help and footer lists must lead to real files."""
    lines = content.settings_lines.get("site")
    problems = []
    for group in ("get_help", "footer"):
        links = content.site.get(group)
        for index, link in enumerate(links if isinstance(links, list) else []):  # else the schema says so
            for kind in ("service", "guide", "page"):
                slug = link.get(kind) if isinstance(link, dict) else None
                if isinstance(slug, str) and slug and slug not in {d.slug for d in content.documents[kind]}:
                    problems.append(Problem("content/site.yaml", lines.line([group, index, kind]),
                                            f"the link in {group} points to a {kind} '{slug}' that does not exist",
                                            f"use the file name, without its ending, of a file in content/{kind}s/"))
    return problems
