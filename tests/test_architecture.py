"""One place for each decision: the route registry, data handed between stages, editorial choices in
content, one stream of coded problems, and schema errors worded for editors."""
from __future__ import annotations

import gzip
import json
import re

import pytest

from support import PROJECT, edit, run_cli, write
from minimal import make_minimal_project
from localoffer import markdown, routes
from localoffer.load import load_content
from localoffer.pages import AddressClash, refuse_clashes
from localoffer.pipeline import build_site, check_content
from localoffer.problems import ContentError
from localoffer.render import Page
from localoffer.schemas import STRUCTURAL, WORDING
from localoffer.validate import validate


@pytest.fixture
def minimal(tmp_path):
    return make_minimal_project(tmp_path / "project")


run_build = run_cli


# The registry -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["offline", "search", "downloads", "pagefind", "schemas", "find-support"])
def test_a_content_page_named_after_a_built_page_is_refused_with_file_and_line(minimal, name):
    write(minimal / f"content/pages/{name}.md", """
        ---
        title: A page with a taken name
        summary: A page whose file name is the address of one of the site's own pages.
        last_reviewed: 2026-01-10
        reviewed_by: Local Offer team
        ---

        Text.
        """)
    result = run_build(minimal, "check")
    assert result.returncode == 1
    assert f"content/pages/{name}.md:1: the file name '{name}' gives this page the address {name}/" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_content_page_taking_the_contributing_guide_address_is_refused(minimal):
    write(minimal / "CONTRIBUTING.md", "---\ntitle: Help improve this site\nsummary: How to suggest a change "
          "to any page of the site.\nlast_reviewed: 2026-01-10\nreviewed_by: Forum\n---\n\nText.\n")
    write(minimal / f"content/pages/{routes.CONTRIBUTING_SLUG}.md",
          (minimal / "CONTRIBUTING.md").read_text().replace("Help improve", "Helping improve"))
    problems = [p for p in validate(load_content(minimal / "content")) if p.code == "address-taken"]
    assert [(p.path, p.line) for p in problems] == [(f"content/pages/{routes.CONTRIBUTING_SLUG}.md", 1)]


def test_two_planned_pages_with_one_address_stop_the_build():
    with pytest.raises(AddressClash, match="services/index.html"):
        refuse_clashes([Page("services/index.html", "a.html", "A"), Page("services/index.html", "b.html", "B")])


def test_addresses_take_only_slugs():
    assert routes.url_for("finder-result", "0-4", "autism") == "find-support/0-4/autism/index.html"
    for bad in ("../etc", "a/b", "", "UPPER", "x\0"):
        with pytest.raises(routes.RouteError):
            routes.url_for("need", bad)


def test_the_site_schema_lists_the_built_pages_the_registry_allows():
    schema = json.loads((PROJECT / "content/schemas/site.schema.json").read_text())
    assert tuple(schema["$defs"]["link"]["properties"]["built"]["enum"]) == routes.LINKABLE_BUILT
    assert all(name in routes.ROUTES for name in routes.LINKABLE_BUILT)


def test_templates_hold_no_addresses_or_slugs(project):
    slugs = {p.stem for folder in ("services", "guides", "pages") for p in (project / "content" / folder).iterdir()}
    for template in (project / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"[\w-]+/index\.html", text), f"{template.name} writes an address: use url_for"
        code = " ".join(re.findall(r"{[{%](.*?)[}%]}", text, re.S))  # Jinja expressions and statements
        quoted = set(re.findall(r"""["']([a-z0-9-]+)["']""", code))
        assert not quoted & slugs, f"{template.name} names content: {quoted & slugs}"


# Stages hand over data -------------------------------------------------------------------------

