"""Every validation rule: one bad file each, and the message names the file, the line and a fix."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from support import PROJECT, edit, write
from minimal import make_minimal_project
from localoffer.load import load_content
from localoffer.validate import errors_in, validate


@pytest.fixture
def minimal(tmp_path):
    return make_minimal_project(tmp_path)


def problems_for(project):
    return [str(p) for p in errors_in(validate(load_content(project / "content")))]



def test_minimal_project_is_valid(minimal):
    assert problems_for(minimal) == []


SERVICE = "content/services/other-service.yaml"
GUIDE = "content/guides/first-guide.md"

# (file, text to replace, replacement, expected "path:line", words the message must contain)
CASES = {
    "yaml syntax": (SERVICE, "organisation: Nottingham City Council", "organisation: [Nottingham",
                    f"{SERVICE}:7", "not valid YAML"),
    "tab indentation": (SERVICE, "  free: true", "\tfree: true", f"{SERVICE}:12", "tab"),
    "wrong type": (SERVICE, "minimum_age: 0", "minimum_age: five", f"{SERVICE}:9", "should be a whole number"),
    "list given as text": (SERVICE, "categories: [advice-and-support]", "categories: advice-and-support",
                           f"{SERVICE}:7", "should be a list"),
    "missing required field": (SERVICE, "organisation: Nottingham City Council\n", "", f"{SERVICE}:2",
                               "required field 'organisation' is missing"),
    "misspelled field": (SERVICE, "organisation:", "organisaton:", f"{SERVICE}:6", "did you mean 'organisation'?"),
    "unknown need": (SERVICE, "needs: [all]", "needs: [autsim]", f"{SERVICE}:8", "did you mean 'autism'?"),
    "unknown category": (SERVICE, "categories: [advice-and-support]", "categories: [helth]", f"{SERVICE}:7",
                         "did you mean 'health'?"),
    "unknown area": (SERVICE, "maximum_age: 25", "maximum_age: 25\nareas: [bulwel]", f"{SERVICE}:11",
                     "did you mean 'bulwell'?"),
    "unknown guide topic": (GUIDE, "topic: education", "topic: educaton", f"{GUIDE}:4", "did you mean 'education'?"),
    "summary too long": (SERVICE, "summary: A service", "summary: " + "x" * 150 + " A service", f"{SERVICE}:3",
                         "over the limit of 160"),
    "invalid date": (SERVICE, "last_reviewed: 2026-01-10", "last_reviewed: 2026-13-45", f"{SERVICE}:20",
                     "not a real date"),
    "future review date": (SERVICE, "last_reviewed: 2026-01-10", "last_reviewed: 2999-01-01", f"{SERVICE}:20",
                           "in the future"),
    "minimum above maximum": (SERVICE, "minimum_age: 0\nmaximum_age: 25", "minimum_age: 19\nmaximum_age: 5", f"{SERVICE}:9",
                              "minimum_age (19) is above maximum_age (5)"),
    "field written twice": (SERVICE, "maximum_age: 25", "maximum_age: 25\nminimum_age: 3", f"{SERVICE}:11",
                            "the field 'minimum_age' appears twice (first on line 9)"),
    "age above 25": (SERVICE, "maximum_age: 25", "maximum_age: 30", f"{SERVICE}:10", "from 0 to 25"),
    "negative age": (SERVICE, "minimum_age: 0", "minimum_age: -1", f"{SERVICE}:9", "from 0 to 25"),
    "bad status": (SERVICE, "organisation:", "status: open\norganisation:", f"{SERVICE}:6", "is not allowed"),
    "bad email": (SERVICE, "team@example.org", "team.example.org", f"{SERVICE}:18", "not an email address"),
    "bad phone": (SERVICE, "0115 496 0123", "call us", f"{SERVICE}:17", "not a UK phone number"),
    "bad url": (SERVICE, "https://example.org/team", "example.org/team", f"{SERVICE}:19", "not a full web address"),
    "missing related service": (GUIDE, "related_services: [nottingham-sendiass]", "related_services: [nottingham-sendias]",
                                f"{GUIDE}:5", "did you mean 'nottingham-sendiass'?"),
    "link to missing guide": (SERVICE, "first-guide.md#how-it-works", "no-such-guide.md", f"{SERVICE}:5",
                              "points to a file that does not exist"),
    "link to missing heading": (SERVICE, "#how-it-works", "#how-it-wrks", f"{SERVICE}:5",
                                "heading that does not exist"),
    "javascript link": (GUIDE, "(second-guide.md)", "(javascript:alert(1))", f"{GUIDE}:12", "not allowed"),
    "link escaping content": (GUIDE, "(second-guide.md)", "(../../build.py)", f"{GUIDE}:12", "not allowed"),
    "duplicate name": (SERVICE, "name: Another service", "name: SENDIASS", f"{SERVICE}:2", "already has the name"),
    "guide front matter syntax": (GUIDE, "topic: education", "topic: [education", f"{GUIDE}:5", "not valid YAML"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_rule_names_file_line_and_fix(minimal, case):
    path, old, new, where, words = CASES[case]
    edit(minimal / path, old, new)
    problems = problems_for(minimal)
    matching = [p for p in problems if p.startswith(where + ":") and words in p]
    assert matching, f"expected '{where}: ...{words}...' in:\n" + "\n".join(problems)
    assert all(re.match(r"^content/\S+(:\d+)?: .+ - .+", p) for p in problems), problems


def test_bad_file_names_are_reported(minimal):
    (minimal / SERVICE).rename(minimal / "content/services/Other Service.yaml")
    (minimal / "content/guides/notes.txt").write_text("x")
    problems = "\n".join(problems_for(minimal))
    assert "content/services/Other Service.yaml: the file name 'Other Service.yaml' is not a valid web address" in problems
    assert "rename it to 'other-service.yaml'" in problems
    assert "content/guides/notes.txt: this file is not a .md file" in problems


def test_duplicate_slugs_across_extensions(minimal):
    write(minimal / "content/services/other-service.yml", "name: x\n")
    assert any("other-service.yml: this file is not a .yaml file" in p for p in problems_for(minimal))


def test_symlink_out_of_content_is_refused(minimal, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text("name: secret\n")
    (minimal / "content/services/secret.yaml").symlink_to(outside)
    assert any("secret.yaml: this is a link to another file" in p for p in problems_for(minimal))


def test_every_problem_reported_in_one_run(minimal):
    edit(minimal / SERVICE, "needs: [all]", "needs: [autsim]")
    edit(minimal / SERVICE, "team@example.org", "nope")
    edit(minimal / GUIDE, "topic: education", "topic: educaton")
    edit(minimal / "content/services/nottingham-sendiass.yaml", "minimum_age: 0", "minimum_age: 40")
    assert len(problems_for(minimal)) == 4


def test_taxonomy_age_bands_must_cover_0_to_25(minimal):
    edit(minimal / "content/taxonomy.yaml", "minimum_age: 12", "minimum_age: 13")
    assert any("content/taxonomy.yaml:" in p and "age bands leave out" in p for p in problems_for(minimal))


def run_cli(project, *args):
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), "--project", str(project), *args],
                          capture_output=True, text=True, cwd=project)


def test_check_command_exits_1_with_plain_messages_and_no_traceback(minimal):
    edit(minimal / SERVICE, "needs: [all]", "needs: [autsim]")
    result = run_cli(minimal, "check")
    assert result.returncode == 1
    assert f"{SERVICE}:8: 'autsim' is not one of the needs" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "1 problem must be fixed" in result.stderr


def test_check_command_passes_good_content(minimal):
    result = run_cli(minimal, "check")
    assert result.returncode == 0, result.stderr
    assert "ready to publish" in result.stdout


def test_builder_bug_is_reported_as_a_bug_without_traceback(minimal):
    write(minimal / "templates/service.html", "{% extends 'base.html' %}{% block main %}{{ 1 / 0 }}{% endblock %}")
    result = run_cli(minimal, "--output", str(minimal / "site"))
    assert result.returncode == 2
    assert "bug in the site builder, not in your content" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (minimal / "site").exists()
