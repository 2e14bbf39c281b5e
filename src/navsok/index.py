"""Bringing an index up to date with the files: incremental runs and ``--rebuild``.

A run reads only new and changed files and commits once (see :mod:`navsok.store` for why
that is safe); ``--rebuild`` builds a whole new index beside the old one and swaps the two
folders. The writer is in :mod:`navsok.writer`, the lock in :mod:`navsok.locking`, the
schema in :mod:`navsok.schema`; the names callers use are importable from here too.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from whoosh.fields import Schema

from navsok.wordterms import save_stem_table, words_of
from navsok.documents import (
    DocumentError,
    FileArticles,
    ReadOptions,
    find_files,
    is_article_file,
    stat_file,
)
from navsok.errors import NavsokError
from navsok.integrity import damaged_message
from navsok.locking import DEFAULT_LOCK_WAIT, hold_lock
from navsok.paths import from_index, to_index
from navsok.reading import read_files, reader_pool
from navsok.schema import build_schema, document_fields  # noqa: F401 - re-exported
from navsok.store import (  # noqa: F401 - re-exported
    INDEX_FORMAT,
    META_FILE,
    REBUILD_PREFIX,
    create,
    damage_found,
    is_empty_or_index,
    has_toc,
    open_index,
    read_meta,
    remove_stale_rebuilds,
    remove_uncommitted,
)
from navsok.writer import PARALLEL_MIN_FILES, committing, is_parallel, open_writer  # noqa: F401

#: progress(done, total) is called after each file.
Progress = Callable[[int, int], None]


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
    stale_pid: int | None = None  # a run that was killed holding the lock
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
    files = _article_files(paths, report)
    try:
        if rebuild or not has_toc(index_dir):  # a first build is built beside, like a rebuild
            _rebuild(index_dir, files, report, progress, options, lock_wait, schema)
        else:
            with hold_lock(index_dir, lock_wait) as lock:
                report.stale_pid = lock.stale_pid
                ix = open_index(index_dir)
                damage = damage_found(index_dir)  # never build on (or merge) a damaged segment
                if damage:
                    raise NavsokError(damaged_message(index_dir, damage))
                remove_uncommitted(index_dir)  # what a killed or failed run left
                writer = open_writer(ix, index_dir, len(files))
                with committing(writer, index_dir):
                    with writer.reader() as reader:
                        known = _known_files(reader)
                    _write_files(writer, files, known, report, progress, options, index_dir)
                    for gone in sorted(f for f in known if not os.path.exists(from_index(f))):
                        writer.delete_by_term("file", gone)
                        report.removed += len(known[gone].articles)
    except (OSError, sqlite3.OperationalError) as exc:
        if not _out_of_space(exc):
            raise
        raise NavsokError(
            f"no space left on the disk of {index_dir}; the index is as it was before "
            "(free some space and run `navsok index` again)"
        ) from None
    report.seconds = time.perf_counter() - started
    return report


def _article_files(paths: Iterable[Path], report: IndexReport) -> list[Path]:
    """The article files below ``paths``, each once; the rest counted in ``report``."""
    files, seen = [], set()
    for path in find_files(paths, on_error=lambda *failure: report.failed.append(failure)):
        if not is_article_file(path):
            if not os.path.lexists(path):
                report.failed.append((str(path), "no such file or directory"))
            else:
                report.skipped += 1
        elif (real := os.path.realpath(path)) not in seen:  # given twice, or linked
            seen.add(real)
            files.append(path)
    return files


def _out_of_space(exc: Exception) -> bool:
    """ENOSPC or EDQUOT, as an OSError or as SQLite (the stem table) says it."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return "disk is full" in str(exc)


def _rebuild(index_dir, files, report, progress, options, lock_wait, schema) -> None:
    """Build a fresh index beside ``index_dir`` and swap it in: until the swap, the old
    index (or none, on a first build) is what readers see, whatever stops the run."""
    if not is_empty_or_index(index_dir):
        raise NavsokError(f"{index_dir} is not empty and not a navsok index; choose another --index")
    with hold_lock(index_dir, lock_wait) as lock:
        report.stale_pid = lock.stale_pid
        remove_stale_rebuilds(index_dir)
        fresh = index_dir.parent / f"{REBUILD_PREFIX}{index_dir.name}-{os.getpid()}"
        try:
            # Every file is read: its readers start now, and get ready while the index opens.
            with reader_pool(files) as readers:
                writer = open_writer(create(fresh, schema), fresh, len(files))
                with committing(writer, fresh):
                    _write_files(writer, files, {}, report, progress, options, fresh, readers)
            _swap_folders(fresh, index_dir)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)  # after the swap: the old index


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


def _write_files(
    writer, files, known, report, progress, options, index_dir: Path, readers=None
) -> None:
    """Hand the new and changed articles to ``writer``, and keep the stems of their words
    in the index's stem table (see :mod:`navsok.stemtable`). Files are read ahead, web
    pages by worker processes (:mod:`navsok.reading`), while the writer indexes."""
    # A parallel writer's workers collect the words of their own documents.
    words: set[str] | None = None if is_parallel(writer) else set()
    # An index that holds no file holds no article: nothing to replace, so an article is
    # added without looking its path up (a searcher opened for that, a look-up each).
    add = writer.update_document if known else writer.add_document
    planned = [_plan(path, known) for path in files]
    changed = [path for path, state, previous in planned if _is_changed(state, previous)]
    with read_files(changed, options, readers) as outcomes:
        for done, (path, state, previous) in enumerate(planned, 1):
            if isinstance(state, DocumentError):
                report.failed.append((str(path), str(state)))
            elif not _is_changed(state, previous):
                report.unchanged += len(previous.articles)
            else:
                found = next(outcomes)
                if isinstance(found, DocumentError):
                    report.failed.append((str(path), str(found)))
                else:
                    _write_found(writer, add, found, state, previous, report, words)
            if progress:
                progress(done, len(files))
    if words is not None:
        save_stem_table(index_dir, words)


def _plan(path: Path, known) -> tuple[Path, tuple[int, int] | DocumentError, _KnownFile | None]:
    """A file, its state now, (mtime_ns, size), or why it cannot be read, and what the
    index has of it. (Not the whole stat result: at 100,000 files those would take 50 MB
    of the run's memory, and its index workers would copy it.)"""
    try:
        info = stat_file(path)
        state = info.st_mtime_ns, info.st_size
    except DocumentError as exc:
        state = exc
    return path, state, known.get(to_index(str(path.resolve())))


def _is_changed(state, previous: _KnownFile | None) -> bool:
    """Whether a file must be read: it can be, and its size or modification time changed."""
    if isinstance(state, DocumentError):
        return False
    return not previous or previous.states != {state}


def _write_found(
    writer, add, found: FileArticles, state: tuple[int, int], previous, report: IndexReport,
    words: set[str] | None,
) -> None:
    _record_problems(found, report)
    old = previous.articles if previous else {}
    stamp = "{} {}".format(*state)  # "mtime_ns size", as the state column keeps it
    for article in found.articles:
        if old.get(article.path) == article.checksum:
            report.unchanged += 1
            continue
        add(**document_fields(article, stamp, writer.schema))
        if words is not None:
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
