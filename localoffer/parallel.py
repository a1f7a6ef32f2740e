"""Work on both cores. Reading and checking the content files are split in two (in_two,
each_in_two): each file is worked on alone, so half of them go to a forked process, which sends back
what it found (at 10,000 services, reading went from 8.1 s to 4.8 s and checking from 13.6 s to 7.3 s).

Rendering: a long list of pages is rendered partly in this process and partly in a
forked one, because the build renders while the machine's other core is idle (Pagefind indexes only
afterwards). bench/parallel_render.py measured 20.9 s on one core against 11.9 s on two, for the
2,396 pages of 1,000 services with the four languages.

The pages are cut into chunks, and each process takes the next chunk whenever it is free (from a
pipe of chunk numbers both read), so neither waits for the other. Pages that share rendered parts
(a language's listings share their cards: render.ListedItems) form one chunk, taken first, so each
card is rendered in one process only: when the pages were dealt out one by one, both processes
rendered nearly every card, a third more work at 10,000 services.

The forked process writes its pages into the same staging folder and sends back their sizes. It
dies with the build (PR_SET_PDEATHSIG), and the build kills and waits for it if anything goes wrong,
so a stopped or killed build never leaves something writing. If it fails in any way, this process
renders the pages it did not send back, so a template mistake is reported exactly as on one core.
Only a process with no other threads forks: a thread could hold a lock that the fork would wait on
for ever.
"""
from __future__ import annotations

import ctypes
import json
import os
import pickle
import signal
import sys
import threading
from pathlib import Path
from typing import Callable, NoReturn

PARALLEL_FROM = 100  # pages: below this, a second process saves too little to be worth it
PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


def fork() -> int:
    """os.fork, with Ctrl-C held back until it has returned. Python runs its at-fork handlers (logging
    has some) as Python code, and a KeyboardInterrupt raised inside one is only printed ("Exception
    ignored in: _releaseLock"), not raised: the build went on, and the preview's stop (which sends
    Ctrl-C) did not stop it."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    child = os.fork()
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # raises a Ctrl-C held back
    except KeyboardInterrupt:  # only here: a forked process has no signal waiting
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        raise
    return child


PACKAGE_PARENT = Path(__file__).resolve().parent.parent  # the folder holding localoffer/


def python_running(module: str, *arguments: str) -> list[str]:
    """The command that runs one of this package's modules in a new Python process, given the
    environment from `with_package_importable`."""
    return [sys.executable, "-m", module, *arguments]


def with_package_importable(**variables: str) -> dict:
    """This process's environment, plus `variables`, with this package importable by a new Python
    process wherever the build runs from."""
    paths = filter(None, [str(PACKAGE_PARENT), os.environ.get("PYTHONPATH")])
    return {**os.environ, **variables, "PYTHONPATH": os.pathsep.join(paths)}


def die_with_parent() -> None:
    """Have the kernel kill this process when the one that started it ends (Linux; elsewhere nothing)."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def die_with(parent: int) -> bool:
    """For a process the build forked, or a new Python process the build or the preview started
    (never through preexec_fn, which is not safe in a process with threads): die with `parent`;
    False if it has already ended."""
    die_with_parent()
    return os.getppid() == parent


def render_all(pages: list, render: Callable, record: Callable[[str, int], None], progress=None,
               group_of: Callable = lambda page: None) -> None:
    """Set each page's size, rendering and writing it with `render(page) -> size`; `record(path,
    size)` notes a file the other process wrote. Pages with the same `group_of(page)` (not None)
    share rendered parts, so are rendered in the same process."""
    if len(pages) < PARALLEL_FROM or not can_fork():
        for number, page in enumerate(pages, start=1):
            page.size = render(page)
            report(progress, number, len(pages))
        return
    rendered_here: set[str] = set()
    sizes = render_beside(chunks_of(pages, group_of), render, rendered_here, progress, len(pages))
    for page in pages:
        if page.path in rendered_here:
            continue
        if sizes is not None and isinstance(sizes.get(page.path), int):
            page.size = sizes[page.path]
            record(page.path, page.size)
        else:
            page.size = render(page)  # the other process failed: raise its mistake here, or write the page


