"""`build.py serve` builds, serves on 127.0.0.1 and rebuilds when content changes."""
from __future__ import annotations

import gc
import html
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import weakref

from support import PROJECT
from minimal import make_minimal_project
from localoffer import parallel
from localoffer.preview_build import INTERRUPTED
from localoffer.serve import Preview
from localoffer.server import PreviewState


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def wait_for(condition, timeout: float = 20.0, step: float = 0.3) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def test_serve_previews_and_rebuilds_on_change(tmp_path):
    project = make_minimal_project(tmp_path)
    port = free_port()
    process = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--project", str(project),
                                "serve", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        url = f"http://127.0.0.1:{port}/services/other-service/index.html"
        assert "Another service" in fetch(url)
        service = project / "content/services/other-service.yaml"
        service.write_text(service.read_text().replace("name: Another service", "name: A renamed service"))
        assert wait_for(lambda: "A renamed service" in fetch(url))
        # A mistake keeps the last good preview up.
        service.write_text(service.read_text().replace("needs: [all]", "needs: [autsim]"))
        time.sleep(2.5)
        assert "A renamed service" in fetch(url)
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=10)
    assert "did you mean 'autism'?" in errors
    assert "Traceback" not in errors


def start_serve(project, port):
    return subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--project", str(project),
                             "serve", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_serve_survives_a_template_that_raises_and_shows_the_problem_in_the_page(tmp_path):
    project = make_minimal_project(tmp_path)
    port = free_port()
    process = start_serve(project, port)
    try:
        url = f"http://127.0.0.1:{port}/services/other-service/index.html"
        assert "Another service" in fetch(url)
        template = project / "templates/service.html"
        good = template.read_text()
        template.write_text(good.replace("{% block main %}", "{% block main %}{{ 1 // 0 }}", 1))
        assert wait_for(lambda: "bug in the site builder" in fetch(url))
        page = fetch(url)
        assert "Another service" in page  # the last good page, still served
        assert 'class="notice preview-problems" role="alert"' in page
        template.write_text(good)
        assert wait_for(lambda: "preview-problems" not in fetch(url))
        # Content problems show the same way, naming file, line and fix.
        service = project / "content/services/other-service.yaml"
        service.write_text(service.read_text().replace("needs: [all]", "needs: [autsim]"))
        assert wait_for(lambda: "did you mean 'autism'?" in html.unescape(fetch(url)))
        assert "content/services/other-service.yaml:" in fetch(url)
        assert process.poll() is None
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=10)
    assert "Traceback" not in errors


def test_serve_on_a_busy_port_says_so_without_touching_the_site(tmp_path):
    project = make_minimal_project(tmp_path)
    (project / "site").mkdir()
    (project / "site/marker.txt").write_text("the last good site")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--project", str(project),
                                 "serve", "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"Cannot preview on port {port}" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr and "bug" not in result.stderr
    assert [p.name for p in (project / "site").iterdir()] == ["marker.txt"]


