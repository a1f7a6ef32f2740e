"""Rendering on both cores (localoffer/parallel.py): the same site as on one core, and a second
process that fails only means this one renders its half.

A build forks only in a process with no other threads, and the test run has some (the browser tests'
server), so the builds on two cores run in a fresh process, as `python build.py` does."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from minimal import make_minimal_project
from support import PROJECT
from test_buildcache import comparable, site_files

from localoffer import parallel
from localoffer.pipeline import build_site

# A build in a process of its own: how many times it rendered on two cores, and how it ended.
FRESH_BUILD = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from localoffer import parallel
from localoffer.pipeline import build_site
forks, render_beside, render_all, builder = [], parallel.render_beside, parallel.render_all, os.getpid()

def counted(*arguments):
    forks.append(1)
    return render_beside(*arguments)

def failing_in_the_fork(pages, render, record, progress=None):
    def render_here(page):
        if os.getpid() != builder:
            raise RuntimeError("the forked process fails")
        return render(page)
    return render_all(pages, render_here, record, progress)

parallel.render_beside = counted
if sys.argv[4] == "fail-in-the-fork":
    parallel.render_all = failing_in_the_fork
try:
    build_site(Path(sys.argv[2]), Path(sys.argv[3]), use_cache=False)
    outcome = "built"
except Exception as error:
    outcome = f"{type(error).__name__}: {error}"
print(json.dumps({"forks": len(forks), "outcome": outcome}))
"""


def fresh_build(project, output, how: str = "plain") -> dict:
    result = subprocess.run([sys.executable, "-c", FRESH_BUILD, str(PROJECT), str(project), str(output), how],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def project(tmp_path):
    return make_minimal_project(tmp_path / "project")


@pytest.fixture
def one_core(project, tmp_path, monkeypatch):
    """The same project built on one core, in this process."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10 ** 9)
    build_site(project, tmp_path / "one", use_cache=False)
    return comparable(site_files(tmp_path / "one"))


def test_two_cores_write_the_same_site_as_one(project, tmp_path, one_core):
    build = fresh_build(project, tmp_path / "two")
    assert build == {"forks": 1, "outcome": "built"}
    assert comparable(site_files(tmp_path / "two")) == one_core


def test_if_the_second_process_fails_this_one_renders_its_half(project, tmp_path, one_core):
    build = fresh_build(project, tmp_path / "two", "fail-in-the-fork")
    assert build == {"forks": 1, "outcome": "built"}
    assert comparable(site_files(tmp_path / "two")) == one_core


def test_a_template_mistake_is_raised_as_on_one_core(project, tmp_path):
    template = project / "templates/term.html"
    template.write_text(template.read_text().replace("{% block main %}", "{% block main %}{{ no_such_thing.x }}"))
    build = fresh_build(project, tmp_path / "site")
    assert build["forks"] == 1 and build["outcome"].startswith("UndefinedError") and "no_such_thing" in build["outcome"]
    assert not (tmp_path / "site").exists() and list(tmp_path.iterdir()) == [project]  # nothing left beside it
