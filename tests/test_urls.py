"""The URL allow-list and the `safe_url` filter every published address goes through."""
from __future__ import annotations

import pytest

from minimal import make_minimal_project
from support import PROJECT
from localoffer.load import load_content
from localoffer.render import make_environment
from localoffer.sitemodel import build_model
from localoffer.urls import is_allowed, safe_url
from localoffer.validate import validate

ALLOWED = [
    "https://example.org/page",
    "HTTPS://EXAMPLE.ORG/",
    "http://example.org",
    "mailto:team@example.org",
    "tel:0115 496 0000",
    "tel:+441154960000",
    "services/futures/index.html",
    "../../guides/ehcp/index.html#how-it-works",
    "index.html?q=autism",
    "#main",
    "/local-offer/assets/style.css",
    "  https://example.org/with-spaces-around  ",
    "https://example.org/a?b=1&amp;c=2",
]

REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "  javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "&amp;#106;avascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "VbScRiPt:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/file",
    "//evil.example.org/page",
    "/\\evil.example.org",
    "\\\\evil.example.org",
    "https:\\\\evil.example.org",
    "",
    "   ",
    "services/x\x00.html",
    "https://example.org/\u0085",
    None,
    42,
    ["https://example.org"],
]


@pytest.mark.parametrize("url", ALLOWED)
def test_allowed_addresses(url):
    assert is_allowed(url)
    assert safe_url(url) == url


@pytest.mark.parametrize("url", REFUSED)
def test_refused_addresses(url):
    assert not is_allowed(url)
    assert safe_url(url) == ""


def test_the_filter_is_registered_for_templates(tmp_path):
    project = make_minimal_project(tmp_path / "project")
    content = load_content(project / "content")
    validate(content)
    environment = make_environment(PROJECT / "templates", build_model(content), assets={})
    template = environment.from_string('<a href="{{ url | safe_url }}">x</a>')
    assert template.render(url="javascript:alert(1)") == '<a href="">x</a>'
    assert template.render(url="https://example.org/?a=1&b=2") == '<a href="https://example.org/?a=1&amp;b=2">x</a>'
