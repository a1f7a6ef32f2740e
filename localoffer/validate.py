"""Stage 2: check loaded content against the schemas and against itself; fill in defaults.

Every problem is collected (never just the first) so an editor can fix a file in one go.
"""
from __future__ import annotations

import datetime

from . import checklist, markdown, openreferral, parallel
from .load import Content, Document
from .problems import Problem, errors_in  # noqa: F401 (errors_in is part of this stage's interface)
from .languages import translation_problems
from .routes import KINDS, LINKABLE_BUILT, content_url, is_reserved_name, is_slug, link_target
from .editlinks import pattern_problems
from .provenance import unsourced_facts
from .scaffold import PLACEHOLDERS
from .schemas import is_date, schema_problems
from .suggest import did_you_mean, one_of

TERM_FIELDS = {"categories": "categories", "needs": "needs", "areas": "areas"}  # field -> taxonomy list
TAXONOMY_LISTS = ("categories", "needs", "age_bands", "areas", "access_routes")
SITE_LINK_LISTS = ("get_help", "footer", "home_tasks", "feedback_links")


def validate(content: Content, today: datetime.date | None = None, passes=None) -> list[Problem]:
    """All problems in the content, errors and warnings, in file and line order. `passes`
    (buildcache.SchemaPasses) skips the schema check of a file that passed it unchanged before."""
    today = today or datetime.date.today()
    check_schema = passes.problems if passes is not None else lambda check, *arguments: check(*arguments)
    problems = list(content.problems)
    schema_dir = content.root / "schemas"
    for name in ("site", "taxonomy", "checklist"):
        data = getattr(content, name)
        if name in content.settings_lines and data:
            lines = content.settings_lines[name]
            problems += schema_problems(data, schema_dir / f"{name}.schema.json", f"content/{name}.yaml", lines.line)
        elif name in content.settings_lines:
            problems.append(Problem(f"content/{name}.yaml", 1, "the file is empty", "add the settings it needs",
                                    code="empty-file"))
    problems += taxonomy_problems(content)
    index = ContentIndex(content)

    def check_documents(documents: list[Document]) -> tuple[list[Problem], set[str]]:
        """The documents' own problems, and the schema passes found (for the forked process to send)."""
        found = []
        for document in documents:
            found += check_schema(schema_problems, document.data, schema_dir / KINDS[document.kind].schema,
                                  document.path, document.lines.line)
            with_defaults(document)
            # Cross-checks run even on files with schema errors, so one run reports everything.
            found += document_problems(index, document, today)
            document.lines.release()  # its lines are found; keeping every file's node tree costs memory
        return found, passes.passed if passes is not None else set()

    # Each document is checked on its own: half of them in a second process (parallel.in_two). What
    # that process does to them is lost, so the defaults are filled in here too.
    every_document = [document for documents in content.documents.values() for document in documents]
    for found, passed in parallel.in_two(every_document, check_documents):
        problems += found
        if passes is not None:
            passes.passed |= passed
    for document in every_document:
        with_defaults(document)
    problems += duplicate_problems(content)
    problems += address_problems(content)
    problems += translation_problems(content)  # guide.ur.md files and services' translations (languages.py)
    problems += checklist_problems(content, index)
    problems += site_link_problems(content, index)
    problems += openreferral.id_problems(content)  # the permanent ids other directories know services by
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message))


def with_defaults(document: Document) -> None:
    """Fill in the optional fields a file left out (after its schema check, which sees the file as written)."""
    for key, value in KINDS[document.kind].defaults.items():
        document.data.setdefault(key, value)


def terms(content: Content, name: str) -> dict[str, dict]:
    items = content.taxonomy.get(name) or []
    return {t["id"]: t for t in items if isinstance(t, dict) and isinstance(t.get("id"), str)}


def taxonomy_problems(content: Content) -> list[Problem]:
    problems = []
    lines = content.settings_lines.get("taxonomy")
    for name in TAXONOMY_LISTS:
        seen = set()
        for index, term in enumerate(content.taxonomy.get(name) or []):
            term_id = term.get("id") if isinstance(term, dict) else None
            if not isinstance(term_id, str):
                continue  # the schema check says what is wrong
            if term_id in seen:
                problems.append(Problem("content/taxonomy.yaml", lines.line([name, index, "id"]),
                                        f"the id '{term_id}' is used twice in {name}", "give each term its own id",
                                        code="taxonomy-duplicate-id"))
            # Term ids become web addresses; the schema says so too, but the schema is content.
            if name != "access_routes" and not is_slug(term_id):
                problems.append(Problem("content/taxonomy.yaml", lines.line([name, index, "id"]),
                                        f"the id '{term_id}' cannot be part of a web address",
                                        "use lower-case letters, numbers and single hyphens only",
                                        code="taxonomy-bad-id"))
            seen.add(term_id)
    return problems + age_band_problems(content, lines)


