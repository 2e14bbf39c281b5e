"""The Whoosh writer of an index run: one process, or a parallel writer's workers for many
files; committing it, or cancelling it so nothing of the run becomes visible."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from navsok import interrupt, postarrays
from navsok.analysis import forget_words
from navsok.segwriter import speed_up
from navsok.errors import NavsokError
from navsok.wordterms import load_tables, save_stem_table, words_of
from navsok.store import META_FILE, remove_stale_rebuilds, remove_uncommitted, write_meta
from navsok.workers import PARENT_CHECK_SECONDS, become_worker, forking

#: Memory for the writer's posting pool before it spills a run to disk (MB).
WRITER_LIMIT_MB = 256
#: From this many files on, index in parallel: one Whoosh sub-writer per core, each
#: making its own segment, with this much pool memory each (MB) and jobs of this many
#: documents. On 2 cores 100 files take 1.3 s instead of 1.8, 300 web pages 2.9 s
#: instead of 3.6 (``bench/indexcost.py``, ``bench/htmlpages.py``); a handful of files
#: are not worth starting processes for.
PARALLEL_MIN_FILES = 100
PARALLEL_ENV = "NAVSOK_PARALLEL_MIN_FILES"
PARALLEL_LIMIT_MB = 12
PARALLEL_BATCH = 250
#: At least this many jobs per core, so that the workers start soon after the run.
JOBS_PER_CORE = 4


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
        # Every core gets work early: a few jobs each, however few the files.
        batch = max(1, min(PARALLEL_BATCH, -(-n_files // (cores * JOBS_PER_CORE))))
        writer = ix.writer(
            procs=cores, multisegment=True, batchsize=batch, subargs=sub, _lk=False, **sub
        )
        writer._new_task = lambda: _start_worker(writer)
    else:
        writer = ix.writer(_lk=False, compound=False, limitmb=WRITER_LIMIT_MB)
        speed_up(writer)
    remove_leftovers(index_dir)
    return writer


def parallel_min_files() -> int:
    """:data:`PARALLEL_MIN_FILES`, or ``$NAVSOK_PARALLEL_MIN_FILES`` (a tuning and test knob)."""
    value = os.environ.get(PARALLEL_ENV, "")
    return int(value) if value.isdigit() else PARALLEL_MIN_FILES


def is_parallel(writer) -> bool:
    """Whether ``writer`` hands documents to worker processes (which then also add their
    words to the index's stem table: see :func:`_worker_class`)."""
    return hasattr(writer, "tasks")


def _start_worker(writer):
    """Whoosh's ``MpWriter._new_task`` with our worker (:func:`_worker_class`)."""
    if not isinstance(writer.resultqueue, _Results):
        writer.resultqueue = _Results(writer.resultqueue, writer.tasks)
        writer.jobqueue = _Jobs(writer.jobqueue, writer.tasks)
    task = _worker_class()(
        writer.storage, writer.indexname, writer.jobqueue.queue, writer.resultqueue.queue,
        writer.subargs, writer.multisegment,
    )
    task.parent = os.getpid()
    task.siblings = writer.tasks
    writer.tasks.append(task)
    with forking():
        task.start()
    return task


def _worker_class():
    from whoosh.multiproc import SubWriterTask

    class Worker(SubWriterTask):
        """Whoosh's sub-writer process (its loop, for ``multisegment`` writers), which dies
        with its parent and leaves Ctrl-C to it (:mod:`navsok.workers`), adds the words of
        its documents to the stem table (its caches know them: the parent would have to
        analyse them again), and hands back an error instead of dying with it."""

        def join(self, timeout=None):
            """Wait for the worker to end, as Whoosh's commit does, but not forever when
            another worker was killed: one killed while it waited for a job takes the job
            queue's lock with it, and the others then wait for it forever."""
            if timeout is not None:
                return super().join(timeout)
            while True:
                super().join(PARENT_CHECK_SECONDS)
                if self.exitcode is not None:
                    return None
                if _died(self.siblings):
                    raise _killed(self.siblings)

        def run(self):
            become_worker(self.parent)
            try:
                result = self._index_jobs()
            except BaseException as exc:  # noqa: BLE001 - the parent raises it
                result = exc if isinstance(exc, OSError) else RuntimeError(repr(exc))
            self.resultqueue.put(result, timeout=5)

        def _index_jobs(self):
            from whoosh.writing import SegmentWriter

            ix = self.storage.open_index(self.indexname)
            self.writer = SegmentWriter(ix, _lk=False, **self.kwargs)
            speed_up(self.writer)
            self.words: set[str] = set()
            while (job := self.jobqueue.get()) is not None:
                self._process_file(*job)
            save_stem_table(self.storage.folder, self.words)
            # Writing the segment needs memory that the words and their caches now hold.
            self.words = None
            forget_words()
            return None, self.writer.pool.fieldnames, self.writer._finalize_segment()

        def _process_file(self, filename, doc_count):
            import pickle

            tempstorage = self.writer.temp_storage()
            with tempstorage.open_file(filename).raw_file() as f:
                for _ in range(doc_count):
                    code, fields = pickle.load(f)
                    self.writer.add_document(**fields)
                    self.words.update(words_of(fields["title"]), words_of(fields["body"]))
            tempstorage.delete_file(filename)

    return Worker


class _Jobs:
    """The parent's end of the job queue: when it is full, wait for room only while every
    worker lives to make it. (The OOM killer may take a worker, and with it the queue's
    lock, or every worker; Whoosh's put would then wait forever.)"""

    def __init__(self, queue, tasks):
        self.queue, self.tasks = queue, tasks

    def put(self, job) -> None:
        import queue

        while True:
            try:
                return self.queue.put(job, timeout=PARENT_CHECK_SECONDS)
            except queue.Full:
                if _died(self.tasks) or not any(task.is_alive() for task in self.tasks):
                    raise _killed(self.tasks) from None

    def __getattr__(self, name):  # close(), cancel_join_thread(), …
        return getattr(self.queue, name)


def _died(tasks) -> list[str]:
    """The PIDs of the workers that ended before the run told them to (killed, or dead of
    an error)."""
    return [str(task.pid) for task in tasks if task.exitcode not in (None, 0)]


def _killed(tasks) -> NavsokError:
    dead = _died(tasks) or ["?"]
    return NavsokError(
        f"an index worker process (PID {', '.join(dead)}) was killed before it "
        "finished; nothing of this run was committed"
    )


class _Results:
    """The parent's end of the workers' result queue: a worker's error is raised, and a
    worker that died without a result (killed) is an error, not a segment left out."""

    def __init__(self, queue, tasks):
        self.queue, self.tasks = queue, tasks

    def get(self, timeout=None):
        import queue

        try:
            result = self.queue.get(timeout=timeout)
        except queue.Empty:
            raise _killed(self.tasks) from None
        if isinstance(result, BaseException):
            raise result
        return result


@contextmanager
def committing(writer, index_dir: Path):
    """Commit ``writer`` when the block ends; cancel it on any error or interrupt, so
    nothing of the run becomes visible."""
    try:
        yield writer
        interrupt.check()  # a Ctrl-C that landed in a finalizer: not lost
        writer.commit()  # a full disk may stop this too: then nothing is committed
    except BaseException:
        try:
            cancel(writer)
        except Exception:  # noqa: BLE001 - a writer whose commit failed half-way
            pass
        finally:
            remove_uncommitted(index_dir)
        raise
    with interrupt.held():  # a Ctrl-C now would leave the commit's files unrecorded
        write_meta(index_dir)
    try:
        if not interrupt.requested():
            postarrays.write_missing(index_dir)  # frequent terms as arrays, for queries
    except (OSError, KeyboardInterrupt):
        # A full disk, or Ctrl-C after the commit: the run is committed all the same (so
        # it is not reported as interrupted); a segment without its arrays is read from
        # Whoosh's blocks until the next commit writes them.
        postarrays.remove_stale(index_dir)


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
    postarrays.remove_stale(index_dir)
    for stale in index_dir.glob(f".{META_FILE}.*"):
        stale.unlink(missing_ok=True)
