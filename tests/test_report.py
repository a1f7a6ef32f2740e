"""The content health report: the exact findings on fixture content made for each, in the text, the
JSON and the published page; the heat maps; what a change does to the report; the reminder issue."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

import pytest

from health_fixture import TODAY, make_health_project
from support import PROJECT
from localoffer import routes
from localoffer.health_cli import project_report
from localoffer.pipeline import build_site, check_content
from localoffer.report import build_report, names_match
from localoffer.report_diff import REMINDER_TITLE, compare, reminder_body
from localoffer.report_page import LEVELS
from localoffer.sitemodel import build_model

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def health(tmp_path):
    return make_health_project(tmp_path / "project")


@pytest.fixture
def report(health):
    return project_report(health, TODAY)


def run(project, *args):
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), "--project", str(project), *args],
                          capture_output=True, text=True)


# The findings -------------------------------------------------------------------------------------

def test_freshness_names_the_stale_entry_and_the_one_due_in_20_days(report):
    rows = [(r["path"], r["state"], r["due"], r["days_left"]) for r in report["freshness"]["entries"]]
    assert rows == [("content/services/other-service.yaml", "overdue", "2026-06-01", -175),
                    ("content/guides/first-guide.md", "due-soon", "2026-12-13", 20)]
    assert report["freshness"]["counts"] == {"fresh": 8, "due-soon": 1, "overdue": 1}
    by_owner = {group["name"]: [r["slug"] for r in group["entries"]] for group in report["freshness"]["by_owner"]}
    assert by_owner == {"Nottingham City Council": ["other-service"], "Local Offer team": ["first-guide"]}


def test_completeness_names_the_missing_field(report):
    scores = {row["slug"]: (row["score"], row["missing"]) for row in report["completeness"]["services"]}
    assert scores["no-cost-service"] == (88, ["the cost"])  # 7 of 8 (no building, so no building access)
    # its phone number has no source, so it counts as no way to reach it
    assert scores["holiday-club"] == (88, ["a phone number, email or website with a public source"])
    assert {score for slug, (score, _) in scores.items() if slug not in ("no-cost-service", "holiday-club")} == {100}
    assert [row["slug"] for row in report["completeness"]["weakest"][:2]] == ["no-cost-service", "holiday-club"]
    assert report["completeness"]["average"] == 96.0


def test_statutory_coverage_shows_the_gap_and_what_covers_the_rest(report):
    rows = {row["id"]: row for row in report["coverage"]}
    assert not rows["travel-item"]["covered"]
    assert rows["covered-item"]["covered"] and [g["slug"] for g in rows["covered-item"]["guides"]] == ["first-guide"]


def test_the_duplicate_pair_and_the_unsourced_phone_number(report):
    assert [(group["reason"], [s["slug"] for s in group["services"]]) for group in report["duplicates"]["groups"]] == \
        [("same phone: 0115 496 0500", ["holiday-club", "summer-holiday-club"])]
    unsourced = {row["slug"]: row["facts"] for row in report["provenance"]["unsourced"]}
    assert unsourced["holiday-club"] == ["phone"]


def test_sources_once_services_have_them(health):
    """Services have no `sources` field yet; when they do, supported facts stop being reported and old
    sources are."""
    content, _ = check_content(health, TODAY)
    club = next(d for d in content.services if d.slug == "holiday-club")
    club.data["sources"] = [{"url": "https://example.org/play", "seen": "2025-01-05", "supports": ["phone"]}]
    report = build_report(content, build_model(content, TODAY))
    assert "holiday-club" not in {row["slug"] for row in report["provenance"]["unsourced"]}
    assert [(r["slug"], r["url"], r["seen"]) for r in report["provenance"]["old_sources"]] == \
        [("holiday-club", "https://example.org/play", "2025-01-05")]


def test_near_identical_names_but_not_numbered_ones():
    assert names_match("rainbow parent carer forum", "rainbow parent carers forum")
    assert not names_match("short breaks pathway 1", "short breaks pathway 2")
    assert not names_match("holiday club", "summer playscheme")


def test_the_report_command_prints_each_finding(health):
    result = run(health, "report", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    for line in ("  Past their review date: 1", "  Due for review within 30 days: 1",
                 "  content/services/other-service.yaml: overdue since 2026-06-01 (Nottingham City Council)",
                 "  content/guides/first-guide.md: due on 2026-12-13 (Local Offer team)",
                 "   88%  content/services/no-cost-service.yaml: missing the cost",
                 "  travel-item: Travel to school and college",
                 "  same phone: 0115 496 0500: content/services/holiday-club.yaml, "
                 "content/services/summer-holiday-club.yaml",
                 "  content/services/holiday-club.yaml: phone"):
        assert line in result.stdout.splitlines(), line
    as_json = json.loads(run(health, "report", "--json", "--today", TODAY.isoformat()).stdout)
    assert as_json == json.loads(json.dumps(project_report(health, TODAY)))


def test_a_broken_internal_link_stops_the_report_with_file_and_line(health):
    guide = health / "content/guides/second-guide.md"
    guide.write_text(guide.read_text().replace("second-guide.md", "no-such-guide.md"))
    result = run(health, "report")
    assert result.returncode == 1
    assert "content/guides/second-guide.md:12: the link 'no-such-guide.md' points to a file that does not exist" \
        in result.stderr
    assert "Traceback" not in result.stderr


# The page and its JSON ----------------------------------------------------------------------------

@pytest.fixture
def built_health(health, tmp_path):
    output = tmp_path / "site"
    build_site(health, output, TODAY)
    return output


def test_the_build_publishes_the_page_and_the_json(built_health, health):
    page = (built_health / routes.url_for("content-health")).read_text()
    published = json.loads((built_health / routes.url_for("content-health-json")).read_text())
    assert published == json.loads(json.dumps(project_report(health, TODAY)))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    for words in ("Stale service (service): Overdue since 1 June 2026", "The first guide (guide): Due on 13 December 2026",
                  "Costless service 88% the cost", "Travel to school and college Nothing yet No: a gap",
                  "Same phone: 0115 496 0500: Holiday club , Summer playscheme", "Holiday club : phone"):
        assert words in text, words
    sitemap = (built_health / "sitemap.xml").read_text()
    assert "about/content-health/</loc>" in sitemap
    home = (built_health / "index.html").read_text()
    assert f'href="{routes.url_for("content-health")}"' in home  # the footer link


class Tables(HTMLParser):
    """Each table's caption and cells, row by row."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th", "caption"):
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag == "caption":
            self.tables[-1]["caption"] = self.cell.strip()
        elif tag in ("td", "th"):
            self.tables[-1]["rows"][-1].append(self.cell.strip())
        if tag in ("td", "th", "caption"):
            self.cell = None


