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
    """This process's child processes that are Pagefind."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and b"pagefind" in command:
            found.append(pid)
    return found


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