def age_band_problems(content: Content, lines) -> list[Problem]:
    problems = []
    bands = sorted((b for b in content.taxonomy.get("age_bands") or []
                    if isinstance(b, dict) and isinstance(b.get("minimum_age"), int)
                    and isinstance(b.get("maximum_age"), int)), key=lambda b: b["minimum_age"])
    expected = 0
    for band in bands:
        if band["minimum_age"] != expected:
            problems.append(Problem("content/taxonomy.yaml", lines.line(["age_bands"]),
                                    f"the age bands leave out or repeat ages around {expected}",
                                    "make each band start one year after the previous one ends, from 0 to 25",
                                    code="age-bands"))
        expected = band["maximum_age"] + 1
    if bands and expected != 26:
        problems.append(Problem("content/taxonomy.yaml", lines.line(["age_bands"]),
                                "the age bands do not reach 25", "make the last band end at 25", code="age-bands"))
    return problems


class ContentIndex:
    """Lookups built once per run, so checking each file costs the same however many there are."""

    def __init__(self, content: Content):
        self.terms = {name: terms(content, name) for name in TAXONOMY_LISTS}
        # A term's synonyms point at it, so "aspergers" suggests "autism".
        self.aliases = {name: {synonym: term_id for term_id, term in known.items()
                               for synonym in [term.get("label"), *(term.get("synonyms") or [])]
                               if isinstance(synonym, str)}
                        for name, known in self.terms.items()}
        self.slugs = {kind: {d.slug for d in docs} for kind, docs in content.documents.items()}
        self.by_folder = {(KINDS[d.kind].folder, d.slug): d for docs in content.documents.values() for d in docs}
        self._heading_ids: dict[str, set[str]] = {}

    def heading_ids(self, document: Document) -> set[str]:
        if document.path not in self._heading_ids:
            self._heading_ids[document.path] = markdown.heading_ids(document.html)
        return self._heading_ids[document.path]


def document_problems(index: ContentIndex, document: Document, today: datetime.date) -> list[Problem]:
    data, problems = document.data, []
    for field, taxonomy_list in TERM_FIELDS.items():
        problems += unknown_terms(index, document, (field,), taxonomy_list, allow_all=field == "needs")
    if document.kind == "guide":
        problems += unknown_terms(index, document, ("topic",), "categories")
    if document.kind == "service":
        problems += unknown_terms(index, document, ("access", "routes"), "access_routes")
    low, high = data.get("minimum_age", 0), data.get("maximum_age", 25)
    if isinstance(low, int) and isinstance(high, int) and 0 <= high < low <= 25:
        problems.append(Problem(document.path, document.line("minimum_age"),
                                f"minimum_age ({data['minimum_age']}) is above maximum_age ({data['maximum_age']})",
                                "swap them, or correct the one that is wrong", code="age-range"))
    problems += date_problems(document, today)
    problems += placeholder_problems(document)
    if document.kind == "service":
        problems += provenance_problems(document)
    problems += reference_problems(index, document, "related_guides", "guide")
    problems += reference_problems(index, document, "related_services", "service")
    problems += link_problems(index, document)
    return problems


def value_at(data, path: tuple):
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def unknown_terms(index: ContentIndex, document: Document, path: tuple, taxonomy_list: str,
                  allow_all: bool = False) -> list[Problem]:
    known = index.terms[taxonomy_list]
    if taxonomy_list == "access_routes" and not known:
        return []  # a taxonomy without access routes: the schema's list of routes applies alone
    value = value_at(document.data, path)
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    field = path[-1]
    problems = []
    for position, term in enumerate(values):
        if not isinstance(term, str):
            continue  # the schema check says it should be text
        if term in known or (allow_all and term == "all" and len(values) == 1):
            continue
        where = path if isinstance(value, str) else (*path, position)
        if allow_all and term == "all":
            message, fix = "'all' is listed with other needs", "use [all] on its own, or list the needs"
        else:
            message = f"'{term}' is not one of the {field.replace('_', ' ')} in content/taxonomy.yaml"
            fix = did_you_mean(term, known, one_of(known), index.aliases[taxonomy_list])
        problems.append(Problem(document.path, document.line(*where), message, fix, code="unknown-term"))
    return problems


def provenance_problems(document: Document) -> list[Problem]:
    """Contact facts with no source are published, but an editor is told to add where they came from."""
    return [Problem(document.path, document.line(*path), f"the {path[-1]} '{value}' has no source",
                    f"add the public page it comes from under sources: (with supports: [{path[-1]}]), or say in "
                    "not_yet_confirmed that it is not confirmed", warning=True, code="unsourced-fact")
            for path, value in unsourced_facts(document.data)]


