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

def failing_in_the_fork(pages, render, record, progress=None, group_of=None):
    def render_here(page):
        if os.getpid() != builder:
            raise RuntimeError("the forked process fails")
        return render(page)
    return render_all(pages, render_here, record, progress, group_of)

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


class Listed:
    def __init__(self, path: str, group):
        self.path, self.group, self.size = path, group, 0


def test_chunks_keep_each_group_whole_largest_first_then_the_rest_in_order():
    pages = [Listed(f"p{n}", None) for n in range(20)] + [Listed(f"en{n}", "") for n in range(3)] \
        + [Listed(f"ur{n}", "ur") for n in range(5)]
    chunks = parallel.chunks_of(pages, lambda page: page.group)
    assert [[page.path for page in chunk] for chunk in chunks[:2]] == [[f"ur{n}" for n in range(5)],
                                                                      [f"en{n}" for n in range(3)]]
    assert [page.path for chunk in chunks[2:] for page in chunk] == [f"p{n}" for n in range(20)]
    assert all(len(chunk) <= parallel.CHUNK for chunk in chunks[2:])
    many = [Listed(f"p{n}", None) for n in range(parallel.MAX_CHUNKS * parallel.CHUNK * 3)]
    assert len(parallel.chunks_of(many, lambda page: None)) <= parallel.MAX_CHUNKS


# render_all in a process of its own (it forks only without other threads): which process rendered each page
WHO_RENDERED = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
from localoffer import parallel

class Page:
    def __init__(self, path, group):
        self.path, self.group, self.size = path, group, 0

pages = [Page(f"alone-{n}", None) for n in range(300)]
pages += [Page(f"{code}-{n}", code) for code in ("en", "ur", "pl") for n in range(40)]

def render(page):
    time.sleep(0.001)  # as a page takes time, so both processes take chunks
    with open(os.path.join(sys.argv[2], page.path), "a") as file:  # a page rendered twice has two lines
        file.write(f"{os.getpid()}\n")
    return 1

parallel.render_all(pages, render, lambda path, size: None, group_of=lambda page: page.group)
by = {page.path: open(os.path.join(sys.argv[2], page.path)).read() for page in pages}
print(json.dumps({"by": by, "sizes": [page.size for page in pages]}))
"""


def test_each_groups_pages_are_rendered_in_one_process_and_every_page_once(tmp_path):
    result = subprocess.run([sys.executable, "-c", WHO_RENDERED, str(PROJECT), str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    answer = json.loads(result.stdout)
    by = answer["by"]
    assert all(text.count("\n") == 1 for text in by.values())  # every page rendered once
    assert len(set(by.values())) == 2  # both processes rendered
    for code in ("en", "ur", "pl"):
        assert len({process for path, process in by.items() if path.startswith(f"{code}-")}) == 1
    assert answer["sizes"] == [1] * len(by)  # every page has its size, from whichever process
    assert len(list(tmp_path.iterdir())) == len(by)
