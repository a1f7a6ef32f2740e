"""Parents can correct pages: edit and report links, new-file scaffolds, annotations, change summaries."""
from __future__ import annotations

import re
import subprocess
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from support import run_cli, write
from minimal import make_minimal_project
from localoffer import editlinks
from localoffer.changes import summarise
from localoffer.scaffold import PLACEHOLDERS
from localoffer.problems import annotation
from localoffer.load import load_content
from localoffer.pipeline import build_site
from localoffer.problems import Problem
from localoffer.validate import validate


@pytest.fixture
def minimal(tmp_path):
    return make_minimal_project(tmp_path / "project")


cli = run_cli


def links_on(page):
    # The first two links of "About this page", whatever the page's language calls them.
    meta = page.read_text().split('<aside class="page-meta"', 1)[1]
    edit, report = re.findall(r'<li><a href="([^"]+)">', meta)[:2]
    return unescape(edit), unescape(report)


def test_every_page_links_to_its_own_source_file_and_a_prefilled_issue(site, project):
    settings = yaml.safe_load((project / "content/site.yaml").read_text(encoding="utf-8"))["repository"]
    repository, branch = settings["url"].rstrip("/"), settings["branch"]
    pages = [p for p in site.rglob("*.html") if p.name != "404.html" and "pagefind" not in p.parts]
    assert pages
    for page in pages:
        edit, report = links_on(page)
        assert edit.startswith(f"{repository}/edit/{branch}/"), page
        source = edit.removeprefix(f"{repository}/edit/{branch}/")
        assert (project / source).exists(), f"{page}: edit link to missing {source}"
        query = parse_qs(urlsplit(report).query)
        assert report.startswith(f"{repository}/issues/new?"), page
        assert "Something is wrong on:" in query["title"][0] and "Address: https://" in query["body"][0]


def test_service_page_edit_link_opens_its_yaml(site):
    page = next(site.glob("services/*/index.html"))
    edit, _ = links_on(page)
    assert edit.endswith(f"content/services/{page.parent.name}.yaml")


def test_gitlab_and_custom_hosts():
    gitlab = {"host": "gitlab", "url": "https://gitlab.example.org/council/offer", "branch": "main"}
    assert editlinks.edit_url(gitlab, "content/guides/a.md") == \
        "https://gitlab.example.org/council/offer/-/edit/main/content/guides/a.md"
    assert "/-/issues/new?issue%5Btitle%5D=" in editlinks.report_url(gitlab, "A page", "https://x/")
    custom = {"host": "other", "url": "https://git.example.org/offer", "branch": "live",
              "edit_url": "{url}/src/{branch}/{path}?edit=1", "new_issue_url": "{url}/issues?t={title}"}
    assert editlinks.edit_url(custom, "content/a.md") == "https://git.example.org/offer/src/live/content/a.md?edit=1"
    assert editlinks.report_url(custom, "P", "x").startswith("https://git.example.org/offer/issues?t=Something")


def test_stale_page_says_kindly_it_may_be_out_of_date(minimal):
    path = minimal / "content/services/other-service.yaml"
    path.write_text(path.read_text().replace("last_reviewed: 2026-01-10", "last_reviewed: 2020-01-10"))
    build_site(minimal, minimal / "site")
    page = (minimal / "site/services/other-service/index.html").read_text()
    assert "more than 12 months ago" in page and "please check with the service" in page
    fresh = (minimal / "site/services/nottingham-sendiass/index.html").read_text()
    assert "more than 12 months ago" not in fresh


@pytest.mark.parametrize("kind, name, path", [
    ("service", "Bulwell Youth Club: Tuesdays", "content/services/bulwell-youth-club-tuesdays.yaml"),
    ("guide", "How do I get a Blue Badge?", "content/guides/how-do-i-get-a-blue-badge.md"),
])
def test_new_file_has_every_field_today_and_passes_the_check_once_filled_in(minimal, kind, name, path):
    write(minimal / "content/guides/glossary.md", (minimal / "content/guides/first-guide.md").read_text()
          .replace("The first guide", "Glossary").replace("## How it works", "### EHC plan (EHCP)"))
    result = cli(minimal, "new", kind, name)
    assert result.returncode == 0 and path in result.stdout
    text = (minimal / path).read_text()
    assert f"last_reviewed: {__import__('datetime').date.today().isoformat()}" in text
    schema_fields = ("name", "summary", "description", "organisation", "status", "categories", "needs",
                     "minimum_age", "maximum_age", "areas", "cost", "access", "contacts", "locations",
                     "opening_times", "languages", "related_guides", "not_yet_confirmed", "reviewed_by") \
        if kind == "service" else ("title", "summary", "topic", "needs", "related_services", "reviewed_by")
    for field in schema_fields:
        assert re.search(rf"^#? ?{field}:", text, re.M), field
    assert "$schema=../schemas/service.schema.json" in text or kind == "guide"
    assert cli(minimal, "check").returncode == 1  # the example words must be replaced first
    for number, placeholder in enumerate(PLACEHOLDERS):
        text = text.replace(placeholder, f"Real words number {number} written by the editor")
    (minimal / path).write_text(text)
    check = cli(minimal, "check")
    assert check.returncode == 0, check.stderr
    assert cli(minimal, "new", kind, name).returncode == 1  # never overwrites


