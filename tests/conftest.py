"""Shared fixtures: the project, a built copy of the shipped site, and small content projects."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import PROJECT, REPORT  # noqa: E402

from localoffer.pipeline import build_site  # noqa: E402


@pytest.fixture(scope="session")
def project() -> Path:
    return PROJECT


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The shipped content, built once per test run into a temporary folder."""
    output = tmp_path_factory.mktemp("built") / "site"
    result = build_site(PROJECT, output)
    return result, output


@pytest.fixture(scope="session")
def site(built) -> Path:
    return built[1]


@pytest.fixture
def sample_project(tmp_path) -> Path:
    """A copy of the project's content, templates and assets that a test may break on purpose."""
    for folder in ("content", "templates", "assets"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    return tmp_path


def pytest_terminal_summary(terminalreporter):
    """Print what the checks covered, e.g. how many pages axe-core and the Nu Html Checker saw."""
    if REPORT:
        terminalreporter.section("what was checked")
        for line in REPORT:
            terminalreporter.write_line(line)
