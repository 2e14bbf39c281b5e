"""The Whoosh writer of an index run: one process, or a parallel writer's workers for many
files; committing it, or cancelling it so nothing of the run becomes visible."""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

from navsok.analysis import load_tables
from navsok.errors import NavsokError
from navsok.store import META_FILE, remove_stale_rebuilds, write_meta

#: Memory for the writer's posting pool before it spills a run to disk (MB).
WRITER_LIMIT_MB = 256
#: From this many files on, index in parallel: one Whoosh sub-writer per core, each
#: making its own segment, with this much pool memory each (MB) and jobs of this many
#: documents. Fewer files are not worth starting processes for.
PARALLEL_MIN_FILES = 2000
PARALLEL_LIMIT_MB = 48
PARALLEL_BATCH = 250


def open_writer(ix, index_dir: Path, lock_wait: float, n_files: int = 0):
    """A writer for ``n_files`` files: in parallel for many (see :data:`PARALLEL_MIN_FILES`)."""
    from whoosh.index import LockError

    cores = os.cpu_count() or 1
    if n_files >= PARALLEL_MIN_FILES and cores > 1:
        load_tables()  # before the workers fork: they share the tables
        settings = dict(
            procs=cores, multisegment=True, batchsize=PARALLEL_BATCH, limitmb=PARALLEL_LIMIT_MB
        )
    else:
        settings = dict(limitmb=WRITER_LIMIT_MB)
    try:
        # Not one compound file per segment: Whoosh copies each part of a compound file
        # into memory when it opens it, so a query would read the whole index.
        writer = ix.writer(timeout=lock_wait, delay=0.1, compound=False, **settings)
    except LockError:
        raise NavsokError(
            f"another navsok index is running on {index_dir} (waited {lock_wait:g} s)"
        ) from None
    remove_leftovers(index_dir)
    if hasattr(writer, "_new_task"):  # Whoosh's MpWriter forks a worker when work arrives
        start_worker = writer._new_task

        def _new_task():
            with _workers_leave_signals_to_parent():
                start_worker()

        writer._new_task = _new_task
    return writer


@contextmanager
def _workers_leave_signals_to_parent():
    """Processes forked inside this block ignore Ctrl-C and die quietly on SIGTERM.

    Ctrl-C reaches every process of the terminal's foreground group: without this, each
    parallel writer worker would print its own KeyboardInterrupt traceback while the
    parent cancels the run (and stops the workers itself, see :func:`cancel`).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = (
        signal.signal(signal.SIGINT, signal.SIG_IGN),
        signal.signal(signal.SIGTERM, signal.SIG_DFL),
    )
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous[0])
        signal.signal(signal.SIGTERM, previous[1])


@contextmanager
def committing(writer, index_dir: Path):
    """Commit ``writer`` when the block ends; cancel it on any error or interrupt, so
    nothing of the run becomes visible."""
    try:
        yield writer
    except BaseException:
        cancel(writer)
        raise
    writer.commit()
    write_meta(index_dir)


def cancel(writer) -> None:
    """Cancel ``writer``; a parallel writer's workers are stopped first (Whoosh's own
    cancel leaves them waiting for work, and the process would hang on exit)."""
    for worker in getattr(writer, "tasks", ()):
        worker.kill()
        worker.join()
    writer.cancel()


def remove_leftovers(index_dir: Path) -> None:
    """Temporary files of a run that was killed (we hold the lock: none is running).

    Whoosh deletes the rest at our commit or cancel: the uncommitted segment files and
    the temporary folder ``MAIN.tmp`` with everything in it. A killed ``--rebuild`` leaves
    its new index beside the old one.
    """
    remove_stale_rebuilds(index_dir)
    for stale in index_dir.glob(f".{META_FILE}.*"):
        stale.unlink(missing_ok=True)
