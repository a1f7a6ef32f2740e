"""`build.py serve` builds, serves on 127.0.0.1 and rebuilds when content changes."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from support import PROJECT
from minimal import make_minimal_project


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


def wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
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
