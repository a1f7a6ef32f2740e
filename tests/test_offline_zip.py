"""The offline zip is written in a process of its own while the build goes on (offline_zip.py), or
in the build's own process when it cannot fork: either way it holds exactly the files written before
it finished, in the order they were written; a stopped build ends it without a zip, and a mistake is
raised as the build's own.

A build forks only in a process with no other threads, and the test run has some (the browser tests'
server), so each case runs in a fresh process, as `python build.py` does (see test_parallel.py)."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest

from support import PROJECT

CASES = r'''
import io, sys, threading, time, zipfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from localoffer import parallel
from localoffer.offline import NOT_SAVED, ZIP_PATH
from localoffer.offline_zip import ZipWriting
from localoffer.output import Staging
from localoffer.routes import url_for

folder, case, where = Path(sys.argv[2]), sys.argv[3], sys.argv[4]


def holds_what_was_written_in_batches_by_name_and_the_in_zip_pages():
    staging = Staging(folder / "site")
    staging.write("services/a/index.html", "<p>a service</p>")
    staging.write("about/index.html", "<p>about</p>")
    zipping = ZipWriting(staging)  # the first batch: the files written so far
    assert (zipping.process is not None) == (where == "own-process")
    staging.write("search/fallback-index.js", "index")
    staging.write("pagefind/pagefind.js", "search")  # cannot load from disk
    staging.write(url_for("openreferral"), "for other directories")
    for name in NOT_SAVED - {ZIP_PATH}:
        staging.write(name, "never saved")
    zipping.add_written()
    staging.write("my-list/items.js", "items")
    size = zipping.finish({"index.html": "<p>the page as it reads inside the zip</p>"})
    archive = zipfile.ZipFile(io.BytesIO((staging.root / ZIP_PATH).read_bytes()))
    assert archive.namelist() == ["local-offer/about/index.html", "local-offer/services/a/index.html",
                                  "local-offer/search/fallback-index.js", "local-offer/my-list/items.js",
                                  "local-offer/index.html"], archive.namelist()
    assert archive.read("local-offer/index.html") == b"<p>the page as it reads inside the zip</p>"
    assert archive.read("local-offer/services/a/index.html") == b"<p>a service</p>"
    assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    assert size == staging.sizes[ZIP_PATH] == (staging.root / ZIP_PATH).stat().st_size
    assert zipping.process is None


def same_files_give_the_same_zip():
    staging = Staging(folder / "site")
    for number in range(30):
        staging.write(f"page-{number}/index.html", f"<p>page {number}</p>" * number)
    zipping = ZipWriting(staging)
    assert (zipping.process is not None) == (where == "own-process")
    staging.write("search/vocabulary.js", "words")
    zipping.finish({"index.html": "home"})
    sys.stdout.buffer.write((staging.root / ZIP_PATH).read_bytes())


def stopping_ends_the_process_at_once_and_writes_nothing():
    staging = Staging(folder / "site")
    for number in range(50):
        staging.write(f"page-{number}.html", "<p>a page</p>")
    zipping = ZipWriting(staging)
    process = zipping.process
    assert process.is_alive()  # waiting for the rest of the files
    for _ in range(200):  # until it has started writing the zip
        if zipping.partial.exists():
            break
        time.sleep(0.02)
    assert zipping.partial.exists()
    zipping.stop()
    assert not process.is_alive() and zipping.process is None
    assert ZIP_PATH not in staging.sizes and not (staging.root / ZIP_PATH).exists()
    assert not zipping.partial.exists()  # what the process had written of the zip is gone too


def a_mistake_is_raised_by_finish_as_the_builds_own():
    staging = Staging(folder / "site")
    staging.write("index.html", "<p>a page</p>")
    (staging.root / "index.html").unlink()  # gone before the zip reads it
    zipping = ZipWriting(staging)
    try:
        zipping.finish({})
    except FileNotFoundError:
        assert ZIP_PATH not in staging.sizes and zipping.process is None
        assert not (staging.root / ZIP_PATH).exists() and not zipping.partial.exists()
    else:
        raise AssertionError("no mistake raised")


done = threading.Event()
if where == "no-fork":  # as in the preview, while the last site is deleted: the build must not fork then
    threading.Thread(target=done.wait).start()
assert parallel.can_fork() == (where == "own-process")
try:
    globals()[case]()
finally:
    done.set()
'''


def run_case(tmp_path, case: str, where: str) -> bytes:
    folder = tmp_path / where
    folder.mkdir()
    result = subprocess.run([sys.executable, "-c", CASES, str(PROJECT), str(folder), case, where],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    return result.stdout


@pytest.mark.parametrize("where", ["own-process", "no-fork"])
def test_the_zip_holds_what_was_written_in_batches_by_name_and_the_in_zip_pages(tmp_path, where):
    run_case(tmp_path, "holds_what_was_written_in_batches_by_name_and_the_in_zip_pages", where)


def test_the_same_files_give_the_same_zip_in_either_process(tmp_path):
    in_its_own = run_case(tmp_path, "same_files_give_the_same_zip", "own-process")
    assert in_its_own.startswith(b"PK") and in_its_own == run_case(tmp_path, "same_files_give_the_same_zip", "no-fork")


def test_stopping_ends_the_process_at_once_and_writes_nothing(tmp_path):
    run_case(tmp_path, "stopping_ends_the_process_at_once_and_writes_nothing", "own-process")


@pytest.mark.parametrize("where", ["own-process", "no-fork"])
def test_a_mistake_is_raised_by_finish_as_the_builds_own(tmp_path, where):
    run_case(tmp_path, "a_mistake_is_raised_by_finish_as_the_builds_own", where)


def test_the_zip_is_deflated_by_zlib_ng_at_its_level_and_reads_back_whole(tmp_path):
    """zipfile has no way to take another deflater, so write_archive replaces each entry's: this
    fails if a Python release stops using the replacement (Python's own zlib at level 9 makes
    another size of the same page)."""
    import zlib

    from localoffer.offline_zip import deflater, write_archive

    page = (PROJECT / "README.md").read_bytes()
    write_archive([("index.html", None)], {"index.html": page}.__getitem__, tmp_path / "offline.zip")
    archive = zipfile.ZipFile(tmp_path / "offline.zip")
    info = archive.getinfo("local-offer/index.html")
    by_zlib_ng, by_pythons_zlib = deflater(), zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    expected = len(by_zlib_ng.compress(page) + by_zlib_ng.flush())
    assert expected != len(by_pythons_zlib.compress(page) + by_pythons_zlib.flush())  # the test can tell them apart
    assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size == expected
    assert archive.read("local-offer/index.html") == page and archive.testzip() is None