def test_each_heat_map_is_valid_svg_with_a_text_alternative_and_the_numbers_of_its_table(built_health):
    page = (built_health / routes.url_for("content-health")).read_text()
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    parser = Tables()
    parser.feed(page)
    tables = {t["caption"].removesuffix(", as a table"): t["rows"] for t in parser.tables if t["caption"].endswith("as a table")}
    assert len(svgs) == len(tables) == 3
    for svg_text in svgs:
        svg = ElementTree.fromstring(svg_text)  # well-formed XML
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        title = svg.find(f"{SVG}title")
        assert title.get("id") == title_id and svg.find(f"{SVG}desc").get("id") == desc_id
        rows = tables[title.text]
        numbers = [int(t.text) for t in svg.iter(f"{SVG}text") if t.text.isdigit()]
        assert numbers == [int(cell) for row in rows[1:] for cell in row[1:]], title.text
        labels = [t.text for t in svg.iter(f"{SVG}text") if not t.text.isdigit()]
        assert set(labels) == set(rows[0][1:]) | {row[0] for row in rows[1:]}


def test_heat_map_colours_meet_contrast():
    def luminance(colour):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    for fill, text in LEVELS:
        light, dark = sorted((luminance(fill), luminance(text)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (fill, text)


def test_a_gap_in_provision_is_named_in_the_picture_and_the_json(tmp_path):
    project = make_health_project(tmp_path / "project", maximum_age=18)
    report = project_report(project, TODAY)
    grid = report["gaps"]["needs_by_age"]
    assert grid["empty"] == [[need["id"], "19-25"] for need in grid["rows"]]
    output = tmp_path / "site"
    build_site(project, output, TODAY)
    page = (output / routes.url_for("content-health")).read_text()
    assert "11 of 55 combinations have none: Autism, Young adults (19 to 25); ADHD, Young adults (19 to 25)" in page


# Changes and reminders ----------------------------------------------------------------------------

def test_report_diff_warns_about_what_a_change_makes_worse(tmp_path):
    base = make_health_project(tmp_path / "base")
    change = make_health_project(tmp_path / "change", maximum_age=18)  # nobody serves 19 to 25 any more
    guide = change / "content/guides/second-guide.md"
    guide.write_text(guide.read_text().replace("last_reviewed: 2026-01-10", "last_reviewed: 2025-10-01"))
    club = change / "content/services/summer-holiday-club.yaml"
    club.write_text(club.read_text().replace("opening_times: Monday to Friday, 9am to 5pm.\n", ""))
    for name, project in (("base", base), ("change", change)):
        (tmp_path / f"{name}.json").write_text(run(project, "report", "--json", "--today", TODAY.isoformat()).stdout)
    warnings = compare(json.loads((tmp_path / "base.json").read_text()), json.loads((tmp_path / "change.json").read_text()))
    assert [(w.code, w.path) for w in warnings if w.code != "last-service"] == [
        ("overdue", "content/guides/second-guide.md"), ("less-complete", "content/services/summer-holiday-club.yaml")]
    assert "'Summer playscheme' is less complete than before (100% to 88%): it no longer gives opening times" in \
        [w.message for w in warnings]
    assert len([w for w in warnings if w.code == "last-service"]) == 11
    assert "no active service is left for Autism at Young adults (19 to 25)" in [w.message for w in warnings]

    files = [str(tmp_path / "base.json"), str(tmp_path / "change.json")]
    summary = run(base, "report-diff", *files)
    assert summary.returncode == 0
    assert "| Past their review date | 1 | **2** |" in summary.stdout
    assert "- `content/guides/second-guide.md`: 'The second guide' is past its review date (2026-10-01)" in summary.stdout
    annotations = run(base, "report-diff", *files, "--format", "github").stdout.splitlines()
    assert "::warning file=content/services/summer-holiday-club.yaml::'Summer playscheme' is less complete than before " \
           "(100%25 to 88%25): it no longer gives opening times" in annotations  # % is escaped
    strict = run(base, "report-diff", *files, "--strict")
    assert strict.returncode == 1 and "13 warnings about the content's health" in strict.stderr
    unchanged = run(base, "report-diff", files[0], files[0], "--strict")
    assert unchanged.returncode == 0 and "leaves nothing overdue" in unchanged.stdout


def test_report_diff_explains_a_missing_report(tmp_path):
    result = run(PROJECT, "report-diff", str(tmp_path / "none.json"), str(tmp_path / "none.json"))
    assert result.returncode == 1 and "could not be read as a report" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_reminder_issue_lists_what_is_due_by_owner(health):
    body = run(health, "reminders", "--today", TODAY.isoformat()).stdout
    assert body == reminder_body(project_report(health, TODAY))
    assert body.splitlines()[2:] == [
        "**1 overdue, 1 due soon.** To clear an entry, check every fact with the service, then set `last_reviewed` "
        "to the date you checked it and `reviewed_by` to your name or team.",
        "",
        "### Nottingham City Council",
        "",
        "- [ ] `content/services/other-service.yaml` (Stale service): overdue since 2026-06-01, last reviewed "
        "2025-06-01 by Local Offer team",
        "",
        "### Local Offer team",
        "",
        "- [ ] `content/guides/first-guide.md` (The first guide): due on 2026-12-13, last reviewed 2025-12-13 by "
        "Local Offer team",
        "",
        "This issue is updated every week by the review reminder workflow.",
    ]


def test_the_reminder_workflow_uses_the_same_title_and_command():
    workflow = (PROJECT / ".github/workflows/review-reminders.yml").read_text()
    assert REMINDER_TITLE in workflow and "build.py reminders" in workflow
    assert "schedule:" in workflow


def test_a_contact_many_services_share_is_a_switchboard_not_a_duplicate(health):
    services = health / "content/services"
    for number in range(6):
        text = (services / "holiday-club.yaml").read_text()
        (services / f"club-{number}.yaml").write_text(
            text.replace("name: Holiday club", f"name: Club number {number}").replace("0115 496 0500", "0115 496 0999"))
    report = project_report(health, TODAY)
    assert report["duplicates"]["shared_contacts"] == [{"field": "phone", "value": "0115 496 0999", "services": 6}]
    assert [group["reason"] for group in report["duplicates"]["groups"]] == ["same phone: 0115 496 0500"]
