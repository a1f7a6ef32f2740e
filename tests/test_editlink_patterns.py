"""site.yaml's edit_url / new_issue_url patterns come from pull requests: only known placeholders,
no format specs or conversions, https only; and the links never raise, whatever site.yaml holds."""
from __future__ import annotations

import pytest

from localoffer.editlinks import edit_url, pattern_problems, report_url

URL = "https://git.example.org/offer"


def lines(path):
    """A stand-in for site.yaml's LineFinder: a line number that encodes which field was asked for."""
    return {("repository", "url"): 20, ("repository", "edit_url"): 23, ("repository", "new_issue_url"): 24}[tuple(path)]


def repository(**patterns):
    return {"host": "other", "url": URL, "branch": "live", **patterns}


def test_good_patterns_have_no_problems():
    good = repository(edit_url="{url}/src/{branch}/{path}?edit=1", new_issue_url="{url}/issues?t={title}&b={body}")
    assert pattern_problems(good, lines) == []
    assert pattern_problems({"host": "github", "url": URL, "branch": "main"}, lines) == []
    assert pattern_problems(repository(edit_url="https://other.example.org/{{literal}}/{path}"), lines) == []


@pytest.mark.parametrize("pattern, words", [
    ("{url}/edit/{branch}/{path:>999999}", "adds something after '{path'"),
    ("{url}/edit/{branch}/{path!r}", "adds something after '{path'"),
    ("{url}/edit/{0}", "placeholder '{0}'"),
    ("{url}/edit/{}", "placeholder '{}'"),
    ("{url.__class__}/edit", "placeholder '{url.__class__}'"),
    ("{url}/edit/{path[0]}", "placeholder '{path[0]}'"),
    ("{url}/edit/{title}", "placeholder '{title}'"),
    ("{url}/edit/{path", "does not pair up"),
    ("{url}/edit/}", "does not pair up"),
    ("{path:{url}}", "adds something after '{path'"),
    ("http://example.org/{path}", "starting with https://"),
    ("javascript:alert('{path}')", "starting with https://"),
    ("//evil.example.org/{path}", "starting with https://"),
])
def test_bad_edit_patterns_are_problems_at_their_line(pattern, words):
    problems = pattern_problems(repository(edit_url=pattern), lines)
    assert len(problems) == 1, problems
    assert (problems[0].path, problems[0].line) == ("content/site.yaml", 23)
    assert words in problems[0].message and problems[0].fix
    assert edit_url(repository(edit_url=pattern), "content/a.md") == ""


def test_bad_new_issue_pattern_is_a_problem_at_its_line():
    problems = pattern_problems(repository(new_issue_url="{url}/issues?t={path}"), lines)
    assert [(p.line, "'{path}'" in p.message) for p in problems] == [(24, True)]
    assert report_url(repository(new_issue_url="{url}/issues?t={body:>99999999}"), "P", "x") == ""


def test_a_repository_address_that_is_not_https_is_a_problem_and_makes_no_link():
    plain = {"host": "github", "url": "http://github.com/example/offer", "branch": "main"}
    assert [p.line for p in pattern_problems(plain, lines)] == [20]
    assert edit_url(plain, "content/a.md") == ""
    assert report_url(plain, "P", "x") == ""


@pytest.mark.parametrize("odd", [
    {}, {"url": 5}, {"url": URL}, {"url": URL, "branch": ["a"]}, {"url": URL, "branch": "main", "host": "svn"},
    {"url": URL, "branch": "main", "edit_url": 7, "new_issue_url": ["x"]}, "not a mapping", None,
])
def test_the_links_never_raise_whatever_site_yaml_holds(odd):
    assert isinstance(edit_url(odd, "content/a.md"), str)
    assert isinstance(report_url(odd, "Page", "https://example.org/"), str)
    assert isinstance(pattern_problems(odd, lines), list)


def test_a_huge_width_is_never_applied():
    link = edit_url(repository(edit_url="{url}/{path:>100000000}"), "content/a.md")
    assert len(link) < 100
