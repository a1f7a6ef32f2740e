"""The offline zip: the whole site as one file, for families with no internet at home.

It is written in a process of its own while the build goes on (ZipWriting): started once the pages
are written, it compresses them while the build makes everything else. Compressing is most of the
zip's work; on a thread, it kept waiting for Python's lock, held by the build, and took longer than
on its own. If the build cannot fork (another thread is running: see parallel.can_fork) or the
process fails, the zip is written here at the end instead, so a mistake is raised as it would be
without the other process.
"""
from __future__ import annotations

import multiprocessing
import os
import zipfile
from pathlib import Path
from typing import Callable, Iterable, NoReturn

from zlib_ng import zlib_ng

from . import parallel
from .offline import NOT_IN_ZIP, NOT_SAVED, NOT_SAVED_FOLDERS, ZIP_PATH

Item = tuple[str, "str | None"]  # a site path, and the text to store (None: the file written there)


class ZipWriting:
    """The zip of every file written before `finish`, in the order the build wrote them (a batch at
    each `add_written`, by name), except what is never saved (offline.NOT_SAVED, NOT_SAVED_FOLDERS)
    and Pagefind (NOT_IN_ZIP). The build writes each file once, so a file read for the zip never
    changes afterwards. `finish` adds the pages that offer the download, in the versions given (which
    say where the reader already is instead of showing a size), and gives the zip's size.
    `stop` (a mistake or Ctrl-C) ends the other process at once, and leaves no zip.

    The zip is written straight into the staging folder, under a name of its own until it is whole
    (`partial`), by the process that compresses it: at 10,000 services it is about 100 MB, which
    sending back would have held in both processes' memory."""

    def __init__(self, staging):
        self.staging = staging
        self.target = staging.path_of(ZIP_PATH)  # checked, and its folder made, before anything is written
        self.partial = self.target.with_name(self.target.name + ".partial")
        self.items: list[Item] = []  # everything sent, to write the zip here if the process fails
        self.taken: set[str] = set()  # every file written so far, queued or left out
        self.process, self.connection = start_process(staging, self.partial) if parallel.can_fork() else (None, None)
        self.add_written()

    def add_written(self) -> None:
        """Add the files written since the last call, by name."""
        new = sorted(set(self.staging.sizes) - self.taken)
        self.taken.update(new)
        self.send([(name, None) for name in new if in_zip(name)])

    def finish(self, in_zip_versions: dict[str, str]) -> int:
        self.add_written()
        self.send(sorted(in_zip_versions.items()))
        try:
            if not self.written_by_process():
                write_archive(self.items, self.staging.read, self.partial)
            self.partial.replace(self.target)
        finally:
            self.partial.unlink(missing_ok=True)  # a zip left half written by a mistake
        size = self.target.stat().st_size
        self.staging.record_file(ZIP_PATH, size)
        return size

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.connection.close()
            self.process = None
        self.partial.unlink(missing_ok=True)

    def send(self, batch: list[Item]) -> None:
        """A batch to the process, in one message: it is sent while the process compresses, and a
        message per file would wait whenever the pipe is full."""
        self.items += batch
        if self.process is not None and batch:
            try:
                self.connection.send(batch)
            except OSError:  # the process ended: the zip is written here instead
                self.stop()

    def written_by_process(self) -> bool:
        """Has the other process written the whole zip? False if there is none or it failed."""
        if self.process is None:
            return False
        try:
            self.connection.send(None)
            done = self.connection.recv()
        except (OSError, EOFError):
            done = False
        self.process.join()
        done = done is True and self.process.exitcode == 0
        self.connection.close()
        self.process = None
        return done


def in_zip(name: str) -> bool:
    return name not in NOT_SAVED and not name.startswith(NOT_SAVED_FOLDERS + NOT_IN_ZIP)


def start_process(staging, target: Path):
    here, there = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(
        target=zip_in_process, args=(there, staging, target, os.getpid()), name="offline-zip", daemon=True)
    process.start()
    there.close()
    return process, here


def zip_in_process(connection, staging, target: Path, parent: int) -> NoReturn:
    """The forked process: writes the zip of the batches it is sent until None, then says it is done."""
    def zip_and_say() -> None:
        items = (item for batch in iter(connection.recv, None) for item in batch)
        write_archive(items, staging.read, target)
        connection.send(True)

    parallel.run_as_child(zip_and_say, parent)


# zlib-ng's deflate at level 6: the zip of the pages of 10,000 services (707 MB) took 4.3 s, against
# 8.0 s with Python's zlib at level 9, and is 1% larger (for the shipped content, 4.64 MB against 4.60).
DEFLATE_LEVEL = 6


def deflater():
    """A raw deflate stream, as a zip entry holds it."""
    return zlib_ng.compressobj(DEFLATE_LEVEL, zlib_ng.DEFLATED, -zlib_ng.MAX_WBITS)


def write_archive(items: Iterable[Item], read: Callable[[str], bytes], target: Path) -> None:
    with zipfile.ZipFile(target, "w") as archive:
        for name, text in items:
            data = text.encode("utf-8") if text is not None else read(name)
            # A fixed date keeps the file identical when nothing changed.
            info = zipfile.ZipInfo(f"local-offer/{name}", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type, info.file_size = zipfile.ZIP_DEFLATED, len(data)
            with archive.open(info, "w") as entry:
                # zipfile deflates with Python's zlib and has no way to take another deflater, so the
                # entry's is replaced before anything is written (tests/test_offline_zip.py checks it is used).
                entry._compressor = deflater()
                entry.write(data)
