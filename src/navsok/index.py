"""The Whoosh index: its schema, opening it, and bringing it up to date with the files.

Safety rests on Whoosh's commit: a run writes new segment files, and only the final rename
of the table of contents (TOC) makes them visible. Until then readers see the previous
index; a run that is killed leaves unreferenced files that the next commit deletes.
``--rebuild`` builds a whole new index beside the old one and swaps the two folders.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, TEXT, Schema

from navsok.analysis import (
    ANALYSER_VERSION,
    compound_parts_analyzer,
    load_tables,
    norwegian_analyzer,
    save_stem_table,
    words_of,
)
from navsok.documents import (
    Article,
    DocumentError,
    FileArticles,
    ReadOptions,
    find_files,
    is_article_file,
    read_file,
    stat_file,
)
from navsok.errors import NavsokError

#: Bump when the schema changes: old indexes must then be rebuilt.
INDEX_FORMAT = 5
META_FILE = "navsok.json"
TITLE_BOOST = 2.0
#: Compound parts count less than whole words: ``marked`` ranks an article about the
#: market above one that only mentions the labour market (arbeidsmarkedet).
PARTS_BOOST = 0.1
#: Seconds a run waits for another run's write lock before giving up.
DEFAULT_LOCK_WAIT = 5.0
REBUILD_PREFIX = ".navsok-rebuild-"
WRITE_LOCK = "MAIN_WRITELOCK"  # the lock file Whoosh's writers take in the default index

#: Memory for the writer's posting pool before it spills a run to disk (MB).
WRITER_LIMIT_MB = 256
#: From this many files on, index in parallel: one Whoosh sub-writer per core, each
#: making its own segment, with this much pool memory each (MB) and jobs of this many
#: documents. Fewer files are not worth starting processes for.
PARALLEL_MIN_FILES = 2000
PARALLEL_LIMIT_MB = 48
PARALLEL_BATCH = 250

#: progress(done, total) is called after each file.
Progress = Callable[[int, int], None]


def build_schema(analyzer=None) -> Schema:
    """navsok's schema: title and body, and ``parts``, the parts of their compound words.
    Another ``analyzer`` gives a baseline schema with title and body only, to compare."""
    schema = Schema(
        path=ID(stored=True, unique=True, sortable=True),
        file=ID(stored=True, sortable=True),
        title=TEXT(analyzer=analyzer or norwegian_analyzer(), stored=True, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=analyzer or norwegian_analyzer(), stored=True),
        source=TEXT(stored=True, sortable=True),  # a column: `--by source` counts
        date=DATETIME(stored=True, sortable=True),
        url=ID(stored=True),
        # "mtime_ns size checksum": what the article's file looked like when it was read.
        state=COLUMN(VarBytesColumn()),
    )
    if analyzer is None:
        schema.add("parts", TEXT(analyzer=compound_parts_analyzer(), field_boost=PARTS_BOOST))
    return schema


@dataclass
class IndexReport:
    """What an index run did, counted in articles (a .jsonl file holds many)."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    unshown_failures: int = 0  # bad records counted but not named in ``failed``
    seconds: float = 0.0

    @property
    def indexed(self) -> int:
        return self.added + self.updated

    @property
    def failures(self) -> int:
        return len(self.failed) + self.unshown_failures

    def summary(self) -> str:
        parts = [
            f"{self.added} added",
            f"{self.updated} updated",
            f"{self.removed} removed",
            f"{self.unchanged} unchanged",
        ]
        if self.skipped:
            parts.append(f"{self.skipped} skipped (unknown file type)")
        if self.failures:
            parts.append(f"{self.failures} failed")
        return ", ".join(parts) + f" in {self.seconds:.1f} s"


# --- opening -------------------------------------------------------------------------------


def open_index(index_dir: Path):
    """Open an existing navsok index for reading, or raise :class:`NavsokError`."""
    if not _has_toc(index_dir):
        if index_dir.is_dir() and any(index_dir.iterdir()):
            raise NavsokError(f"{index_dir} is not a navsok index")
        raise NavsokError(f"no index at {index_dir} (run `navsok index` first)")
    check_compatible(index_dir)
    try:
        ix = whoosh_index.open_dir(str(index_dir))
        ix.schema  # noqa: B018 - reads the table of contents now, not on the first query
        return ix
    except Exception as exc:  # noqa: BLE001 - a damaged TOC or an unknown pickled class
        raise NavsokError(
            f"cannot open the index at {index_dir} ({type(exc).__name__}: {exc}); "
            "run `navsok index --rebuild`"
        ) from None


def _has_toc(index_dir: Path) -> bool:
    """Whether a Whoosh index lives here (without reading it, which may fail)."""
    return index_dir.is_dir() and any(index_dir.glob("_MAIN_*.toc"))


