"""Helpers shared by the tests (kept out of conftest.py so imports are unambiguous)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    """Change one piece of a content file, failing loudly if the piece is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_cli(project: Path, *args: str, **options) -> subprocess.CompletedProcess:
    """`python build.py --project PROJECT ARGS...` as an editor or CI would run it."""
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), "--project", str(project), *args],
                          capture_output=True, text=True, **options)


# Figures tests report at the end of the run (pages checked and so on), printed by conftest.py.
REPORT: list[str] = []


def wider_than_viewport(page, addresses, before_measuring=None) -> list[str]:
    """The addresses whose page scrolls sideways in the page's viewport (reflow, WCAG 1.4.10), with
    their widths. `before_measuring(page)` runs on each loaded page first (to style or check it)."""
    wide = []
    for address in addresses:
        page.goto(address)
        if before_measuring:
            before_measuring(page)
        scroll_width, client_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll_width > client_width:
            wide.append(f"{address}: {scroll_width}px wide")
    return wide


def index_part_stamps(site: Path) -> list[dict]:
    """Each search index part's files (search.part_files), with their inodes and times: a part made
    again has new ones, a part the build cache reused keeps them."""
    from localoffer import search
    parts, number = [], 0
    while (site / search.part_folder(number)).is_dir():
        parts.append({path: ((site / path).stat().st_ino, (site / path).stat().st_mtime_ns)
                      for path in search.part_files(site, number)})
        number += 1
    return parts
