"""The Nu Html Checker (vnu.jar from the npm registry) finds no errors on any page."""
from __future__ import annotations

import json
import subprocess

import pytest

from support import PROJECT, REPORT

VNU = PROJECT / "node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.mark.browser
def test_every_page_is_valid_html(site):
    pages = sorted(p for p in site.rglob("*.html"))
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m['url'].split(str(site))[-1]}:{m.get('lastLine', '?')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    REPORT.append(f"Nu Html Checker: {len(pages)} pages checked, {len(errors)} errors")
    assert errors == []
    assert result.returncode == 0, f"the checker failed (exit {result.returncode}): {result.stderr[-2000:]}"
    assert len(pages) > 100
