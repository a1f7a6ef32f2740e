"""`check-links --external` against a web server started here (there is no internet in tests): one
good link, one dead (404), one redirect and one that never answers in time."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from minimal import make_minimal_project
from support import PROJECT, write
from localoffer.links import CACHE_FILE, Settings, check_links

SLOW_SECONDS = 3


class Handler(BaseHTTPRequestHandler):
    hits: list = []  # (path, method, monotonic time), shared by the test

    def answer(self):
        Handler.hits.append((self.path, self.command, time.monotonic()))
        if self.path == "/good":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/good")
        elif self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.send_response(200)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


FAST = Settings(timeout=0.5, retries=1, per_host_interval=0.05, backoff=0.05)


def test_good_dead_redirected_and_timed_out_links(server, tmp_path):
    urls = [f"{server}/good", f"{server}/gone", f"{server}/moved", f"{server}/slow", f"{server}/no-head"]
    results = {r.url.removeprefix(server): r for r in check_links(urls, tmp_path / "links.json", FAST)}
    assert (results["/good"].state, results["/good"].status) == ("ok", 200)
    assert (results["/gone"].state, results["/gone"].status) == ("dead", 404)
    assert (results["/moved"].state, results["/moved"].status, results["/moved"].location) == ("redirect", 301, "/good")
    assert (results["/slow"].state, results["/slow"].detail) == ("failed", "no answer within the time limit")
    assert results["/no-head"].state == "ok"  # a site that refuses HEAD is asked with GET
    asked = [path for path, _, _ in Handler.hits]
    assert asked.count("/slow") == 2  # tried again once: a time-out may pass
    assert asked.count("/gone") == 1  # a 404 will not


def test_one_host_is_asked_one_request_at_a_time_and_spaced_out(server, tmp_path):
    settings = Settings(timeout=2, retries=0, per_host_interval=0.2)
    check_links([f"{server}/good", f"{server}/gone", f"{server}/moved"], None, settings)
    times = sorted(moment for _, _, moment in Handler.hits)
    assert all(later - earlier >= 0.19 for earlier, later in zip(times, times[1:]))


def test_recent_answers_are_cached_and_failures_are_asked_again(server, tmp_path):
    cache = tmp_path / "links.json"
    urls = [f"{server}/good", f"{server}/gone", f"{server}/slow"]
    check_links(urls, cache, FAST)
    assert set(json.loads(cache.read_text())) == {f"{server}/good", f"{server}/gone"}
    Handler.hits = []
    results = check_links(urls, cache, FAST)
    assert [path for path, _, _ in Handler.hits] == ["/slow", "/slow"]
    assert [r.state for r in results] == ["ok", "dead", "failed"]
    Handler.hits = []
    check_links(urls[:1], cache, Settings(**{**FAST.__dict__, "max_age": 0}))  # too old: asked again
    assert [path for path, _, _ in Handler.hits] == ["/good"]


def test_the_command_reports_each_link_with_its_file_and_line(server, tmp_path):
    project = make_minimal_project(tmp_path / "project")
    for service in (project / "content/services").glob("*.yaml"):  # only this server's links
        text = service.read_text().replace("    website: https://example.org/team\n", "")
        service.write_text(text[:text.index("sources:")])
    write(project / "content/guides/links-guide.md", f"""
        ---
        title: A guide with links to other websites
        summary: A guide that links to pages on other websites, some of which have moved.
        topic: education
        last_reviewed: 2026-01-10
        reviewed_by: Local Offer team
        ---

        Read [a good page]({server}/good).

        Read [a page that is gone]({server}/gone) and [a page that moved]({server}/moved).

        And [a slow page]({server}/slow).
        """)
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--project", str(project), "check-links",
                             "--external", "--timeout", "0.5"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"content/guides/links-guide.md:11: the link {server}/gone is dead: the site answered 404 Not Found - " \
           "find the page's new address on that website, or remove the link" in lines
    assert f"warning: content/guides/links-guide.md:11: the link {server}/moved now leads to /good - check the " \
           "new page is the right one and use its address" in lines
    assert f"warning: content/guides/links-guide.md:13: the link {server}/slow could not be checked: no answer " \
           "within the time limit - try again later; if it keeps failing, check the site by hand" in lines
    assert "Traceback" not in result.stderr
    assert "Checked 4 links to other websites: 1 fine, 1 redirected, 1 could not be checked, 1 dead." in result.stdout
    assert (project / CACHE_FILE).exists()


def test_without_external_only_the_contents_own_links_are_checked(tmp_path):
    project = make_minimal_project(tmp_path / "project")
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--project", str(project), "check-links"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "add --external" in result.stdout
