"""The Whoosh index: its schema, opening it, and bringing it up to date with the files."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema

from navsok.analysis import ANALYSER_VERSION, norwegian_analyzer
from navsok.errors import NavsokError
from navsok.documents import Article, DocumentError, find_files, is_article_file, read_article

#: Bump when the schema changes: old indexes must then be rebuilt.
INDEX_FORMAT = 1
META_FILE = "navsok.json"
TITLE_BOOST = 2.0

#: progress(done, total) is called after each file.
Progress = Callable[[int, int], None]


def build_schema(analyzer=None) -> Schema:
    """navsok's schema; another ``analyzer`` for title and body gives a baseline to compare."""
    analyzer = analyzer or norwegian_analyzer()
    return Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=analyzer, stored=True),
        source=TEXT(stored=True),
        checksum=STORED,
    )


@dataclass
class IndexReport:
    """What an index run did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def indexed(self) -> int:
        return self.added + self.updated

    def summary(self) -> str:
        parts = [
            f"{self.added} added",
            f"{self.updated} updated",
            f"{self.removed} removed",
            f"{self.unchanged} unchanged",
        ]
        if self.skipped:
            parts.append(f"{self.skipped} skipped (unknown file type)")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return ", ".join(parts) + f" in {self.seconds:.1f} s"


def open_index(index_dir: Path):
    """Open an existing navsok index for reading, or raise :class:`NavsokError`."""
    if not whoosh_index.exists_in(str(index_dir)):
        raise NavsokError(f"no index at {index_dir} (run `navsok index` first)")
    meta = read_meta(index_dir)
    if meta.get("format") != INDEX_FORMAT or meta.get("analyser") != ANALYSER_VERSION:
        raise NavsokError(
            f"the index at {index_dir} was built by another navsok version "
            "(run `navsok index --rebuild`)"
        )
    return whoosh_index.open_dir(str(index_dir))


def read_meta(index_dir: Path) -> dict:
    try:
        return json.loads((index_dir / META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _write_meta(index_dir: Path) -> None:
    meta = {"format": INDEX_FORMAT, "analyser": ANALYSER_VERSION, "indexed_at": time.time()}
    (index_dir / META_FILE).write_text(json.dumps(meta), "utf-8")


def _open_or_create(index_dir: Path, schema: Schema | None = None):
    if whoosh_index.exists_in(str(index_dir)):
        return open_index(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    if any(p.name != META_FILE for p in index_dir.iterdir()):
        raise NavsokError(f"{index_dir} is not empty and not a navsok index; choose another --index")
    return whoosh_index.create_in(str(index_dir), schema or build_schema())


def update_index(
    index_dir: Path,
    paths: Iterable[Path],
    progress: Progress | None = None,
    schema: Schema | None = None,
) -> IndexReport:
    """Bring the index at ``index_dir`` up to date with the article files below ``paths``.

    New and changed files are (re)indexed, unchanged ones (same checksum) are left alone,
    and documents whose files are gone are removed. Nothing is written until the commit.
    ``schema`` (default :func:`build_schema`) is used only when the index is created.
    """
    started = time.perf_counter()
    report = IndexReport()
    files = []
    for path in find_files(paths):
        if not path.exists():
            report.failed.append((str(path), "no such file or directory"))
        elif is_article_file(path):
            files.append(path)
        else:
            report.skipped += 1

    ix = _open_or_create(index_dir, schema)
    with ix.searcher() as searcher:
        known = {doc["path"]: doc.get("checksum", "") for doc in searcher.all_stored_fields()}

    writer = ix.writer(limitmb=256)
    try:
        for done, path in enumerate(files, 1):
            _index_file(writer, path, known, report)
            if progress:
                progress(done, len(files))
        for gone in sorted(p for p in known if not os.path.exists(p)):
            writer.delete_by_term("path", gone)
            report.removed += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    _write_meta(index_dir)
    report.seconds = time.perf_counter() - started
    return report


def _index_file(writer, path: Path, known: dict[str, str], report: IndexReport) -> None:
    try:
        article = read_article(path)
    except DocumentError as exc:
        report.failed.append((str(path), str(exc)))
        return
    previous = known.get(article.path)
    if previous == article.checksum:
        report.unchanged += 1
        return
    writer.update_document(**_fields(article))
    if previous is None:
        report.added += 1
    else:
        report.updated += 1


def _fields(article: Article) -> dict:
    return {
        "path": article.path,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "checksum": article.checksum,
    }
