"""Which addresses the site may link to: an allow-list, as content comes from pull requests.

Allowed: https:, http:, mailto: and tel: addresses, and relative links inside the site. Anything
else, above all javascript:, data:, vbscript: and file:, is refused however it is disguised: with
HTML entities, mixed case, leading spaces, or control characters that browsers silently drop.
"""
from __future__ import annotations

import html
import re

ALLOWED_SCHEMES = {"https", "http", "mailto", "tel"}
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
SPACES = " \t\n\r\f"
TELEPHONE = re.compile(r"\+?[0-9][0-9 ()./-]{2,30}")  # what browsers strip from either end of an address


def is_allowed(url) -> bool:
    if not isinstance(url, str):
        return False
    forms = {url, decoded(url)}  # judge both what was written and what an HTML parser would read
    return all(form_is_allowed(form) for form in forms)


def decoded(url: str) -> str:
    """The address with HTML entities decoded until nothing changes (so "&amp;#106;" is caught too)."""
    for _ in range(5):
        unescaped = html.unescape(url)
        if unescaped == url:
            return url
        url = unescaped
    return url


def form_is_allowed(url: str) -> bool:
    url = url.strip(SPACES)
    if not url or CONTROL.search(url) or "\\" in url:
        return False  # browsers drop tabs and newlines inside "java\tscript:" and read "\" as "/"
    scheme = SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        rest = url[scheme.end():]
        if name == "tel":
            return bool(TELEPHONE.fullmatch(rest))  # a number, never another address in disguise
        if name == "mailto":
            return "@" in rest and not any(c in rest for c in " <>\"'")
        return name in ALLOWED_SCHEMES
    # A relative link, or a path on this site (the 404 page uses those); "//host" is another site.
    return not url.startswith("//")


def safe_url(url) -> str:
    """The Jinja filter `safe_url`: the address if it is allowed, otherwise "" (a link to nowhere)."""
    return url if is_allowed(url) else ""