def pagefind_records(site):
    records = {}
    for fragment in (site / "pagefind/fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        records[data["url"]] = data["content"]
    return records


def test_the_offline_guides_search_record_holds_the_download_box_and_its_page_the_real_zip_size(site, built):
    # Pagefind indexes while the zip is written, so the record has the box's words but no size.
    size = (site / "downloads/local-offer-offline.zip").stat().st_size
    guide = built[0].model.site["offline_download_guide"]
    record = pagefind_records(site)[f"/guides/{guide}/index.html"]
    assert "Download the whole Local Offer as one file." in record
    assert "zip file" not in record and "you are using this copy now" not in record
    assert "@@" not in record
    page = (site / f"guides/{guide}/index.html").read_text()
    assert f"zip file, {size / 1e6:.1f} MB" in page


def test_search_records_hold_the_entrys_words_not_other_pages(site, built):
    model = built[0].model
    service = next(s for s in model.listed_services() if s.related and s.data.get("access"))
    record = pagefind_records(site)[f"/{service.href}"]
    assert service.summary.split()[0] in record
    assert not any(other.summary in record for other in service.related)


def test_each_markdown_body_is_converted_once_per_build(minimal, monkeypatch):
    calls = []
    real = markdown.to_html
    monkeypatch.setattr(markdown, "to_html", lambda text: calls.append(text) or real(text))
    build_site(minimal, minimal / "site")
    bodies = [d.body for docs in load_content(minimal / "content").documents.values() for d in docs if d.body]
    assert sorted(b for b in calls if b in bodies) == sorted(bodies)


# Editorial choices live in content -------------------------------------------------------------

def test_renaming_a_home_page_task_in_site_yaml_changes_the_home_page(minimal):
    site_yaml = minimal / "content/site.yaml"
    edit(site_yaml, "  - guide: first-guide\n    text: Read the first guide",
         "  - guide: second-guide\n    text: Read the second guide first")
    build_site(minimal, minimal / "site")
    home = (minimal / "site/index.html").read_text()
    assert '<a href="guides/second-guide/index.html">Read the second guide first</a>' in home
    assert "Read the first guide" not in home


def test_a_home_page_task_pointing_at_a_missing_guide_is_an_error_not_a_silent_gap(minimal):
    edit(minimal / "content/site.yaml", "  - guide: first-guide", "  - guide: frist-guide")
    with pytest.raises(ContentError) as error:
        check_content(minimal)
    messages = [str(p) for p in error.value.problems]
    assert any("content/site.yaml" in m and "'frist-guide'" in m and "did you mean 'first-guide'?" in m
               for m in messages), messages


def test_the_offline_download_box_follows_site_yaml(minimal):
    edit(minimal / "content/site.yaml", "offline_download_guide: getting-this-information-offline",
         "offline_download_guide: second-guide")
    build_site(minimal, minimal / "site")
    assert "local-offer-offline.zip" in (minimal / "site/guides/second-guide/index.html").read_text()
    assert "local-offer-offline.zip" not in (
        minimal / "site/guides/getting-this-information-offline/index.html").read_text()


def test_access_route_wording_comes_from_the_taxonomy(minimal):
    edit(minimal / "content/taxonomy.yaml", "description: You can contact them yourself (self-referral).",
         "description: Phone or email them yourself.")
    build_site(minimal, minimal / "site")
    assert "Phone or email them yourself." in (minimal / "site/services/other-service/index.html").read_text()


def test_an_unknown_access_route_gets_a_suggestion(minimal):
    edit(minimal / "content/services/other-service.yaml", "routes: [self-referral]", "routes: [self referal]")
    problems = [str(p) for p in validate(load_content(minimal / "content")) if p.code == "unknown-term"]
    assert problems == ["content/services/other-service.yaml:14: 'self referal' is not one of the routes in "
                        "content/taxonomy.yaml - did you mean 'self-referral'?"]


def test_a_synonym_suggests_its_term(minimal):
    edit(minimal / "content/services/other-service.yaml", "needs: [all]", "needs: [aspergers]")
    problems = [str(p) for p in validate(load_content(minimal / "content")) if p.code == "unknown-term"]
    assert problems and problems[0].endswith("did you mean 'autism'?"), problems


# One stream of coded problems ------------------------------------------------------------------

def test_check_and_build_report_the_same_warnings(minimal):
    guide = minimal / "content/guides/first-guide.md"
    guide.write_text(guide.read_text() + "\nSome <b>HTML</b> here.\n")
    checklist = minimal / "content/checklist.yaml"
    write(checklist, """
        items:
          - id: an-item-nothing-covers
            title: Something the law requires that no page covers
            reference: SEND Regulations 2014
            covered_by:
              categories: [transport]
        """)
    checked = run_build(minimal, "check")
    built = run_build(minimal)
    assert checked.returncode == built.returncode == 0, checked.stderr + built.stderr
    warnings = sorted(line for line in checked.stderr.splitlines() if line.startswith("warning:"))
    assert len(warnings) == 2
    assert any("checklist.yaml" in w for w in warnings) and any("HTML tags" in w for w in warnings)
    assert sorted(line for line in built.stderr.splitlines() if line.startswith("warning:")) == warnings


def test_every_problem_has_a_code(minimal):
    edit(minimal / "content/services/other-service.yaml", "needs: [all]", "needs: [autsim]")
    edit(minimal / "content/services/other-service.yaml", "minimum_age: 0", "minimum_age: 30")
    write(minimal / "content/guides/Bad Name.md", "no front matter")
    problems = validate(load_content(minimal / "content"))
    assert len(problems) >= 3
    assert all(p.code and p.code != "content" for p in problems), [p for p in problems if p.code == "content"]


# Schema errors are worded for editors ----------------------------------------------------------

RAW_JSONSCHEMA = re.compile(r"is not valid under|is a required property|is not of type|does not match|"
                            r"Additional properties|is too (long|short)|should be non-empty|is not one of \[|"
                            r"valid under each of|is a dependency of|was expected|schemas")


def used_keywords(schema) -> set[str]:
    if isinstance(schema, dict):
        found = set()
        for key, value in schema.items():
            if key not in ("properties", "$defs", "patternProperties"):
                found.add(key)
            values = value.values() if key in ("properties", "$defs", "patternProperties") else [value]
            for inner in values:
                found |= used_keywords(inner)
        return found
    if isinstance(schema, list):
        return set().union(*map(used_keywords, schema)) if schema else set()
    return set()


def test_every_schema_keyword_that_can_fail_is_worded_for_editors():
    for path in (PROJECT / "content/schemas").glob("*.schema.json"):
        unworded = used_keywords(json.loads(path.read_text())) - set(WORDING) - STRUCTURAL
        assert not unworded, f"{path.name} uses {unworded}: add them to schemas.WORDING"


BAD_FILES = {
    "service": ("content/services/other-service.yaml", [
        ("needs: [all]", "needs: all"),
        ("minimum_age: 0", "minimum_age: old"),
        ("free: true", "free: maybe"),
        ("routes: [self-referral]", "routes: []"),
        ("    website: https://example.org/team", "    website: ftp://example.org\n    fax: 1"),
        ("last_reviewed: 2026-01-10", "last_reviewed: 10/01/2026"),
        ("categories: [advice-and-support]", "categories: [advice-and-support, advice-and-support]"),
    ]),
    "guide": ("content/guides/first-guide.md", [
        ("topic: education", "topic: [education]"),
        ("related_services: [nottingham-sendiass]", "related_services: nottingham-sendiass"),
        ("summary: A guide that answers a question parents ask about support.", "summary: ''"),
        ("reviewed_by: Local Offer team", "reviewed_by: 7"),
    ]),
    "page": ("content/pages/contact.md", [
        ("title: Contact us", "title: {a: 1}"),
        ("last_reviewed: 2026-01-10", "last_reviewed: 2026-02-30"),
    ]),
    "site": ("content/site.yaml", [
        ("  - page: contact\n    text: Contact us", "  - page: contact\n    guide: first-guide\n    text: Contact us"),
        ("  - built: feedback\n    text: You said, we did", "  - text: You said, we did"),
        ("review_period_months: 12", "review_period_months: 0"),
        ("base_url: https://example.org/local-offer/", "base_url: https://example.org/local-offer"),
        ("  host: github", "  host: bitbucket"),
    ]),
    "taxonomy": ("content/taxonomy.yaml", [
        ("  - id: education\n", "  - id: Education Stuff\n"),
        ("same_meaning:\n", "same_meaning:\n  - [lonely]\n"),
        ("  - id: self-referral\n", "  - id: self-referral\n    colour: blue\n"),
    ]),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_every_kinds_schema_errors_are_worded_for_editors(minimal, kind):
    path, edits = BAD_FILES[kind]
    for old, new in edits:
        edit(minimal / path, old, new)
    problems = [p for p in validate(load_content(minimal / "content")) if p.path == path and not p.warning]
    assert len(problems) >= len(edits), [str(p) for p in problems]
    for problem in problems:
        assert problem.line > 0, str(problem)
        assert not RAW_JSONSCHEMA.search(str(problem)), str(problem)
        assert problem.fix, str(problem)


def test_a_link_naming_two_targets_says_which_to_keep(minimal):
    edit(minimal / "content/site.yaml", "  - page: contact\n    text: Contact us",
         "  - page: contact\n    guide: first-guide\n    text: Contact us")
    problems = [str(p) for p in validate(load_content(minimal / "content")) if p.code == "schema-oneOf"]
    assert len(problems) == 1
    assert "has 'guide' and 'page', but needs exactly one of 'service', 'guide', 'page', 'built'" in problems[0]
    assert problems[0].endswith("keep only one of them")


# Dangerous links are reported on their own line, however they are written ---------------------

@pytest.mark.parametrize("written", [
    "[click](javascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "<javascript:alert(1)>",
    "[click](data:text/html,hello)",
])
def test_a_dangerous_link_is_reported_on_its_line(minimal, written):
    guide = minimal / "content/guides/first-guide.md"
    text = guide.read_text()
    guide.write_text(text + f"\nA line of text.\n\nAnother line with {written} in it.\n")
    line = text.count("\n") + 4  # the appended line's number
    problems = [p for p in validate(load_content(minimal / "content")) if p.code == "bad-link"]
    assert [(p.path, p.line) for p in problems] == [("content/guides/first-guide.md", line)], problems


def test_a_dangerous_reference_definition_is_reported_on_its_line(minimal):
    guide = minimal / "content/guides/first-guide.md"
    text = guide.read_text()
    guide.write_text(text + "\nSee [the page][ref].\n\n[ref]: javascript:alert(1)\n")
    problems = [p for p in validate(load_content(minimal / "content")) if p.code == "bad-link"]
    assert [p.line for p in problems] == [text.count("\n") + 4]


# One allow-list for every published address ----------------------------------------------------

def test_a_relaxed_schema_cannot_publish_a_dangerous_address(minimal):
    schema = minimal / "content/schemas/service.schema.json"
    schema.write_text(schema.read_text().replace('"format": "web-url", "description": "A full web address',
                                                 '"description": "A full web address'))
    service = minimal / "content/services/other-service.yaml"
    edit(service, "website: https://example.org/team", "website: 'data:text/html,<script>alert(1)</script>'")
    edit(service, "phone: 0115 496 0123", "phone: 'javascript:alert(1)'")
    schema.write_text(schema.read_text().replace('"format": "uk-phone", ', ""))
    build_site(minimal, minimal / "site")
    page = (minimal / "site/services/other-service/index.html").read_text()
    assert "data:text" not in page.split("<body")[1].split("Website:")[0] + "".join(
        re.findall(r'href="([^"]*)"', page))
    assert not [h for h in re.findall(r'href="([^"]*)"', page) if h.lower().startswith(("data:", "javascript:", "tel:javascript"))]
    assert "Website:" not in page  # no link is shown rather than a dangerous one


def test_markdown_can_link_to_a_page_the_site_builds(minimal):
    guide = minimal / "content/guides/first-guide.md"
    guide.write_text(guide.read_text() + "\nSee [what families told us](site:feedback) and [this](site:feedbak).\n")
    problems = [str(p) for p in validate(load_content(minimal / "content")) if p.code == "unknown-built-page"]
    assert len(problems) == 1 and "site:feedbak" in problems[0] and "did you mean 'feedback'?" in problems[0]
    guide.write_text(guide.read_text().replace(" and [this](site:feedbak)", ""))
    build_site(minimal, minimal / "site")
    assert '<a href="../../feedback/index.html">what families told us</a>' in (
        minimal / "site/guides/first-guide/index.html").read_text()


def test_a_problem_is_always_one_line():
    from localoffer.problems import Problem
    text = str(Problem("content/x.yaml", 3, "the field 'a\nb' is wrong", "fix\tit"))
    assert "\n" not in text and "\\n" in text
