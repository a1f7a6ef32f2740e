"""The preview's full build, in a process of its own.

The preview runs threads (its web server, its file watcher, its builder), and a process with other
threads must not fork (one of them may hold a lock the forked copy would wait on for ever), so a build
inside the preview did all its work on one core (parallel.can_fork). A new Python process has one
thread, so its build uses both: at 10,000 services, from an edit saved to the site rebuilt took 46 to
51 s inside the preview, and takes 32 to 36 s this way. The build process sends back the content it
loaded; the preview makes the page model and plans the pages from it again (pipeline.plan_site, about
3 s of that at 10,000 services) for its fast path (quick.py), as planned pages cannot be sent: they
hold their language's functions for the templates.
"""
from __future__ import annotations

import datetime
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import parallel
from .pipeline import BuildResult, build_site, plan_site
from .problems import ContentError, Problem
from .sitemodel import build_model

INTERRUPTED = 130  # the build process's exit status when stopped by Ctrl-C
STOP_WAIT = 10  # seconds a build process has to discard its staging folder when the preview stops


@dataclass
class Built:
    """What a build process sends back when the site is built."""
    content: object
    warnings: list[Problem]
    assets: dict
    today: datetime.date


class BuildFailed(Exception):
    """The build process stopped without building the site, for a reason that is not the content's."""


class BuildStopped(Exception):
    """The build process was stopped (Ctrl-C, or the preview stopping it): nothing to report."""


class BuildProcess:
    """Runs full builds for the preview, one at a time, each in a new process; `stop()` ends the one
    running (if any), leaving no staging folder behind, and no other starts after it."""

    def __init__(self, project: Path, output: Path):
        self.project, self.output = project.resolve(), output.absolute()
        self.process: subprocess.Popen | None = None  # the last build process started
        self.answered: list[subprocess.Popen] = []  # build processes that answered but may not have ended
        self.stopped = False
        self.lock = threading.Lock()  # between starting a build and stopping it

    def build(self) -> BuildResult:
        """Build the site, and plan its pages for the fast path. Raises ContentError for the content's
        problems, BuildStopped if stopped, BuildFailed for any other reason."""
        started = time.perf_counter()
        answer = self.answer_of_a_build()
        kind, what = pickle.loads(answer)  # from our own process, never from content, so pickle is safe
        if kind == "content":
            raise ContentError(what)
        if kind == "bug":
            raise BuildFailed(what)
        model = build_model(what.content, what.today)
        planned = plan_site(self.project, what.content, model).pages
        return BuildResult(planned, what.warnings, time.perf_counter() - started, model, content=what.content,
                           assets=what.assets)

    def answer_of_a_build(self) -> bytes:
        with self.lock:
            if self.stopped:
                raise BuildStopped()
            self.answered = [process for process in self.answered if process.poll() is None]  # reaps the ended
            # The build process dies with this one by itself (parallel.die_with).
            self.process = process = subprocess.Popen(
                parallel.python_running(__name__, str(self.project), str(self.output), str(os.getpid())),
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=parallel.with_package_importable())
        # Read until the build process closes its end once it has answered: it may then go on for some
        # seconds deleting the last site (output.replace_folder), which need not hold up the preview.
        answer = process.stdout.read()
        process.stdout.close()
        if answer and not self.stopped:
            with self.lock:
                self.answered.append(process)
            return answer
        # Wait for it to end: it dies with the thread that started it (parallel.die_with).
        status = process.wait()
        if status in (INTERRUPTED, -signal.SIGINT) or self.stopped:
            raise BuildStopped()
        raise BuildFailed(f"the build process stopped (exit status {status})")

    def stop(self) -> None:
        """Ctrl-C for a build still running, so it discards its staging folder, then wait for every
        build process to end (one that answered may still be deleting the last site); each is killed
        if it has not ended within STOP_WAIT seconds."""
        with self.lock:
            self.stopped = True
            building = self.process if self.process not in self.answered else None
        if building is not None and building.poll() is None:
            building.send_signal(signal.SIGINT)
        for process in [*self.answered, *filter(None, [building])]:
            try:
                process.wait(STOP_WAIT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def answer_channel():
    """The build process's standard output, for its answer alone: anything else printed (by Python or
    by a program it runs) goes to standard error. Closing it tells the preview the answer is whole."""
    answer = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return answer


def main(arguments: list[str]) -> int:
    """The build process: build, and write the answer (pickled) to standard output."""
    project, output, preview = Path(arguments[0]), Path(arguments[1]), int(arguments[2])
    answer = answer_channel()
    # The preview stops a build with Ctrl-C, even if it was itself started with Ctrl-C ignored (as a
    # shell starts a command in the background), which this process would otherwise inherit.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if not parallel.die_with(preview):
        return 1
    try:
        result = build_site(project, output)
        said = ("built", Built(result.content, result.warnings, result.assets, result.model.today))
    except ContentError as error:
        said = ("content", error.problems)
    except KeyboardInterrupt:  # Ctrl-C, or the preview stopping: the build has discarded its staging folder
        return INTERRUPTED
    except Exception as error:  # noqa: BLE001 (a builder bug, shown in the preview like any failure)
        said = ("bug", f"{type(error).__name__}: {error}")
    answer.write(pickle.dumps(said, protocol=pickle.HIGHEST_PROTOCOL))
    answer.close()  # the preview reads until here; deleting the last site goes on (output.replace_folder)
    return 0


if __name__ == "__main__":
    # Run as `python -m`, this file is __main__: take main() from the module itself, so what it pickles
    # (Built) is named as the preview will find it.
    from localoffer.preview_build import main as build_and_answer
    sys.exit(build_and_answer(sys.argv[1:]))
