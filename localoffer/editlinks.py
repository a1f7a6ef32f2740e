"""Links that let a parent correct a page: the source file in the git host's web editor, and a
pre-filled new issue. GitHub and GitLab work out of the box; any other host gives URL patterns
in content/site.yaml.

site.yaml comes from pull requests like the rest of content/, so a pattern is checked before use:
only the known placeholders, no format specs, conversions, indexes or attributes (`{path:>999999}`
would make every page a megabyte, `{url.__class__}` reaches into Python), and the link must be https.
"""
from __future__ import annotations

import string
from urllib.parse import quote, urlencode

from .problems import Problem

PATTERNS = {
    "github": ("{url}/edit/{branch}/{path}", "{url}/issues/new?{query}", ("title", "body")),
    "gitlab": ("{url}/-/edit/{branch}/{path}", "{url}/-/issues/new?{query}", ("issue[title]", "issue[description]")),
}
PLACEHOLDERS = {"edit_url": ("url", "branch", "path"), "new_issue_url": ("url", "title", "body")}
SITE = "content/site.yaml"

REPORT_BODY = """Page: {title}
Address: {address}

What is wrong?


What should it say instead? (If you know where the right information comes from, please tell us.)

"""


def pattern_problems(repository: dict, line_of) -> list[Problem]:
    """Problems with the repository's link patterns in site.yaml. `line_of(path_list)` gives the line."""
    if not isinstance(repository, dict):
        return []  # the schema check reports a repository that is not a group of fields
    problems = []
    url = repository.get("url")
    if isinstance(url, str) and not url.startswith("https://"):
        problems.append(Problem(SITE, line_of(["repository", "url"]), f"the repository address '{url[:80]}' "
                                "does not start with https://", "write it with https://, as git hosts all use it"))
    for name, allowed in PLACEHOLDERS.items():
        pattern = repository.get(name)
        if isinstance(pattern, str):
            wrong = pattern_mistake(pattern, allowed, url if isinstance(url, str) else "")
            if wrong:
                problems.append(Problem(SITE, line_of(["repository", name]), f"the {name} pattern {wrong}",
                                        f"use only {' '.join('{' + p + '}' for p in allowed)} in it, "
                                        "each written exactly like that, in an address starting with https://"))
    return problems


def pattern_mistake(pattern: str, allowed: tuple[str, ...], url: str) -> str:
    """What is wrong with one pattern, in words, or "" if nothing is."""
    try:
        fields = list(string.Formatter().parse(pattern))
    except ValueError:
        return "has a '{' or '}' that does not pair up (write '{{' or '}}' for a brace itself)"
    for _, name, spec, conversion in fields:
        if name is None:
            continue  # plain text
        if name not in allowed:
            return f"has the placeholder '{{{name[:40]}}}', which is not one it can use"
        if spec or conversion:
            return f"adds something after '{{{name}' ('{(conversion or spec)[:40]}'), which is not allowed"
    filled = pattern.format(**{name: "x" for name in allowed} | {"url": url.rstrip("/")})
    if not filled.startswith("https://"):
        return "does not make an address starting with https://"
    return ""


def fill(pattern, allowed: tuple[str, ...], url: str, **values) -> str:
    """The pattern filled in, or "" (no link) if it is not safe to use; pattern_problems says why."""
    if not isinstance(pattern, str) or pattern_mistake(pattern, allowed, url):
        return ""
    return pattern.format(url=url, **values)


def parts(repository) -> tuple[str, str, str]:
    """(url, branch, host), whatever shape site.yaml gave them: the links must never stop a build."""
    repository = repository if isinstance(repository, dict) else {}
    url = repository.get("url") if isinstance(repository.get("url"), str) else ""
    branch = repository.get("branch") if isinstance(repository.get("branch"), str) else "main"
    host = repository.get("host") if repository.get("host") in PATTERNS else "github"
    return url.rstrip("/"), branch, host


def edit_url(repository: dict, source: str) -> str:
    url, branch, host = parts(repository)
    values = {"branch": quote(branch), "path": quote(source)}
    custom = repository.get("edit_url") if isinstance(repository, dict) else None
    if custom:
        return fill(custom, PLACEHOLDERS["edit_url"], url, **values)
    return safe_link(PATTERNS[host][0].format(url=url, **values))


def report_url(repository: dict, title: str, address: str) -> str:
    url, _, host = parts(repository)
    issue_title = f"Something is wrong on: {title}"
    body = REPORT_BODY.format(title=title, address=address)
    custom = repository.get("new_issue_url") if isinstance(repository, dict) else None
    if custom:
        return fill(custom, PLACEHOLDERS["new_issue_url"], url, title=quote(issue_title), body=quote(body))
    _, pattern, (title_key, body_key) = PATTERNS[host]
    return safe_link(pattern.format(url=url, query=urlencode({title_key: issue_title, body_key: body}, quote_via=quote)))


def safe_link(link: str) -> str:
    """A link from the host's own pattern is https only if the repository address is."""
    return link if link.startswith("https://") else ""
