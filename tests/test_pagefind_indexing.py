"""Pagefind indexes in its own process while the build goes on (search.PagefindIndexing): finishing
gives the index, and stopping (a failed or stopped build) ends Pagefind's process and leaves nothing
behind."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from minimal import make_minimal_project
from localoffer import search
from localoffer.load import load_content
from localoffer.output import Staging
from localoffer.pages import plan_pages
from localoffer.sitemodel import build_model


def records_of(project: Path) -> list:
    content = load_content(project / "content")
    model = build_model(content)
    return search.search_records(plan_pages(model), content.taxonomy.get("same_meaning", []))


def pagefind_children() -> list[str]:
    """The processes this one started, and theirs, that run Pagefind (pagefind_runs and its runs)."""
    return list(pagefind_commands())


def pagefind_commands() -> dict[str, bytes]:
    """pagefind_children with the command line each was started with, read once: a process can end
    between two looks at /proc."""
    parent_of, command_of = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            parent_of[pid] = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
            command_of[pid] = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue

    def started_here(pid: str) -> bool:
        while pid in parent_of and pid != "1":
            pid = parent_of[pid]
            if pid == str(os.getpid()):
                return True
        return False
    return {pid: command_of[pid] for pid in parent_of if b"pagefind" in command_of.get(pid, b"") and started_here(pid)}


def pagefind_runs() -> list[str]:
    """Pagefind itself running for this process, not the process that runs it in turn."""
    return [pid for pid, command in pagefind_commands().items() if b"pagefind_runs" not in command]


def test_finishing_gives_the_index_and_removes_the_copies(tmp_path):
    records = records_of(make_minimal_project(tmp_path / "project"))
    staging = Staging(tmp_path / "site")
    indexing = search.PagefindIndexing(staging, records)
    indexing.finish()
    assert (staging.root / "pagefind/pagefind.js").is_file()
    assert any(name.startswith("pagefind/") for name in staging.files())
    assert not indexing.copies.exists()
    assert pagefind_children() == []


def test_the_copies_a_killed_build_left_are_removed_by_the_next_and_a_running_builds_kept(tmp_path):
    folder = search.copies_folder()
    ended = subprocess.Popen(["true"])  # its process id is no longer running once it is waited for
    ended.wait()
    killed = Path(tempfile.mkdtemp(prefix=f"localoffer-index-{ended.pid}-", dir=folder))
    running = Path(tempfile.mkdtemp(prefix=f"localoffer-index-{os.getppid()}-", dir=folder))
    (killed / "services").mkdir()
    try:
        records = records_of(make_minimal_project(tmp_path / "project"))
        search.PagefindIndexing(Staging(tmp_path / "site"), records).finish()
        assert not killed.exists()
        assert running.exists()
    finally:
        shutil.rmtree(killed, ignore_errors=True)
        shutil.rmtree(running, ignore_errors=True)


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def test_stopping_ends_pagefinds_process_and_nothing_is_written_afterwards(tmp_path):
    records = records_of(make_minimal_project(tmp_path / "project"))
    for wait in (0.0, 0.2, 0.5):  # as soon as it starts, and while it runs
        staging = Staging(tmp_path / f"site-{wait}")
        indexing = search.PagefindIndexing(staging, records)
        time.sleep(wait)
        indexing.stop()
        assert indexing.process.poll() is not None
        assert pagefind_children() == []
        assert not indexing.copies.exists()
        if wait == 0.0:
            assert not (staging.root / "pagefind").exists()  # cancelled before it could write
        written = files_in(staging.root)
        time.sleep(0.5)
        assert files_in(staging.root) == written
        staging.discard()


def test_nothing_to_index_makes_no_index_and_no_error(tmp_path):
    staging = Staging(tmp_path / "site")
    indexing = search.PagefindIndexing(staging, [])
    indexing.finish()
    assert not (staging.root / "pagefind").exists() and not indexing.copies.exists()


def test_pagefinds_own_error_is_raised_with_its_words(tmp_path):
    records = records_of(make_minimal_project(tmp_path / "project"))
    staging = Staging(tmp_path / "site")
    (staging.root / "pagefind").write_text("a file where Pagefind's folder should be")
    indexing = search.PagefindIndexing(staging, records)
    with pytest.raises(RuntimeError, match="Pagefind stopped with code"):
        indexing.finish()
    assert not indexing.copies.exists()


def test_pagefind_runs_with_the_allocator_settings_and_its_allocator_reads_them(tmp_path, monkeypatch):
    # The settings only help if the bundled Pagefind's allocator reads them: asked to, it prints
    # the options it runs with when it ends.
    settings = search.PAGEFIND_ALLOCATOR["_RJEM_MALLOC_CONF"]
    monkeypatch.setitem(search.PAGEFIND_ALLOCATOR, "_RJEM_MALLOC_CONF", settings + ",stats_print:true")
    records = records_of(make_minimal_project(tmp_path / "project"))
    indexing = search.PagefindIndexing(Staging(tmp_path / "site"), records)
    indexing.process.wait()
    indexing.errors.seek(0)
    printed = indexing.errors.read().decode()
    indexing.finish()
    for option in settings.split(","):
        name, value = option.split(":")
        assert re.search(rf"^\s*opt\.{name}: {value}\b", printed, re.MULTILINE), (option, printed[:500])


def test_each_languages_pages_are_dealt_in_turn_into_parts_of_at_most_the_limit(monkeypatch):
    monkeypatch.setattr(search, "PAGES_PER_INDEX_PART", 3)
    pages = [("en", n) for n in range(7)] + [("ur", n) for n in range(2)]
    parts = search.index_parts(pages, lambda page: page[0], lambda page: page[1])
    assert parts == [[("en", 0), ("en", 3), ("en", 6), ("ur", 0), ("ur", 1)],
                     [("en", 1), ("en", 4)], [("en", 2), ("en", 5)]]
    assert search.index_parts([], lambda page: page[0], lambda page: page[1]) == []


def test_a_large_sites_index_is_made_in_parts_one_pagefind_at_a_time(tmp_path, monkeypatch):
    records = records_of(make_minimal_project(tmp_path / "project"))
    monkeypatch.setattr(search, "PAGES_PER_INDEX_PART", 1)
    assert len(records) >= 2
    staging = Staging(tmp_path / "site")
    indexing = search.PagefindIndexing(staging, records)
    most_at_once = 0
    while indexing.process.poll() is None:
        most_at_once = max(most_at_once, len(pagefind_runs()))
        time.sleep(0.01)
    indexing.finish()
    assert most_at_once == 1
    assert (staging.root / "pagefind/pagefind.js").is_file()
    for number in range(1, len(records)):
        part = staging.root / search.part_folder(number)
        assert (part / "pagefind-entry.json").is_file() and list(part.glob("index/*"))
        assert not list(part.glob("pagefind*.js")) and not list(part.glob("wasm.*"))  # the first part's serve
    assert f"{search.part_folder(len(records) - 1)}/pagefind-entry.json" in staging.files()


def test_stopping_an_index_in_parts_ends_the_run_under_way(tmp_path, monkeypatch):
    records = records_of(make_minimal_project(tmp_path / "project"))
    monkeypatch.setattr(search, "PAGES_PER_INDEX_PART", 1)
    staging = Staging(tmp_path / "site")
    indexing = search.PagefindIndexing(staging, records)
    deadline = time.monotonic() + 10
    while not pagefind_runs() and time.monotonic() < deadline:
        time.sleep(0.005)
    if not pagefind_runs():  # say why: the runner's exit status and what it printed
        indexing.errors.seek(0)
        pytest.fail(f"no Pagefind run seen; runner status {indexing.process.poll()}, "
                    f"printed {indexing.errors.read()[-800:]!r}")
    indexing.stop()  # stopped while a run is under way
    assert pagefind_children() == []
    written = files_in(staging.root)
    time.sleep(0.5)
    assert files_in(staging.root) == written
    staging.discard()