def test_github_annotations_are_escaped_workflow_commands():
    problem = Problem("content/services/a,b.yaml", 8, "'autsim' is not one of the needs: 100%", "did you mean 'autism'?")
    assert annotation(problem) == ("::error file=content/services/a%2Cb.yaml,line=8::"
                                   "'autsim' is not one of the needs: 100%25 - did you mean 'autism'?")
    assert annotation(Problem("x.md", 3, "m", "f", warning=True)).startswith("::warning file=x.md,line=3::")


def test_check_prints_annotations_for_github(minimal):
    path = minimal / "content/services/other-service.yaml"
    path.write_text(path.read_text().replace("needs: [all]", "needs: [autsim]"))
    result = cli(minimal, "check", "--format", "github")
    assert result.returncode == 1
    assert "::error file=content/services/other-service.yaml,line=8::'autsim' is not one of the needs" in result.stdout


def git(project, *args):
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def test_change_summary_lists_added_removed_and_changed_entries(minimal):
    service = minimal / "content/services/other-service.yaml"
    write(minimal / "content/services/old-club.yaml", re.sub(r"^id: .*\n", "", service.read_text().replace(
        "Another service", "Old club"), flags=re.M) + "id: 3f1b2c4d-0000-4000-8000-000000000002\n")
    git(minimal, "init", "-q", "-b", "main")
    git(minimal, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(minimal, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    service.write_text(service.read_text().replace("0115 496 0123", "0115 496 0999").replace(
        "A service that helps", "A service that now helps"))
    (minimal / "content/services/old-club.yaml").unlink()
    copy = re.sub(r"^id: .*\n", "", service.read_text().replace("Another service", "New club"), flags=re.M)
    write(minimal / "content/services/new-club.yaml", copy + "id: 3f1b2c4d-0000-4000-8000-000000000001\n")
    summary = summarise(minimal, "HEAD", validate(load_content(minimal / "content")))
    assert "### New services (1)\n\n- **New club** (`content/services/new-club.yaml`)" in summary
    assert "### Removed services (1)\n\n- **Old club** (`content/services/old-club.yaml`)" in summary
    assert "- **Another service**: `contacts`, `summary` (`content/services/other-service.yaml`)" in summary
    assert "All content checks passed." in summary
    result = cli(minimal, "changes", "--base", "HEAD")
    assert result.returncode == 0 and "## What this change does" in result.stdout


def test_feedback_page_lists_by_year_and_theme_and_is_in_every_footer(site):
    page = (site / "feedback/index.html").read_text()
    assert '<h2 id="year-2021">2021</h2>' in page and "<h3>Finding information</h3>" in page
    assert "You said:" in page and "We did:" in page
    for html in ("index.html", "services/index.html"):
        assert 'feedback/index.html">You said, we did</a>' in (site / html).read_text()


def test_feedback_counts_come_from_content(site, project):
    page = (site / "feedback/index.html").read_text()
    assert page.count("You said:") == len(list((project / "content/feedback").glob("*.yaml")))


def test_contributing_guide_is_published_as_a_page(site, project):
    page = (site / "help-improve-this-site/index.html").read_text()
    assert "<h1>Help improve this site</h1>" in page
    assert "Propose changes" in page and "Propose changes" in (project / "CONTRIBUTING.md").read_text()


def test_schemas_are_published_and_referenced_from_each_file(site, project):
    assert (site / "schemas/service.schema.json").is_file()
    for path in (project / "content/services").glob("*.yaml"):
        assert path.read_text().startswith("# yaml-language-server: $schema=../schemas/service.schema.json"), path