def placeholder_problems(document: Document) -> list[Problem]:
    """A file started with `python build.py new` still holding the words it was started with."""
    problems = []
    for path, text in strings_in(document.data):
        if any(placeholder in text for placeholder in PLACEHOLDERS):
            problems.append(Problem(document.path, document.line(*path), f"'{path[-1]}' still has the example "
                                    "words the new file started with", "write the real text here, or delete the "
                                    "line if the field is optional", code="unfilled-scaffold"))
    left = [placeholder for placeholder in PLACEHOLDERS if placeholder in document.body]
    if document.markdown_line and left:
        problems.append(Problem(document.path, body_line_of(document, left[0]), "the text still has the example "
                                "words the new file started with", "replace them with the real text",
                                code="unfilled-scaffold"))
    return problems


def strings_in(value, path=()):
    """(path, text) for every piece of text in a file's fields, however deep."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from strings_in(inner, (*path, key))
    elif isinstance(value, list):
        for position, inner in enumerate(value):
            yield from strings_in(inner, (*path, position))


def date_problems(document: Document, today: datetime.date) -> list[Problem]:
    value = document.data.get("last_reviewed")
    if not is_date(value):
        return []  # the schema check has already said so
    reviewed = datetime.date.fromisoformat(value)
    if reviewed > today:
        return [Problem(document.path, document.line("last_reviewed"),
                        f"last_reviewed is {value}, which is in the future",
                        f"use the date the entry was actually checked, today or earlier ({today.isoformat()})",
                        code="future-date")]
    return []


def reference_problems(index: ContentIndex, document: Document, field: str, kind: str) -> list[Problem]:
    existing = index.slugs[kind]
    folder = KINDS[kind].folder
    problems = []
    slugs = document.data.get(field)
    for position, slug in enumerate(slugs if isinstance(slugs, list) else []):
        if isinstance(slug, str) and slug not in existing:
            fix = did_you_mean(slug, existing, f"use the file name, without its ending, of a file in content/{folder}/")
            problems.append(Problem(document.path, document.line(field, position),
                                    f"there is no {kind} called '{slug}'", fix, code="unknown-reference"))
    return problems


MAX_LINK_PROBLEMS = 50  # the line of each is found by searching the text, so only for problems


def link_problems(index: ContentIndex, document: Document) -> list[Problem]:
    if not document.body:
        return []
    hrefs, had_html, had_images = markdown.links_in(document.html)
    folder = KINDS[document.kind].folder
    existing = index.by_folder
    problems = []
    dangerous = iter(markdown.dangerous_links(document.body))
    for href in hrefs:
        if len(problems) >= MAX_LINK_PROBLEMS:  # a file of thousands of broken links must stay quick to check
            problems.append(Problem(document.path, document.body_line, f"there are more than {MAX_LINK_PROBLEMS} "
                                    "broken links in this file", "fix the ones listed, then check again",
                                    code="too-many-bad-links"))
            break
        line = None  # found only for a link with a problem: searching the text costs time
        if not href:  # cmark-gfm blanks dangerous links such as javascript:; show the editor which one
            offset, href = next(dangerous, (None, ""))
            line = document.body_line + (offset or 0)
        problem = link_problem(index, existing, folder, href)
        if problem:
            message, fix, code = problem
            problems.append(Problem(document.path, line or body_line_of(document, href), message, fix, code=code))
    if had_html:
        problems.append(Problem(document.path, document.body_line, "the text contains HTML tags, which the site "
                                "does not show", "use Markdown instead, such as **bold** or [link text](address)",
                                warning=True, code="html-in-text"))
    if had_images:
        problems.append(Problem(document.path, document.body_line, "the text contains a picture, which the site does "
                                "not show", "describe it in words instead", warning=True, code="picture-in-text"))
    return problems


def link_problem(index: ContentIndex, existing: dict, folder: str, href: str) -> tuple[str, str, str] | None:
    """(message, fix, code) for a link that is not allowed or leads nowhere; None for a good link."""
    target = markdown.classify(href, folder)
    if target.kind == "built" and target.slug not in LINKABLE_BUILT:
        return (f"the link '{href}' names a page the site does not build",
                did_you_mean(target.slug, LINKABLE_BUILT, one_of(f"site:{name}" for name in LINKABLE_BUILT)),
                "unknown-built-page")
    if target.kind == "bad":
        return (f"the link '{href or '(empty)'}' is not allowed or does not point to a guide, service or page",
                "link to a web address starting https://, or to another file such as 'other-guide.md' or "
                "'../services/name.yaml'", "bad-link")
    if target.kind == "content" and (target.folder, target.slug) not in existing:
        return (f"the link '{href}' points to a file that does not exist",
                f"check the spelling against the files in content/{target.folder}/", "missing-link-target")
    if target.kind == "content" and target.fragment and \
            target.fragment not in index.heading_ids(existing[(target.folder, target.slug)]):
        return (f"the link '{href}' points to a heading that does not exist",
                "check the part after '#' matches a heading: lower case, hyphens for spaces", "missing-heading")
    return None


def body_line_of(document: Document, needle: str) -> int:
    for number, line in enumerate(document.body.split("\n")):
        if needle and needle in line:
            return document.body_line + number
    return document.body_line


def duplicate_problems(content: Content) -> list[Problem]:
    problems = []
    for kind in ("service", "guide", "page"):
        field = KINDS[kind].title_field
        seen: dict[str, Document] = {}
        for document in content.documents[kind]:
            value = document.data.get(field)
            if not isinstance(value, str):
                continue
            key = " ".join(value.lower().split())
            if key in seen:
                problems.append(Problem(document.path, document.line(field),
                                        f"another {kind} already has the {field} '{value}' ({seen[key].path})",
                                        f"give each {kind} its own {field}, or merge the two files",
                                        code="duplicate-title"))
            seen.setdefault(key, document)
    return problems


def address_problems(content: Content) -> list[Problem]:
    """Two pages may never share an address: a content page named like one of the site's own pages
    (offline.md, search.md) would silently replace it, or be replaced by it."""
    problems = []
    taken: dict[str, str] = {}
    for kind in (k for k in KINDS.values() if k.linkable):
        for document in content.documents[kind.name]:
            if not is_slug(document.slug):
                continue  # already reported as a bad file name
            address = content_url(kind.name, document.slug)
            if is_reserved_name(address.split("/")[0]) and kind.name == "page":
                problems.append(Problem(document.path, 1, f"the file name '{document.slug}' gives this page the "
                                        f"address {document.slug}/, which the site keeps for a page of its own or a language",
                                        "rename the file (and any links to it)", code="address-taken"))
            elif address in taken:
                problems.append(Problem(document.path, 1, f"this page would have the same address ({address}) "
                                        f"as {taken[address]}", "rename one of the two files", code="address-taken"))
            taken.setdefault(address, document.path)
    return problems


def checklist_problems(content: Content, index: ContentIndex) -> list[Problem]:
    lines = content.settings_lines.get("checklist")
    problems = []
    known_lists = {"guides": index.slugs["guide"], "categories": index.terms["categories"]}
    for position, item in enumerate(content.checklist.get("items") or []):
        covered = item.get("covered_by") if isinstance(item, dict) else None
        if not isinstance(covered, dict):
            continue
        for field, known in known_lists.items():
            values = covered.get(field)
            for number, value in enumerate(values if isinstance(values, list) else []):
                if isinstance(value, str) and value not in known:
                    problems.append(Problem(checklist.CHECKLIST_FILE,
                                            lines.line(["items", position, "covered_by", field, number]),
                                            f"there is no {field[:-1]} called '{value}'",
                                            did_you_mean(value, known, "check the spelling"),
                                            code="unknown-reference"))
    if lines is not None:
        problems += checklist.gap_problems(checklist.content_coverage(content), lines.line)
    return problems


def site_link_problems(content: Content, index: ContentIndex) -> list[Problem]:
    """The links site.yaml names (Get help, footer, home page tasks, ...) must lead to real pages."""
    lines = content.settings_lines.get("site")
    problems = []
    for group in SITE_LINK_LISTS:
        links = content.site.get(group)
        for position, link in enumerate(links if isinstance(links, list) else []):
            target = link_target(link)
            if target:
                problems += site_link_problem(index, lines.line([group, position, target[0]]), group, *target)
    if isinstance(content.site.get("repository"), dict):
        problems += pattern_problems(content.site["repository"], lines.line)
    guide = content.site.get("offline_download_guide")
    if isinstance(guide, str):
        problems += site_link_problem(index, lines.line(["offline_download_guide"]), "offline_download_guide",
                                      "guide", guide)
    return problems


def site_link_problem(index: ContentIndex, line: int, group: str, kind: str, name) -> list[Problem]:
    if kind == "built":
        known, fix_otherwise = set(LINKABLE_BUILT), one_of(LINKABLE_BUILT)
    else:
        known = index.slugs[kind]
        fix_otherwise = f"use the file name, without its ending, of a file in content/{KINDS[kind].folder}/"
    if not isinstance(name, str) or name in known:
        return []
    what = "a page the site builds" if kind == "built" else f"a {kind}"
    return [Problem("content/site.yaml", line, f"the link in {group} points to {what} '{name}' that does not exist",
                    did_you_mean(name, known, fix_otherwise), code="unknown-reference")]
