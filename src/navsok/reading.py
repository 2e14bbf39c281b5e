"""Reading the files of an index run: the slow formats (web pages) in worker processes.

Extracting the article from a web page (trafilatura) costs milliseconds a page, more than
indexing it; reading a text or JSON file costs little. So the pages of a run are read by
a pool of forked processes, one per core, whatever the number of files, while the run
indexes; other files are read in the run's own process. A rebuild, which reads every
file, starts its readers before it opens the new index: they import trafilatura while it
does (a tenth of a second each, on a core that would otherwise wait). Results come back
in the order of the files, a bounded number of batches ahead (memory stays small however
many pages). The workers die with the run and leave Ctrl-C to it (:mod:`navsok.workers`).
"""

from __future__ import annotations

import os
from collections import deque
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Iterator, Sequence

from navsok.articles import DocumentError, FileArticles, ReadOptions
from navsok.errors import NavsokError

#: File endings whose reader is worth a worker process.
SLOW_ENDINGS = frozenset({".html", ".htm"})
#: Pages per job, and jobs given out ahead per worker.
BATCH = 4
AHEAD = 4
#: With fewer slow files than this, they are read in the run's own process.
MIN_SLOW_FILES = 4
#: How often a waiting run checks that its readers are alive (seconds).
CHECK_SECONDS = 1.0
#: How long stopping the readers may take before they are killed (seconds; it takes
#: a tenth of a second or so).
STOP_SECONDS = 3.0

Outcome = FileArticles | DocumentError


def read_one(path: Path, options: ReadOptions) -> Outcome:
    """The articles of one file, or the :class:`DocumentError` that says why there are none."""
    from navsok.documents import read_file

    try:
        return read_file(path, options)
    except DocumentError as exc:
        return exc


def _read_batch(paths: list[Path], options: ReadOptions) -> list[Outcome]:
    return [read_one(path, options) for path in paths]


@contextmanager
def read_files(
    paths: Sequence[Path], options: ReadOptions, pool=None
) -> Iterator[Iterator[Outcome]]:
    """The outcome of reading each of ``paths``, in order: :func:`read_one`'s, the slow
    formats read by worker processes when there are enough of them and cores to spare
    (``pool``'s, when given: see :func:`reader_pool`; otherwise started here and stopped
    when the block ends)."""
    slow = [path for path in paths if path.suffix.lower() in SLOW_ENDINGS]
    with nullcontext(pool) if pool is not None else reader_pool(slow) as pool:
        if pool is None:
            yield (read_one(path, options) for path in paths)
        else:
            yield _merged(paths, _read_in(pool, slow, options, len(pool.navsok_readers)), options)


@contextmanager
def reader_pool(paths: Sequence[Path]):
    """Reader processes for the slow files among ``paths`` (``None`` when there are too
    few, or one core), stopped when the block ends. A run that knows it will read every
    file (a rebuild) starts them before it opens its index: each reader makes its
    extractor as it starts (:func:`navsok.formats.html_extractor`), meanwhile."""
    slow = sum(1 for path in paths if path.suffix.lower() in SLOW_ENDINGS)
    processes = min(os.cpu_count() or 1, slow // MIN_SLOW_FILES)
    if processes < 2:
        yield None
        return
    pool = _start_pool(processes)
    try:
        yield pool
    finally:
        _stop(pool)


def _stop(pool) -> None:
    """End ``pool``'s readers. ``Pool.terminate`` first takes the lock of the job queue,
    and a reader waits for its next job holding it: killed then, it took the lock with it
    and the run would wait forever. So the locks a reader takes are new ones when a
    reader has died. A reader that ``Pool.terminate`` itself ends while it hands a batch
    back takes the lock of the answers with it, which the pool's task thread then waits
    for, and ``Pool.terminate`` for that thread: after :data:`STOP_SECONDS` the readers
    are killed and the run goes on without the pool's threads (they end with the
    process)."""
    import threading

    if any(reader.exitcode is not None for reader in (*pool.navsok_readers, *pool._pool)):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        pool._inqueue._rlock, pool._outqueue._wlock = context.Lock(), context.Lock()
    stopping = threading.Thread(target=pool.terminate, daemon=True)
    stopping.start()
    stopping.join(STOP_SECONDS)
    if not stopping.is_alive():
        pool.join()
        return
    for reader in list(pool._pool):
        reader.kill()
        reader.join(STOP_SECONDS)


def _become_reader(parent: int) -> None:
    from navsok.formats import html_extractor
    from navsok.workers import become_worker

    become_worker(parent)
    try:
        html_extractor()
    except Exception:  # noqa: BLE001 - reading a page then says what is wrong
        pass


def _start_pool(processes: int):
    import multiprocessing

    from navsok.workers import forking

    with forking():
        pool = multiprocessing.get_context("fork").Pool(
            processes, initializer=_become_reader, initargs=(os.getpid(),)
        )
    # The pool replaces a worker that dies, but the batch it was reading is lost: a worker
    # of the first ones that has ended means the run must stop (see _wait).
    pool.navsok_readers = list(pool._pool)
    return pool


def _merged(paths, slow_outcomes: Iterator[Outcome], options: ReadOptions):
    for path in paths:
        if path.suffix.lower() in SLOW_ENDINGS:
            yield next(slow_outcomes)
        else:
            yield read_one(path, options)


def _read_in(pool, paths: list[Path], options: ReadOptions, processes: int):
    """The outcomes of ``paths``, read by ``pool`` in batches, at most ``AHEAD`` batches
    per worker given out ahead of the one the run waits for."""
    batches = (paths[i : i + BATCH] for i in range(0, len(paths), BATCH))
    pending = deque()
    for batch in batches:
        pending.append(pool.apply_async(_read_batch, (batch, options)))
        if len(pending) >= AHEAD * processes:
            yield from _wait(pool, pending.popleft())
    while pending:
        yield from _wait(pool, pending.popleft())


def _wait(pool, result) -> list[Outcome]:
    """A batch's outcomes; an error if a reader died without giving them (killed)."""
    import multiprocessing

    while True:
        try:
            return result.get(CHECK_SECONDS)
        except multiprocessing.TimeoutError:
            if any(worker.exitcode is not None for worker in pool.navsok_readers):
                raise NavsokError(
                    "a process reading the files was killed before it finished; nothing of "
                    "this run was committed"
                ) from None
