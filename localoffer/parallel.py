"""Rendering on both cores: a long list of pages is rendered half in this process and half in a
forked one, because the build renders while the machine's other core is idle (Pagefind indexes only
afterwards). bench/parallel_render.py measured 20.9 s on one core against 11.9 s on two, for the
2,396 pages of 1,000 services with the four languages.

The forked process writes its pages into the same staging folder and sends back their sizes. It
dies with the build (PR_SET_PDEATHSIG), and the build kills and waits for it if anything goes wrong,
so a stopped or killed build never leaves something writing. If it fails in any way, this process
renders its half itself, so a template mistake is reported exactly as on one core. Only a process
with no other threads forks: a thread could hold a lock that the fork would wait on for ever.
"""
from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
import threading
from typing import Callable

PARALLEL_FROM = 100  # pages: below this, a second process saves too little to be worth it
PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


def die_with_parent() -> None:
    """Have the kernel kill this process when the one that started it ends (Linux; elsewhere nothing)."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def render_all(pages: list, render: Callable, record: Callable[[str, int], None], progress=None) -> None:
    """Set each page's size, rendering and writing it with `render(page) -> size`; `record(path,
    size)` notes a file the other process wrote."""
    if len(pages) < PARALLEL_FROM or not can_fork():
        for number, page in enumerate(pages, start=1):
            page.size = render(page)
            report(progress, number, len(pages))
        return
    ours, theirs = pages[0::2], pages[1::2]
    sizes = render_beside(ours, theirs, render, progress, len(pages))
    for page in theirs:
        if sizes is not None and isinstance(sizes.get(page.path), int):
            page.size = sizes[page.path]
            record(page.path, page.size)
        else:
            page.size = render(page)  # the other process failed: raise its mistake here, or write the page


def render_beside(ours: list, theirs: list, render: Callable, progress, total: int) -> dict | None:
    """Render `ours` here while a forked process renders `theirs`; its sizes by path, or None."""
    reading, writing = os.pipe()
    parent = os.getpid()
    child = os.fork()
    if child == 0:
        os.close(reading)
        render_in_child(theirs, render, writing, parent)
    os.close(writing)
    try:
        for number, page in enumerate(ours, start=1):
            page.size = render(page)
            report(progress, 2 * number, total)
        answer = read_all(reading)
        _, status = os.waitpid(child, 0)
        child = 0
        return json.loads(answer) if os.waitstatus_to_exitcode(status) == 0 and answer else None
    finally:
        os.close(reading)
        if child:  # stopped part way (Ctrl-C, a mistake in our half): stop the other process too
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)


def render_in_child(pages: list, render: Callable, writing: int, parent: int) -> None:
    """The forked process: render, send the sizes, and leave without running any of the parent's
    exit handlers (os._exit). Never returns."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C stops it at once; the build reports it
        die_with_parent()
        if os.getppid() != parent:
            return  # the build died before the line above: finally exits
        sizes = {page.path: render(page) for page in pages}
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(json.dumps(sizes).encode())
        code = 0
    except BaseException:  # noqa: BLE001 (the parent renders this half again and reports any mistake)
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
