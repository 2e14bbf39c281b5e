"""Worker processes of an index run: forked with Ctrl-C and SIGTERM left to the parent,
and dying with it.

Ctrl-C reaches every process of the terminal's foreground group: without this, each
worker would print its own KeyboardInterrupt traceback while the parent cancels the run
(and stops the workers itself). A worker is forked with the signals blocked, ignores them
before it lets them in, and is killed when its parent dies, even by SIGKILL (Linux
``PR_SET_PDEATHSIG``; a watch thread elsewhere), so a killed run leaves no process behind.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from contextlib import contextmanager

from navsok.locking import close_inherited_locks

#: How often a worker checks that its parent is alive (where ``PR_SET_PDEATHSIG`` is missing).
PARENT_CHECK_SECONDS = 0.5

_RUN_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def forking():
    """Fork workers in this block: Ctrl-C and SIGTERM wait (blocked, not lost) until the
    forks are done, then reach the parent. The parent's objects are frozen first, so the
    workers' garbage collector never writes to (and copies) the pages they share."""
    gc.freeze()
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _RUN_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def become_worker(parent: int) -> None:
    """First thing in a forked worker: leave Ctrl-C and SIGTERM to ``parent`` (ignore the
    one, die quietly on the other), drop its lock descriptors, and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _RUN_SIGNALS)
    _die_with(parent)


def _die_with(parent: int) -> None:
    close_inherited_locks()
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (AttributeError, OSError):
        pass
    if os.getppid() != parent:  # it died before the prctl: nobody would have told us
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="navsok-parent-watch", daemon=True).start()
