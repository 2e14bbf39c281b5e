"""Ctrl-C before a command has started: one line and exit status 130, never a traceback;
and during an index run, never lost.

The ``navsok`` program spends its first tens of milliseconds importing the command it
runs; a Ctrl-C then would end it with a traceback of whatever import it cut short (or
Click's ``Aborted!``). :func:`quit_on_ctrl_c` makes it end at once instead, with nothing
written but ``navsok: interrupted``; :func:`raise_on_ctrl_c` gives Ctrl-C back to Python
(``KeyboardInterrupt``) once a command runs, which ends its own work cleanly (an index
run keeps the old index) or clears the shell's line.

An index run takes Ctrl-C and SIGTERM with :func:`raise_and_remember`: a
``KeyboardInterrupt`` raised while the garbage collector runs a finalizer is dropped by
Python ("Exception ignored in …"), and the run would go on to commit; :func:`check`, just
before the commit, raises it again. After the commit, :class:`held` keeps a Ctrl-C from
cutting short the recording of what the commit wrote.
"""

from __future__ import annotations

import os

# The C module under `signal`: the same functions, without the enum module a cold query
# does without (tests/test_startup.py).
import _signal as signal

#: The exit status of an interrupted run: 128 + SIGINT, as shells report Ctrl-C.
EXIT_INTERRUPTED = 128 + signal.SIGINT


def _quit(signum, frame) -> None:
    try:
        os.write(2, b"navsok: interrupted\n")
    except OSError:  # no stderr to say it on: the exit status says it
        pass
    os._exit(EXIT_INTERRUPTED)


def quit_on_ctrl_c() -> None:
    """From now until :func:`raise_on_ctrl_c`, Ctrl-C ends the process at once with one
    line. Not where Ctrl-C is ignored (a job started in the background of a shell)."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _quit)


def raise_on_ctrl_c() -> None:
    """Ctrl-C raises ``KeyboardInterrupt`` again, if :func:`quit_on_ctrl_c` took it."""
    if signal.getsignal(signal.SIGINT) is _quit:
        signal.signal(signal.SIGINT, signal.default_int_handler)


#: Whether :func:`raise_and_remember` was called since :func:`forget`.
_requested = False
#: Inside :class:`held`: :func:`raise_and_remember` only remembers.
_holding = False


def raise_and_remember(signum, frame) -> None:
    """A signal handler: ``KeyboardInterrupt``, remembered for :func:`check` (inside
    :class:`held`, only remembered)."""
    global _requested
    _requested = True
    if not _holding:
        raise KeyboardInterrupt


class held:
    """``with held():`` what must not stop half-way once a run has committed (recording
    the files it wrote): a signal :func:`raise_and_remember` takes meanwhile is only
    remembered (:func:`requested`), not raised."""

    def __enter__(self) -> None:
        global _holding
        _holding = True

    def __exit__(self, *exc_info) -> None:
        global _holding
        _holding = False


def requested() -> bool:
    """Whether :func:`raise_and_remember` took a signal since :func:`forget`."""
    return _requested


def check() -> None:
    """Raise ``KeyboardInterrupt`` if :func:`raise_and_remember` raised one since
    :func:`forget` (maybe where Python dropped it)."""
    if _requested:
        raise KeyboardInterrupt


def forget() -> None:
    global _requested
    _requested = False
