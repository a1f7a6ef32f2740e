"""Rendering on both cores (localoffer/parallel.py): the same site as on one core, and a second
process that fails only means this one renders its half."""
from __future__ import annotations

import os

import jinja2
import pytest

from minimal import make_minimal_project
from test_buildcache import comparable, site_files

from localoffer import parallel
from localoffer.pipeline import build_site


@pytest.fixture
def project(tmp_path):
    return make_minimal_project(tmp_path / "project")


@pytest.fixture
def forks(monkeypatch):
    """How many times a build rendered on two cores."""
    calls = []
    render_beside = parallel.render_beside

    def counted(*arguments):
        calls.append(1)
        return render_beside(*arguments)

    monkeypatch.setattr(parallel, "render_beside", counted)
    return calls


def test_two_cores_write_the_same_site_as_one(project, tmp_path, forks, monkeypatch):
    result = build_site(project, tmp_path / "two", use_cache=False)
    assert forks and result.pages >= parallel.PARALLEL_FROM
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10 ** 9)
    build_site(project, tmp_path / "one", use_cache=False)
    assert len(forks) == 1
    assert comparable(site_files(tmp_path / "two")) == comparable(site_files(tmp_path / "one"))


def test_if_the_second_process_fails_this_one_renders_its_half(project, tmp_path, forks, monkeypatch):
    build_site(project, tmp_path / "one", use_cache=False)
    builder = os.getpid()
    render_all = parallel.render_all

    def failing_in_the_fork(pages, render, record, progress=None):
        def render_here(page):
            if os.getpid() != builder:
                raise RuntimeError("the forked process fails")
            return render(page)
        return render_all(pages, render_here, record, progress)

    monkeypatch.setattr(parallel, "render_all", failing_in_the_fork)
    build_site(project, tmp_path / "two", use_cache=False)
    assert forks
    assert comparable(site_files(tmp_path / "two")) == comparable(site_files(tmp_path / "one"))


def test_a_template_mistake_is_raised_as_on_one_core(project, tmp_path, forks):
    template = project / "templates/term.html"
    template.write_text(template.read_text().replace("{% block main %}", "{% block main %}{{ no_such_thing.x }}"))
    with pytest.raises(jinja2.UndefinedError, match="no_such_thing"):
        build_site(project, tmp_path / "site", use_cache=False)
    assert forks
    assert not (tmp_path / "site").exists() and list(tmp_path.iterdir()) == [project]  # nothing left beside it
