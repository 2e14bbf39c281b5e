"""The Whoosh writer of an index run: one process, or a parallel writer's workers for many
files; committing it, or cancelling it so nothing of the run becomes visible."""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from navsok.wordterms import load_tables
from navsok.locking import close_inherited_locks
from navsok.store import META_FILE, remove_stale_rebuilds, remove_uncommitted, write_meta

#: Memory for the writer's posting pool before it spills a run to disk (MB).
WRITER_LIMIT_MB = 256
#: From this many files on, index in parallel: one Whoosh sub-writer per core, each
#: making its own segment, with this much pool memory each (MB) and jobs of this many
#: documents. Fewer files are not worth starting processes for.
PARALLEL_MIN_FILES = 2000
PARALLEL_ENV = "NAVSOK_PARALLEL_MIN_FILES"
PARALLEL_LIMIT_MB = 48
PARALLEL_BATCH = 250
#: How often a worker checks that its parent is alive (where ``PR_SET_PDEATHSIG`` is missing).
PARENT_CHECK_SECONDS = 0.5


def open_writer(ix, index_dir: Path, n_files: int = 0):
    """A writer for ``n_files`` files: in parallel for many (see :data:`PARALLEL_MIN_FILES`).

    The caller holds the index's write lock (:mod:`navsok.locking`); Whoosh's own lock is
    not taken, so no forked worker can inherit it.
    """
    cores = os.cpu_count() or 1
    # Not one compound file per segment: Whoosh copies each part of a compound file
    # into memory when it opens it, so a query would read the whole index.
    if parallel_min_files() <= n_files and cores > 1:
        load_tables()  # before the workers fork: they share the tables
        sub = dict(compound=False, limitmb=PARALLEL_LIMIT_MB)
        batch = max(1, min(PARALLEL_BATCH, -(-n_files // cores)))  # every core gets work
        writer = ix.writer(
            procs=cores, multisegment=True, batchsize=batch, subargs=sub, _lk=False, **sub
        )
        writer._new_task = lambda: _start_worker(writer)
    else:
        writer = ix.writer(_lk=False, compound=False, limitmb=WRITER_LIMIT_MB)
    remove_leftovers(index_dir)
    return writer


def parallel_min_files() -> int:
    """:data:`PARALLEL_MIN_FILES`, or ``$NAVSOK_PARALLEL_MIN_FILES`` (a tuning and test knob)."""
    value = os.environ.get(PARALLEL_ENV, "")
    return int(value) if value.isdigit() else PARALLEL_MIN_FILES


def _start_worker(writer):
    """Whoosh's ``MpWriter._new_task`` with a worker that dies with its parent."""
    from whoosh.multiproc import SubWriterTask

    class Worker(SubWriterTask):
        def run(self):
            _leave_signals_to_parent()
            _die_with(parent)
            super().run()

    parent = os.getpid()
    task = Worker(
        writer.storage, writer.indexname, writer.jobqueue, writer.resultqueue,
        writer.subargs, writer.multisegment,
    )
    writer.tasks.append(task)
    with _workers_leave_signals_to_parent():
        task.start()
    return task


def _die_with(parent: int) -> None:
    """In a forked worker: be killed when ``parent`` dies (Linux ``PR_SET_PDEATHSIG``; a
    watch thread elsewhere), and drop the parent's lock descriptors."""
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


_RUN_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _workers_leave_signals_to_parent():
    """Ctrl-C and SIGTERM wait (blocked, not lost) while a worker is forked in this block.

    Ctrl-C reaches every process of the terminal's foreground group: without this, each
    parallel writer worker would print its own KeyboardInterrupt traceback while the
    parent cancels the run (and stops the workers itself, see :func:`cancel`). The worker
    starts with the signals blocked and ignores them before it lets them in; the parent
    gets one that arrived meanwhile as soon as the fork is done.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _RUN_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _leave_signals_to_parent() -> None:
    """In a forked worker: ignore Ctrl-C, die quietly on SIGTERM, then unblock both."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _RUN_SIGNALS)


@contextmanager
def committing(writer, index_dir: Path):
    """Commit ``writer`` when the block ends; cancel it on any error or interrupt, so
    nothing of the run becomes visible."""
    try:
        yield writer
        writer.commit()  # a full disk may stop this too: then nothing is committed
    except BaseException:
        try:
            cancel(writer)
        except Exception:  # noqa: BLE001 - a writer whose commit failed half-way
            pass
        finally:
            remove_uncommitted(index_dir)
        raise
    write_meta(index_dir)


def cancel(writer) -> None:
    """Cancel ``writer``; a parallel writer's workers are stopped first (Whoosh's own
    cancel leaves them waiting for work, and the process would hang on exit). Jobs still
    queued for them are dropped: else the queue's feeder thread would wait at exit for a
    reader that is gone (an interrupted run then hung)."""
    for worker in getattr(writer, "tasks", ()):
        worker.kill()
        worker.join()
    jobs = getattr(writer, "jobqueue", None)
    if jobs is not None:
        jobs.cancel_join_thread()
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