def check_compatible(index_dir: Path) -> None:
    """Refuse an index made by another navsok version (or by something else)."""
    meta = read_meta(index_dir)
    if not meta:
        raise NavsokError(
            f"{index_dir} is not a navsok index (no readable {META_FILE}); "
            "run `navsok index --rebuild` to replace it"
        )
    if meta.get("format") != INDEX_FORMAT or meta.get("analyser") != ANALYSER_VERSION:
        raise NavsokError(
            f"the index at {index_dir} was built by another navsok version (index format "
            f"{meta.get('format')}, analyser {meta.get('analyser')}; this navsok uses "
            f"{INDEX_FORMAT} and {ANALYSER_VERSION}): run `navsok index --rebuild`"
        )


def read_meta(index_dir: Path) -> dict:
    try:
        meta = json.loads((index_dir / META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _write_meta(index_dir: Path) -> None:
    """Write ``navsok.json`` atomically (a reader never sees half of it)."""
    meta = {"format": INDEX_FORMAT, "analyser": ANALYSER_VERSION, "indexed_at": time.time()}
    temporary = index_dir / f".{META_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(meta), "utf-8")
    os.replace(temporary, index_dir / META_FILE)


def _is_empty_or_index(index_dir: Path) -> bool:
    if not index_dir.exists():
        return True
    if _has_toc(index_dir) or (index_dir / META_FILE).exists():
        return True
    return not any(index_dir.iterdir())


def _create(index_dir: Path, schema: Schema | None = None):
    index_dir.mkdir(parents=True, exist_ok=True)
    _write_meta(index_dir)  # first, so a run killed after its commit leaves a usable index
    return whoosh_index.create_in(str(index_dir), schema or build_schema())


def _open_for_writing(index_dir: Path, schema: Schema | None = None):
    if _has_toc(index_dir):
        return open_index(index_dir)
    if not _is_empty_or_index(index_dir):
        raise NavsokError(f"{index_dir} is not empty and not a navsok index; choose another --index")
    return _create(index_dir, schema)


def _writer(ix, index_dir: Path, lock_wait: float, n_files: int = 0):
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
    _remove_leftovers(index_dir)
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
    parent cancels the run (and stops the workers itself, see :func:`_cancel`).
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
def _committing(writer, index_dir: Path):
    """Commit ``writer`` when the block ends; cancel it on any error or interrupt, so
    nothing of the run becomes visible."""
    try:
        yield writer
    except BaseException:
        _cancel(writer)
        raise
    writer.commit()
    _write_meta(index_dir)


def _cancel(writer) -> None:
    """Cancel ``writer``; a parallel writer's workers are stopped first (Whoosh's own
    cancel leaves them waiting for work, and the process would hang on exit)."""
    for worker in getattr(writer, "tasks", ()):
        worker.kill()
        worker.join()
    writer.cancel()


def _remove_leftovers(index_dir: Path) -> None:
    """Temporary files of a run that was killed (we hold the lock: none is running).

    Whoosh deletes the rest at our commit or cancel: the uncommitted segment files and
    the temporary folder ``MAIN.tmp`` with everything in it. A killed ``--rebuild`` leaves
    its new index beside the old one.
    """
    _remove_stale_rebuilds(index_dir)
    for stale in index_dir.glob(f".{META_FILE}.*"):
        stale.unlink(missing_ok=True)


# --- updating ------------------------------------------------------------------------------


@dataclass
class _KnownFile:
    """A file's articles as the index has them: article path → checksum, and file states."""

    articles: dict[str, str] = field(default_factory=dict)
    states: set[tuple[int, int]] = field(default_factory=set)


def update_index(
    index_dir: Path,
    paths: Iterable[Path],
    progress: Progress | None = None,
    options: ReadOptions = ReadOptions(),
    schema: Schema | None = None,
    rebuild: bool = False,
    lock_wait: float = DEFAULT_LOCK_WAIT,
) -> IndexReport:
    """Bring the index at ``index_dir`` up to date with the article files below ``paths``.

    Files whose size and modification time are as recorded are not read again; changed
    files are read and only the articles whose checksum changed are rewritten; documents
    whose files are gone are removed; a file that fails keeps its previous version.
    Nothing becomes visible until the commit. ``rebuild`` starts from an empty index.
    ``schema`` (default :func:`build_schema`) is used only when an index is created.
    """
    started = time.perf_counter()
    report = IndexReport()
    files, seen = [], set()
    for path in find_files(paths, on_error=lambda *failure: report.failed.append(failure)):
        if not is_article_file(path):
            if not os.path.lexists(path):
                report.failed.append((str(path), "no such file or directory"))
            else:
                report.skipped += 1
        elif os.path.realpath(path) not in seen:  # given twice, or linked: the same article
            seen.add(os.path.realpath(path))
            files.append(path)

    if rebuild:
        _rebuild(index_dir, files, report, progress, options, lock_wait, schema)
    else:
        ix = _open_for_writing(index_dir, schema)
        writer = _writer(ix, index_dir, lock_wait, len(files))
        with _committing(writer, index_dir):
            with writer.reader() as reader:
                known = _known_files(reader)
            _write_files(writer, files, known, report, progress, options, index_dir)
            for gone in sorted(f for f in known if not os.path.exists(f)):
                writer.delete_by_term("file", gone)
                report.removed += len(known[gone].articles)
    report.seconds = time.perf_counter() - started
    return report


def _rebuild(index_dir, files, report, progress, options, lock_wait, schema) -> None:
    """Build a fresh index beside ``index_dir`` and swap it in; the old one stays usable."""
    if not _is_empty_or_index(index_dir):
        raise NavsokError(f"{index_dir} is not empty and not a navsok index; choose another --index")
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = _lock(index_dir, lock_wait)
    try:
        _remove_stale_rebuilds(index_dir)
        fresh = index_dir.parent / f"{REBUILD_PREFIX}{index_dir.name}-{os.getpid()}"
        try:
            writer = _writer(_create(fresh, schema), fresh, lock_wait, len(files))
            with _committing(writer, fresh):
                _write_files(writer, files, {}, report, progress, options, fresh)
            _swap_folders(fresh, index_dir)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)  # after the swap: the old index
    finally:
        lock.release()


def _lock(index_dir: Path, lock_wait: float):
    """Hold the index's write lock (the one Whoosh's writers take) without opening it."""
    from whoosh.filedb.filestore import FileStorage

    lock = FileStorage(str(index_dir)).lock(WRITE_LOCK)
    deadline = time.monotonic() + lock_wait
    while not lock.acquire(blocking=False):
        if time.monotonic() >= deadline:
            raise NavsokError(
                f"another navsok index is running on {index_dir} (waited {lock_wait:g} s)"
            )
        time.sleep(0.1)
    return lock


def _remove_stale_rebuilds(index_dir: Path) -> None:
    """Folders left by rebuilds that were killed (we hold the lock, so none is running)."""
    for stale in index_dir.parent.glob(f"{REBUILD_PREFIX}{index_dir.name}-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _swap_folders(first: Path, second: Path) -> None:
    """Exchange two folders in one step (Linux renameat2); else two quick renames."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        at_fdcwd, rename_exchange = -100, 2
        if libc.renameat2(
            at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange
        ) == 0:
            return
    except (AttributeError, OSError):
        pass
    aside = second.with_name(f"{second.name}.old-{os.getpid()}")
    os.rename(second, aside)
    os.rename(first, second)
    os.rename(aside, first)


def _known_files(reader) -> dict[str, _KnownFile]:
    """What the index holds, by file, read from columns (no stored bodies are loaded)."""
    known: dict[str, _KnownFile] = {}
    if not reader.doc_count():
        return known
    paths = reader.column_reader("path")
    files = reader.column_reader("file")
    states = reader.column_reader("state")
    for docnum in reader.all_doc_ids():
        mtime, size, digest = states[docnum].decode("ascii").split()
        entry = known.setdefault(files[docnum], _KnownFile())
        entry.articles[paths[docnum]] = digest
        entry.states.add((int(mtime), int(size)))
    return known


def _write_files(writer, files, known, report, progress, options, index_dir: Path) -> None:
    """Hand the new and changed articles to ``writer``, and keep the stems of their words
    in the index's stem table (see :mod:`navsok.stemtable`)."""
    words: set[str] = set()
    for done, path in enumerate(files, 1):
        _write_file(writer, path, known, report, options, words)
        if progress:
            progress(done, len(files))
    # Before the commit: a parallel writer's workers are still busy with their last jobs.
    save_stem_table(index_dir, words)


def _write_file(
    writer, path: Path, known, report: IndexReport, options: ReadOptions, words: set[str]
) -> None:
    location = str(path.resolve())
    previous = known.get(location)
    try:
        info = stat_file(path)
        if previous and previous.states == {(info.st_mtime_ns, info.st_size)}:
            report.unchanged += len(previous.articles)
            return
        found = read_file(path, options)
    except DocumentError as exc:
        report.failed.append((str(path), str(exc)))
        return
    _record_problems(found, report)
    old = previous.articles if previous else {}
    state = f"{info.st_mtime_ns} {info.st_size}"
    for article in found.articles:
        if old.get(article.path) == article.checksum:
            report.unchanged += 1
            continue
        writer.update_document(**document_fields(article, state, writer.schema))
        words.update(words_of(article.title), words_of(article.body))
        if article.path in old:
            report.updated += 1
        else:
            report.added += 1
    if old and not found.problems:  # a record that failed may still be in ``old``: keep it
        for gone in old.keys() - {a.path for a in found.articles}:
            writer.delete_by_term("path", gone)
            report.removed += 1


def _record_problems(found: FileArticles, report: IndexReport) -> None:
    report.failed.extend(found.problems)
    report.unshown_failures += found.unshown_problems


def document_fields(article: Article, state: str = "0 0", schema: Schema | None = None) -> dict:
    """The Whoosh fields for an article (those in ``schema``, default :func:`build_schema`'s);
    ``state`` is its file's "mtime_ns size"."""
    text = f"{article.title}\n{article.body}"
    fields = {
        "path": article.path,
        "file": article.file,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "url": article.url,
        "state": f"{state} {article.checksum}".encode("ascii"),
    }
    if article.date is not None:
        fields["date"] = article.date
    if schema is None or "parts" in schema:
        fields["parts"] = text  # the compounds of title and body
    return fields
