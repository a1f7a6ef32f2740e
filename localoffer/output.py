"""The staging folder a build writes into, and the swap that puts it in place of site/.

Every file a stage writes goes through `Staging.write`, which refuses any path that would leave the
staging folder (checked where the file is written, not afterwards) and keeps the list of files and
their sizes, so later stages (the zip, Save for offline, the link check) never list the folder again.
"""
from __future__ import annotations

import os
import posixpath
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Callable

# Staging and old-site folders sit beside site/ and carry the builder's process id, so a later build
# can tell the leftovers of a killed build from the folders of a build still running.
NEW_PREFIX, OLD_PREFIX = ".site-new-", ".site-old-"
LEFTOVER = re.compile(r"^\.site-(?:new|old)-(\d+)-")


def temporary_name(prefix: str) -> str:
    return f"{prefix}{os.getpid()}-"


def replace_file(path: Path, text: str) -> None:
    """Write a file whole: readers (a browser, the next build) see the old file or the new one, never
    half of one. The folder is made if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def remove_leftovers(output: Path) -> list[str]:
    """Delete the staging and old-site folders that killed builds left beside `output` (only ours,
    only there, and only when the build that made one is no longer running)."""
    return remove_folders_of_ended_builds(output.parent, ".site-*", LEFTOVER)


def remove_folders_of_ended_builds(folder: Path, names: str, process_of: re.Pattern) -> list[str]:
    """Delete the folders in `folder` whose names match `names` (a glob) and carry, as the first part
    of `process_of`, the id of a build's process that is no longer running: never a link."""
    removed = []
    for path in folder.glob(names):
        match = process_of.match(path.name)
        if match and path.is_dir() and not path.is_symlink() and not process_running(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def process_running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own leftovers, from a build that failed earlier in this process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class OutsideSite(Exception):
    """A stage tried to write outside the staging folder: a builder bug, never done."""


class Staging:
    def __init__(self, output: Path):
        self.output = output
        self.root = Path(tempfile.mkdtemp(prefix=temporary_name(NEW_PREFIX), dir=output.parent))
        self.root.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
        self.sizes: dict[str, int] = {}  # site path -> bytes, for every file written
        self._folders: set[str] = set()  # folders already made and checked
        self._linked: set[str] = set()  # files that are hard links to the last site's (see link)

    def path_of(self, relative: str) -> Path:
        clean = posixpath.normpath(relative)
        if relative.startswith("/") or clean in (".", "..") or clean.startswith("../") \
                or "\\" in relative or "\0" in relative:
            raise OutsideSite(f"refused to write '{relative}': it is outside the site folder")
        folder = posixpath.dirname(clean)
        if folder not in self._folders:
            # A folder on the way that is a link could lead anywhere; the build never makes links.
            current = self.root
            for part in folder.split("/") if folder else []:
                current = current / part
                if current.is_symlink():
                    raise OutsideSite(f"refused to write '{relative}': a folder on its way is a link")
            current.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        target = self.root / clean
        if target.is_symlink():
            raise OutsideSite(f"refused to write '{relative}': it is a link")
        return target

    def write(self, relative: str, data: bytes | str) -> int:
        if isinstance(data, str):
            data = data.encode("utf-8")
        target = self.path_of(relative)
        if self._linked and posixpath.normpath(relative) in self._linked:
            target.unlink()  # never write through a link into the last site's file
            self._linked.discard(posixpath.normpath(relative))
        target.write_bytes(data)
        self.sizes[posixpath.normpath(relative)] = len(data)
        return len(data)

    def link(self, source: Path, relative: str, recorded: bool = True) -> int:
        """Put an unchanged file of the last site in place as a hard link: no copy, no write, and
        the swap still moves the whole folder at once. OSError if the file system cannot link.
        Not `recorded`: noted later with the rest of its folder, as if another program had written
        it (record_folder)."""
        target = self.path_of(relative)
        os.link(source, target)
        size = target.lstat().st_size
        self._linked.add(posixpath.normpath(relative))
        if recorded:
            self.sizes[posixpath.normpath(relative)] = size
        return size

    def copy(self, source: Path, relative: str) -> int:
        return self.write(relative, source.read_bytes())

    def record_file(self, relative: str, size: int) -> None:
        """Note a file another process of the build wrote (parallel.py)."""
        self.sizes[posixpath.normpath(relative)] = size

    def with_files_written(self, work: Callable, *arguments) -> tuple:
        """(work(*arguments), {site path: size} of the files it wrote), for work done in a forked process
        (parallel.Beside), whose notes of what it wrote stay in it: record_files takes them back."""
        before = set(self.sizes)
        done = work(*arguments)
        return done, {path: size for path, size in self.sizes.items() if path not in before}

    def record_files(self, sizes: dict[str, int]) -> None:
        for relative, size in sizes.items():
            self.record_file(relative, size)

    def record_folder(self, relative: str) -> None:
        """Note the files another program wrote into a folder of the site (Pagefind)."""
        folder = self.root / relative
        for path in folder.rglob("*"):
            if path.is_symlink():
                raise OutsideSite(f"refused '{path}': the site may not contain links")
            if path.is_file():
                self.sizes[path.relative_to(self.root).as_posix()] = path.stat().st_size

    def forget(self, relative: str) -> None:
        (self.root / relative).unlink(missing_ok=True)
        self.sizes.pop(relative, None)
        self._linked.discard(relative)

    def files(self) -> list[str]:
        return sorted(self.sizes)

    def read(self, relative: str) -> bytes:
        return self.path_of(relative).read_bytes()

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def replace_folder(staging: Path, output: Path) -> None:
    """Swap the new site in with renames, so readers see the old site or the new one, never half of one."""
    if not output.exists():
        staging.rename(output)
        return
    old = Path(tempfile.mkdtemp(prefix=temporary_name(OLD_PREFIX), dir=output.parent))
    old.rmdir()
    output.rename(old)
    try:
        staging.rename(output)
    except BaseException:
        old.rename(output)
        raise
    # The new site is in place: deleting the old one need not hold up the build's result or the next
    # preview. If the process is killed first, the next build removes the leftover.
    threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}, name="delete-old-site").start()
