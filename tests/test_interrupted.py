"""Builds that are killed, interrupted or short of disk leave the last good site exactly as it was and
no leftovers; editors' tools used wrongly say what to do in one line."""
from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import PROJECT
from minimal import make_minimal_project

BUILD = [sys.executable, str(PROJECT / "build.py")]


def build(project, *args, **kwargs):
    return subprocess.run([*BUILD, "--project", str(project), *args], capture_output=True, text=True, **kwargs)


# Pagefind names its filter files differently on each run, and the offline list and service worker
# name those files: a whole new build differs from the last only there.
VARIES_BY_RUN = ("pagefind/", "offline-manifest.json", "sw.js")


def fingerprint(folder: Path) -> str:
    """The site's files and contents, so a half-written or mixed site never matches a whole one."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if name.startswith(VARIES_BY_RUN):
            continue
        digest.update(name.encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.glob(".site-*"))


@pytest.fixture(scope="module")
def built_project(tmp_path_factory):
    project = make_minimal_project(tmp_path_factory.mktemp("interrupted") / "project")
    assert build(project).returncode == 0
    return project


def test_a_build_killed_at_any_moment_leaves_the_site_as_it_was_and_no_leftovers(built_project):
    before = fingerprint(built_project / "site")
    timer = random.Random(20261123)
    for _ in range(6):
        process = subprocess.Popen([*BUILD, "--project", str(built_project)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(timer.uniform(0.3, 2.5))
        process.kill()
        process.wait()
        assert fingerprint(built_project / "site") == before
    assert build(built_project).returncode == 0
    assert leftovers(built_project) == []
    assert fingerprint(built_project / "site") == before


def test_leftovers_of_running_builds_and_other_folders_are_kept(built_project):
    dead = built_project / ".site-new-999999999-abc"
    dead.mkdir()
    running = built_project / f".site-new-{os.getppid()}-xyz"  # a build that is still running
    running.mkdir()
    other = built_project / ".site-notes"
    other.mkdir()
    try:
        assert build(built_project).returncode == 0
        assert not dead.exists() and running.exists() and other.exists()
    finally:
        running.rmdir()
        other.rmdir()


def before_build_py_ran(returncode: int, errors: str) -> bool:
    """Ctrl-C while Python itself is still starting, before build.py's first line: Python ends with
    the signal (-2, which a shell shows as 130 too) or, once its own handler is set, with its own
    KeyboardInterrupt report from its start-up modules. Nothing of ours has run, so nothing to test."""
    if returncode == -signal.SIGINT:
        return errors == ""
    return returncode == 1 and "KeyboardInterrupt" in errors and "build.py" not in errors and "localoffer" not in errors


def test_ctrl_c_stops_with_one_plain_line_quickly(built_project):
    before = fingerprint(built_project / "site")
    for delay in (0.05, 0.4, 1.0, 1.8):
        process = subprocess.Popen([*BUILD, "--project", str(built_project)], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        _, errors = process.communicate(timeout=30)
        # Stopping must not wait for Pagefind or the rest of the build (a hang would take the whole
        # build, or for ever). It may finish deleting the old site if the swap was already done, so no
        # leftover stays beside site/: about 0.2 s here, but once 2.02 s on a loaded 2-core machine.
        assert time.monotonic() - started < 10.0, f"took {time.monotonic() - started:.1f} s after Ctrl-C"
        if process.returncode == 0:
            continue  # it had finished before the signal came
        if before_build_py_ran(process.returncode, errors):
            continue
        assert process.returncode == 130, errors
        assert "Traceback" not in errors
        assert errors.strip().splitlines()[-1] == "Stopped. The previous site has been left as it was."
    assert fingerprint(built_project / "site") == before
    assert build(built_project).returncode == 0 and leftovers(built_project) == []


@pytest.fixture
def small_disk(tmp_path):
    """A mount point for a small tmpfs, or a skip with the reason where this machine cannot mount one."""
    mount = tmp_path / "small"
    mount.mkdir()

    def make(options: str) -> Path:
        made = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)], capture_output=True)
        if made.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs here ({made.stderr.decode().strip() or 'not permitted'})")
        return mount
    yield make
    subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_is_named_as_such(tmp_path, small_disk):
    mount = small_disk("size=600k")
    project = make_minimal_project(tmp_path / "project")
    result = build(project, "--output", str(mount / "site"))
    assert result.returncode == 3, result.stderr
    assert "the disk is full" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in mount.iterdir()] == []  # nothing half-written left behind


def test_a_read_only_output_folder_is_named_as_such(tmp_path, small_disk):
    mount = small_disk("size=1m,ro")
    project = make_minimal_project(tmp_path / "project")
    result = build(project, "--output", str(mount / "site"))
    assert result.returncode == 3, result.stderr
    assert "read-only" in result.stderr and "Traceback" not in result.stderr


def test_changes_with_a_branch_that_does_not_exist_says_what_to_do(tmp_path):
    project = make_minimal_project(tmp_path / "project")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    result = build(project, "changes", "--base", "no-such-branch")
    assert result.returncode == 1
    assert "git could not compare with that commit" in result.stderr and "--base origin/main" in result.stderr
    assert "Traceback" not in result.stderr and "bug" not in result.stderr
    assert not (project / "site").exists()


def test_changes_without_git_says_git_is_needed(tmp_path):
    project = make_minimal_project(tmp_path / "project")
    env = {**os.environ, "PATH": str(tmp_path / "no-programs-here")}
    result = subprocess.run([*BUILD, "--project", str(project), "changes"], capture_output=True, text=True, env=env)
    assert result.returncode == 1 and "needs git" in result.stderr and "Traceback" not in result.stderr


def test_an_unfilled_new_service_fails_check_naming_each_field_to_write(tmp_path):
    project = make_minimal_project(tmp_path / "project")
    assert build(project, "new", "service", "Brand new service").returncode == 0
    result = build(project, "check")
    assert result.returncode == 1
    unfilled = [line for line in result.stderr.splitlines() if "example words" in line]
    fields = {line.split("'")[1] for line in unfilled}
    assert {"summary", "organisation", "reviewed_by", "eligibility", "how_to_ask", "name"} <= fields, unfilled
    assert all(line.startswith("content/services/brand-new-service.yaml:") for line in unfilled)


def test_an_unfilled_new_guide_fails_check(tmp_path):
    project = make_minimal_project(tmp_path / "project")
    assert build(project, "new", "guide", "How do I do this?").returncode == 0
    result = build(project, "check")
    assert result.returncode == 1
    assert "content/guides/how-do-i-do-this.md:" in result.stderr and "example words" in result.stderr
