"""Helpers shared by the tests (kept out of conftest.py so imports are unambiguous)."""
from __future__ import annotations

import textwrap
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# Figures tests report at the end of the run (pages checked and so on), printed by conftest.py.
REPORT: list[str] = []
