"""Links that let a parent correct a page: the source file in the git host's web editor, and a
pre-filled new issue. GitHub and GitLab work out of the box; any other host gives URL patterns
in content/site.yaml."""
from __future__ import annotations

from urllib.parse import quote, urlencode

PATTERNS = {
    "github": ("{url}/edit/{branch}/{path}", "{url}/issues/new?{query}", ("title", "body")),
    "gitlab": ("{url}/-/edit/{branch}/{path}", "{url}/-/issues/new?{query}", ("issue[title]", "issue[description]")),
}

REPORT_BODY = """Page: {title}
Address: {address}

What is wrong?


What should it say instead? (If you know where the right information comes from, please tell us.)

"""


def edit_url(repository: dict, source: str) -> str:
    url = repository["url"].rstrip("/")
    pattern = repository.get("edit_url") or PATTERNS[repository.get("host", "github")][0]
    return pattern.format(url=url, branch=quote(repository["branch"]), path=quote(source))


def report_url(repository: dict, title: str, address: str) -> str:
    url = repository["url"].rstrip("/")
    issue_title = f"Something is wrong on: {title}"
    body = REPORT_BODY.format(title=title, address=address)
    custom = repository.get("new_issue_url")
    if custom:
        return custom.format(url=url, title=quote(issue_title), body=quote(body))
    _, pattern, (title_key, body_key) = PATTERNS[repository.get("host", "github")]
    return pattern.format(url=url, query=urlencode({title_key: issue_title, body_key: body}, quote_via=quote))
