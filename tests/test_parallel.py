"""Rendering on both cores (localoffer/parallel.py): the same site as on one core, and a second
process that fails only means this one renders its half.

A build forks only in a process with no other threads, and the test run has some (the browser tests'
server), so the builds on two cores run in a fresh process, as `python build.py` does."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from minimal import make_minimal_project
from support import PROJECT
from test_buildcache import comparable, site_files

from localoffer import parallel
from localoffer.buildcache import FOLDER
from localoffer.pipeline import build_site, check_content
from localoffer.problems import ContentError

# A build in a process of its own: how many times it rendered on two cores, and how it ended.
FRESH_BUILD = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from localoffer import openreferral, parallel
from localoffer.pipeline import build_site
forks, render_beside, render_all, builder = [], parallel.render_beside, parallel.render_all, os.getpid()
write_export = openreferral.write_export

def counted(*arguments):
    forks.append(1)
    return render_beside(*arguments)

def failing_in_the_fork(pages, render, record, progress=None, group_of=None):
    def render_here(page):
        if os.getpid() != builder:
            raise RuntimeError("the forked process fails")
        return render(page)
    return render_all(pages, render_here, record, progress, group_of)

def export_failing_in_the_fork(staging, model):
    if os.getpid() != builder:
        raise RuntimeError("the forked process fails")
    return write_export(staging, model)

parallel.render_beside = counted
if sys.argv[4] == "fail-in-the-fork":
    parallel.render_all = failing_in_the_fork
if sys.argv[4] == "export-fails-in-the-fork":
    openreferral.write_export = export_failing_in_the_fork
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
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
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


def test_if_the_export_fails_in_its_own_process_this_one_writes_it(project, tmp_path, one_core):
    build = fresh_build(project, tmp_path / "two", "export-fails-in-the-fork")
    assert build == {"forks": 1, "outcome": "built"}
    assert comparable(site_files(tmp_path / "two")) == one_core
    assert (tmp_path / "two/openreferral/services.json").is_file()


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


# each_in_two in a process of its own: each item's result, and whether this process worked it out
EACH_IN_TWO = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
from localoffer import parallel
builder, how = os.getpid(), sys.argv[2]

def work(number):
    if how == "fail-in-the-fork" and os.getpid() != builder:
        raise RuntimeError("the forked process fails")
    if how == "mistake" and number == 151:
        raise ValueError(f"item {number} is wrong")
    return [number * number, os.getpid() == builder]

try:
    print(json.dumps({"results": parallel.each_in_two(work, list(range(300)))}))
except ValueError as error:
    print(json.dumps({"error": str(error), "children": os.listdir(f"/proc/{os.getpid()}/task")}))
"""


def each_in_two(how: str) -> dict:
    result = subprocess.run([sys.executable, "-c", EACH_IN_TWO, str(PROJECT), how],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_each_in_two_gives_every_result_in_order_half_from_a_second_process():
    results = each_in_two("plain")["results"]
    assert [square for square, _ in results] == [n * n for n in range(300)]
    assert [here for _, here in results] == [n % 2 == 0 for n in range(300)]  # every other one in the fork


def test_each_in_two_does_the_second_half_here_if_the_other_process_fails():
    results = each_in_two("fail-in-the-fork")["results"]
    assert results == [[n * n, True] for n in range(300)]


def test_each_in_two_raises_a_mistake_here_as_on_one_core():
    assert each_in_two("mistake")["error"] == "item 151 is wrong"  # 151 is in the forked process's half


# check_content in a process of its own, where it reads and checks half the files in a forked process
FRESH_CHECK = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from localoffer import parallel
from localoffer.pipeline import check_content
from localoffer.problems import ContentError
forks, fork = [], os.fork
os.fork = lambda: forks.append(1) or fork()
try:
    check_content(Path(sys.argv[2]))
    problems = []
except ContentError as error:
    problems = [[p.path, p.line, p.message, p.warning] for p in error.problems]
print(json.dumps({"forks": len(forks), "problems": problems}))
"""


def test_checking_content_on_two_cores_finds_what_one_core_finds(tmp_path, monkeypatch):
    """With more files than parallel.PARALLEL_FROM, both reading and checking the files fork; mistakes
    in files of both halves come back, and so do the schema passes."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT / "content", project / "content")
    services = sorted((project / "content/services").glob("*.yaml"))
    for number, service in enumerate(services[:6]):  # some in each half of the files
        text = service.read_text(encoding="utf-8")
        service.write_text(text + "  broken: [\n" if number % 3 == 0 else
                           text.replace("last_reviewed:", "last_reviewed: 3000-01-01\nold_reviewed:", 1)
                           if number % 3 == 1 else text + "needs: [no-such-need]\n", encoding="utf-8")
    for number, service in enumerate(services[10:40]):  # over PARALLEL_FROM documents
        text = service.read_text(encoding="utf-8")
        (project / f"content/services/copy-{number}.yaml").write_text(text.replace("\nid:", "\nold_id:"), encoding="utf-8")
    (project / "content/guides/no-such-guide.pl.md").write_text("---\ntitle: x\n---\ntext\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", FRESH_CHECK, str(PROJECT), str(project)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    two = json.loads(result.stdout)
    two_cores_passes = (project / FOLDER / "schema-passes.json").read_text(encoding="utf-8")
    (project / FOLDER / "schema-passes.json").unlink()
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10 ** 9)
    with pytest.raises(ContentError) as one:
        check_content(project)
    assert two["forks"] == 2  # reading, then checking
    assert two["problems"] == [[p.path, p.line, p.message, p.warning] for p in one.value.problems]
    assert {p[0] for p in two["problems"] if not p[3]} >= {f"content/services/{s.name}" for s in services[:6]}
    assert len(json.loads(two_cores_passes)["passed"]) > 40
    assert (project / FOLDER / "schema-passes.json").read_text(encoding="utf-8") == two_cores_passes


# Ctrl-C arriving while the build forks: Python runs its at-fork handlers as Python code, and a
# KeyboardInterrupt raised in one was only printed, so the build went on.
CTRL_C_AT_A_FORK = r"""
import os, signal, sys
sys.path.insert(0, sys.argv[1])
from localoffer import parallel
signal.signal(signal.SIGINT, signal.default_int_handler)  # as a build run from a terminal has it
os.register_at_fork(before=lambda: os.kill(os.getpid(), signal.SIGINT))  # Ctrl-C at the fork itself
try:
    with parallel.Beside(lambda: 1) as other:
        other.result()
    print("went on")
except KeyboardInterrupt:
    try:
        os.waitpid(-1, os.WNOHANG)
        print("stopped, but the forked process is left")
    except ChildProcessError:  # none left: it was killed and waited for
        print("stopped")
"""


def test_ctrl_c_while_the_build_forks_stops_it():
    result = subprocess.run([sys.executable, "-c", CTRL_C_AT_A_FORK, str(PROJECT)], capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.strip() == "stopped", result.stderr
