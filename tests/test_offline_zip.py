"""The offline zip is written on a thread of its own while the build goes on (offline.ZipWriting):
it holds exactly the files written before it finished, in the order they were written, and a
stopped build ends it without a zip."""
from __future__ import annotations

import io
import threading
import zipfile

import pytest

from localoffer.offline import NOT_SAVED, ZIP_PATH, ZipWriting
from localoffer.output import Staging
from localoffer.routes import url_for


def zip_threads() -> list[str]:
    return [thread.name for thread in threading.enumerate() if thread.name.startswith("offline-zip")]


def test_the_zip_holds_what_was_written_in_batches_by_name_and_the_in_zip_pages(tmp_path):
    staging = Staging(tmp_path / "site")
    staging.write("services/a/index.html", "<p>a service</p>")
    staging.write("about/index.html", "<p>about</p>")
    zipping = ZipWriting(staging)  # the first batch: the files written so far
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
    assert zip_threads() == []


class PausedStaging(Staging):
    """A real staging folder whose first read waits until it is let go, so the test can stop the zip
    while it is being written."""

    def __init__(self, output):
        super().__init__(output)
        self.reading, self.let_go = threading.Event(), threading.Event()
        self.reads = 0

    def read(self, relative: str) -> bytes:
        self.reads += 1
        self.reading.set()
        assert self.let_go.wait(10)
        return super().read(relative)


def test_stopping_ends_the_zip_at_the_next_file_and_writes_nothing(tmp_path):
    staging = PausedStaging(tmp_path / "site")
    for number in range(50):
        staging.write(f"page-{number}.html", "<p>a page</p>")
    zipping = ZipWriting(staging)
    assert staging.reading.wait(10)
    # let the read go on once the stop is asked for, as Ctrl-C during the zip would
    threading.Thread(target=lambda: zipping.stopping.wait(10) and staging.let_go.set()).start()
    zipping.stop()
    assert staging.reads == 1  # not one file more
    assert ZIP_PATH not in staging.sizes and not (staging.root / ZIP_PATH).exists()
    assert zip_threads() == []


def test_stopping_while_the_zip_waits_for_files_ends_it(tmp_path):
    staging = Staging(tmp_path / "site")
    zipping = ZipWriting(staging)  # nothing written yet: its thread waits for files
    zipping.stop()
    assert ZIP_PATH not in staging.sizes and zip_threads() == []


def test_a_mistake_in_the_zip_is_raised_by_finish(tmp_path):
    staging = Staging(tmp_path / "site")
    staging.write("index.html", "<p>a page</p>")
    (staging.root / "index.html").unlink()  # gone before the zip reads it
    zipping = ZipWriting(staging)
    with pytest.raises(FileNotFoundError):
        zipping.finish({})
    assert ZIP_PATH not in staging.sizes and zip_threads() == []
