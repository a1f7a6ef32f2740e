"""Pagefind run on each part of the search index in turn (search.PagefindIndexing), in a process of
its own, so that the build goes on while it runs and only one part's words are in memory at a time.

    python -m localoffer.pagefind_runs BUILD PAGEFIND SITE OUTPUT [SITE OUTPUT ...]

It dies with BUILD, the build's process id (parallel.die_with).

Ends with the code of the first run that fails. Stopped with SIGTERM, it kills the run under way and
waits for it to end, so nothing is written into OUTPUT afterwards.
"""
from __future__ import annotations

import signal
import subprocess
import sys

from .parallel import die_with, die_with_parent


class Stopped(Exception):
    pass


def stop(signal_number, frame):
    raise Stopped  # out of the wait for the run under way, so that the run can be killed and waited for


def run_each(pagefind: str, pairs: list[tuple[str, str]]) -> int:
    signal.signal(signal.SIGTERM, stop)
    running = None
    try:
        for site, output in pairs:
            # SIGTERM waits until the run is started and known, so that it is never left running
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
            running = subprocess.Popen([pagefind, "--site", site, "--keep-index-url", "--silent", "--output-path", output],
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, preexec_fn=die_with_parent)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
            if running.wait() != 0:
                return running.returncode
        return 0
    except Stopped:
        return 128 + signal.SIGTERM
    finally:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        if running is not None and running.poll() is None:
            running.kill()
            running.wait()


def main(arguments: list[str]) -> int:
    build, pagefind, *folders = arguments
    if not die_with(int(build)):
        return 1
    return run_each(pagefind, list(zip(folders[::2], folders[1::2])))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