def test_a_save_made_as_soon_as_the_preview_is_ready_is_shown(tmp_path):
    """'Previewing at' is printed only once changes are watched, so a save made at that moment is seen
    (before, it could be missed, and the preview kept the old page until the next save)."""
    project = make_minimal_project(tmp_path)
    port = free_port()
    process = start_serve(project, port)
    try:
        while not process.stdout.readline().startswith("Previewing at"):
            assert process.poll() is None, process.stderr.read()
        service = project / "content/services/other-service.yaml"
        service.write_text(service.read_text().replace("name: Another service", "name: Saved at once"))
        assert wait_for(lambda: "Saved at once" in fetch(f"http://127.0.0.1:{port}/services/other-service/index.html"))
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_after_each_rebuild_the_preview_frees_the_last_builds_objects_and_freezes_the_new(tmp_path):
    """The garbage collector must not walk a whole build's objects while an edit waits (serve.settle_memory):
    the new build's objects are frozen, and the last build's are freed, not kept frozen."""
    project = make_minimal_project(tmp_path / "project")
    preview = Preview(project, project / "site", PreviewState())
    try:
        preview.rebuild()
        first = weakref.ref(preview.quick)
        assert gc.get_freeze_count() > 0
        preview.rebuild()
        assert first() is None and preview.quick is not None
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_template_saved_through_a_temporary_file_is_shown_before_the_full_build(tmp_path):
    """Editors (and sed -i) often save by renaming a temporary file over the template: the change
    then names that file too, gone by the time it is seen, and must not hold back the fast path; nor
    must a backup the editor keeps beside it."""
    project = make_minimal_project(tmp_path / "project")
    preview = Preview(project, project / "site", PreviewState())
    try:
        preview.rebuild()
        footer = project / "templates/partials/footer.html"
        footer.write_text(footer.read_text().replace("</footer>", "<!-- saved by rename -->\n</footer>", 1))
        gone = footer.with_name("sedX1y2Z3")  # written, renamed over footer.html, so no longer there
        preview.update_at_once({footer, gone})
        assert "<!-- saved by rename -->" in (project / "site/services/other-service/index.html").read_text()
        # an editor's backup of the template, kept beside it, is not a template
        footer.with_name("footer.html~").write_text(footer.read_text())
        footer.write_text(footer.read_text().replace("<!-- saved by rename -->", "<!-- saved again -->"))
        preview.update_at_once({footer, footer.with_name("footer.html~")})
        assert "<!-- saved again -->" in (project / "site/services/other-service/index.html").read_text()
    finally:
        gc.unfreeze()


def test_the_full_build_runs_in_a_process_of_its_own(tmp_path, monkeypatch):
    """The preview has threads, so a build inside it could not fork its helpers (parallel.can_fork)
    and did all its work on one core; a process of its own has one thread."""
    project = make_minimal_project(tmp_path / "project", languages=True)

    def in_this_process():  # every build asks, before reading the content on two cores
        raise AssertionError("the preview built the site in its own process")

    monkeypatch.setattr(parallel, "can_fork", in_this_process)
    preview = Preview(project, project / "site", PreviewState())
    try:
        preview.rebuild()
        assert preview.state.problems == []
        assert "Another service" in (project / "site/services/other-service/index.html").read_text()
        # The fast path plans the pages again from what the build process sent: a template change
        # re-renders every page, in every language, exactly as the build process made it.
        built = {path: path.read_bytes() for path in (project / "site").rglob("*.html")}
        assert preview.quick.all_pages() > len(built) / 2
        assert {path: path.read_bytes() for path in (project / "site").rglob("*.html")} == built
    finally:
        gc.unfreeze()


def started_build(preview: Preview) -> threading.Thread:
    """A full build of the preview, in a thread, once its process is writing the site."""
    building = threading.Thread(target=preview.rebuild)
    building.start()
    assert wait_for(lambda: preview.builds.process is not None, timeout=10, step=0.01)
    # then once it is writing its staging folder (which lives for about a second, so look often)
    assert wait_for(lambda: any(preview.project.glob(".site-*")), timeout=20, step=0.01)
    return building


def test_stopping_the_preview_stops_its_build_and_leaves_nothing_behind(tmp_path):
    project = make_minimal_project(tmp_path / "project", languages=True)
    preview = Preview(project, project / "site", PreviewState())
    building = started_build(preview)
    preview.builds.stop()
    building.join(timeout=20)
    assert not building.is_alive() and preview.builds.process.returncode == INTERRUPTED  # stopped, not killed
    assert preview.state.problems == []  # a stopped build is not a failure to report
    assert list(tmp_path.joinpath("project").glob(".site-*")) == [] and not (project / "site").exists()
    preview.rebuild()  # and once stopped, no other build starts
    assert not (project / "site").exists()


def test_a_build_process_that_dies_is_reported_and_the_next_build_cleans_up(tmp_path):
    project = make_minimal_project(tmp_path / "project", languages=True)
    preview = Preview(project, project / "site", PreviewState())
    try:
        building = started_build(preview)
        preview.builds.process.kill()
        building.join(timeout=20)
        assert preview.state.heading.startswith("The site was not rebuilt because of a bug in the site builder")
        assert preview.state.problems == [f"the build process stopped (exit status -{signal.SIGKILL})"]
        preview.rebuild()
        assert preview.state.problems == [] and (project / "site/index.html").is_file()
        assert list(tmp_path.joinpath("project").glob(".site-*")) == []
    finally:
        gc.unfreeze()