def chunks_of(pages: list, group_of: Callable) -> list[list]:
    """Each group's pages as one chunk, the largest first, then the other pages in chunks of a few,
    in their order: at most MAX_CHUNKS in all, so their numbers fit in a pipe before the fork."""
    groups: dict = {}
    alone = []
    for page in pages:
        group = group_of(page)
        if group is None:
            alone.append(page)
        else:
            groups.setdefault(group, []).append(page)
    size = max(CHUNK, -(-len(alone) // (MAX_CHUNKS - len(groups))))
    return sorted(groups.values(), key=len, reverse=True) + [alone[i:i + size] for i in range(0, len(alone), size)]


CHUNK = 8  # pages alone in a chunk: small, so both processes finish at about the same time
MAX_CHUNKS = 8000  # 4 bytes each: a pipe holds 64 KB


def render_beside(chunks: list[list], render: Callable, rendered_here: set, progress, total: int) -> dict | None:
    """Render the chunks here and in a forked process, each taking the next chunk when free. Adds the
    paths rendered here to `rendered_here`; returns the other process's sizes by path, or None."""
    tickets, dealing = os.pipe()
    os.write(dealing, b"".join(number.to_bytes(4, "little") for number in range(len(chunks))))
    os.close(dealing)  # every chunk is dealt: a read after the last one gives nothing
    reading, writing = os.pipe()
    parent = os.getpid()
    child = fork()
    if child == 0:
        os.close(reading)
        render_in_child(chunks, tickets, render, writing, parent)
    os.close(writing)
    try:
        for page in taken(chunks, tickets):
            page.size = render(page)
            rendered_here.add(page.path)
            report(progress, 2 * len(rendered_here), total)
        answer = read_all(reading)
        _, status = os.waitpid(child, 0)
        child = 0
        return json.loads(answer) if os.waitstatus_to_exitcode(status) == 0 and answer else None
    finally:
        os.close(reading)
        os.close(tickets)
        if child:  # stopped part way (Ctrl-C, a mistake in our pages): stop the other process too
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)


def taken(chunks: list[list], tickets: int):
    """The pages of each chunk this process takes, until none is left. A read of 4 bytes from a pipe
    is never split between two readers."""
    while number := os.read(tickets, 4):
        yield from chunks[int.from_bytes(number, "little")]


def render_in_child(chunks: list[list], tickets: int, render: Callable, writing: int, parent: int) -> NoReturn:
    """The forked process: render the chunks it takes and send the sizes."""
    def render_and_send() -> None:
        sizes = {page.path: render(page) for page in taken(chunks, tickets)}
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(json.dumps(sizes).encode())

    run_as_child(render_and_send, parent)


class Beside:
    """work() done in a forked process while this one goes on; `result()` waits for it and returns
    what it returned. `work` must return something pickle can send, and change nothing the caller
    keeps but files: what the forked process changes in memory stays in it. Without a fork, or if the
    forked process fails, `result()` does the work here, so a mistake is raised here exactly as on one
    core. `stop()` (also on leaving a `with` block) kills a forked process still at work: a stopped
    or failed build must not leave one writing."""

    def __init__(self, work: Callable[[], object], worth_it: bool = True):
        self.work, self.child = work, 0
        if not (worth_it and can_fork()):
            return
        self.reading, writing = os.pipe()
        parent = os.getpid()
        self.child = fork()
        if self.child == 0:
            os.close(self.reading)

            def work_and_send() -> None:
                answer = pickle.dumps(work())
                with os.fdopen(writing, "wb") as pipe:
                    pipe.write(answer)

            run_as_child(work_and_send, parent)
        os.close(writing)

    def result(self):
        if not self.child:
            return self.work()
        answer = read_all(self.reading)  # the forked process may wait on a full pipe until now
        _, status = os.waitpid(self.child, 0)
        self.child = 0
        os.close(self.reading)
        # The answer comes from this build's own forked process, never from content, so pickle is safe.
        return pickle.loads(answer) if os.waitstatus_to_exitcode(status) == 0 and answer else self.work()

    def stop(self) -> None:
        if self.child:
            os.kill(self.child, signal.SIGKILL)
            os.waitpid(self.child, 0)
            os.close(self.reading)
            self.child = 0

    def __enter__(self) -> "Beside":
        return self

    def __exit__(self, *exception) -> None:
        self.stop()


def in_two(items: list, work: Callable[[list], object]) -> list:
    """[work(first part), work(second part)] of the items (every other one each, so the parts are
    alike), the second part done in a forked process while this one does the first (Beside, whose
    conditions apply)."""
    parts = items[0::2], items[1::2]
    with Beside(lambda: work(parts[1]), worth_it=len(items) >= PARALLEL_FROM) as other:
        return [work(parts[0]), other.result()]


def each_in_two(function: Callable, items: list) -> list:
    """[function(item) for item in items], half of them done in a forked process (in_two, whose
    conditions apply)."""
    ordered = [None] * len(items)
    ordered[0::2], ordered[1::2] = in_two(items, lambda part: [function(item) for item in part])
    return ordered


def run_as_child(work: Callable[[], None], parent: int) -> NoReturn:
    """In a process the build forked: do `work` and leave without running any of the build's exit
    handlers (os._exit), with status 0 if it was done and 1 if it failed, so the build does it
    itself and reports any mistake. Ctrl-C stops it at once (the build reports it), and it dies
    with the build. Never returns."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if die_with(parent):  # else the build died before it could be told
            work()
            code = 0
    except BaseException:  # noqa: BLE001 (the build does the work again and reports any mistake)
        pass
    finally:
        os._exit(code)


def read_all(reading: int) -> bytes:
    chunks = []
    while chunk := os.read(reading, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def report(progress, number: int, total: int) -> None:
    if progress:
        progress(min(number, total), total)
