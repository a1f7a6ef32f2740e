"""The offline zip is written in a process of its own while the build goes on (offline_zip.py), or
in the build's own process when it cannot fork: either way it holds exactly the files written before
it finished, in the order they were written; a stopped build ends it without a zip, and a mistake is
raised as the build's own."""
from __future__ import annotations

import io
import threading
import zipfile
from contextlib import contextmanager

import pytest

from localoffer import parallel
from localoffer.offline import NOT_SAVED, ZIP_PATH
from localoffer.offline_zip import ZipWriting
from localoffer.output import Staging
from localoffer.routes import url_for


@contextmanager
def another_thread_running():
    """As in the preview, while the last site is deleted: the build must not fork then."""
    done = threading.Event()
    thread = threading.Thread(target=done.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        yield
    finally:
        done.set()
        thread.join()


@pytest.fixture(params=["own process", "no fork"])
def where(request):
    if request.param == "no fork":
        with another_thread_running():
            yield request.param
    else:
        yield request.param


def test_the_zip_holds_what_was_written_in_batches_by_name_and_the_in_zip_pages(tmp_path, where):
    staging = Staging(tmp_path / "site")
    staging.write("services/a/index.html", "<p>a service</p>")
    staging.write("about/index.html", "<p>about</p>")
    zipping = ZipWriting(staging)  # the first batch: the files written so far
    assert (zipping.process is not None) == (where == "own process")
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
                                  "local-offer/index.html"]
    assert archive.read("local-offer/index.html") == b"<p>the page as it reads inside the zip</p>"
    assert archive.read("local-offer/services/a/index.html") == b"<p>a service</p>"
    assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    assert size == staging.sizes[ZIP_PATH] == (staging.root / ZIP_PATH).stat().st_size
    assert zipping.process is None


def test_the_same_files_give_the_same_zip_in_either_process(tmp_path):
    def zip_of(folder) -> bytes:
        folder.mkdir()
        staging = Staging(folder / "site")
        for number in range(30):
            staging.write(f"page-{number}/index.html", f"<p>page {number}</p>" * number)
        zipping = ZipWriting(staging)
        staging.write("search/vocabulary.js", "words")
        zipping.finish({"index.html": "home"})
        return (staging.root / ZIP_PATH).read_bytes()

    in_its_own = zip_of(tmp_path / "a")
    with another_thread_running():
        assert zip_of(tmp_path / "b") == in_its_own


def test_stopping_ends_the_process_at_once_and_writes_nothing(tmp_path):
    staging = Staging(tmp_path / "site")
    for number in range(50):
        staging.write(f"page-{number}.html", "<p>a page</p>")
    zipping = ZipWriting(staging)
    process = zipping.process
    assert process.is_alive()  # waiting for the rest of the files
    zipping.stop()
    assert not process.is_alive() and zipping.process is None
    assert ZIP_PATH not in staging.sizes and not (staging.root / ZIP_PATH).exists()


def test_a_mistake_is_raised_by_finish_as_the_builds_own(tmp_path, where):
    staging = Staging(tmp_path / "site")
    staging.write("index.html", "<p>a page</p>")
    (staging.root / "index.html").unlink()  # gone before the zip reads it
    zipping = ZipWriting(staging)
    with pytest.raises(FileNotFoundError):
        zipping.finish({})
    assert ZIP_PATH not in staging.sizes and zipping.process is None
