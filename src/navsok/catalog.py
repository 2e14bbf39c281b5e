"""What an index holds: its statistics (`navsok stats`) and its stored articles (`navsok show`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from navsok.errors import NavsokError
from navsok.paths import from_index, shown, to_index, unescape
from navsok.integrity import damaged_message
from navsok.store import damage_found, open_index, read_meta

#: Fields whose distinct terms `stats` counts: the words people search.
TERM_FIELDS = ("title", "body")


@dataclass(frozen=True)
class IndexStats:
    index_dir: str
    documents: int
    files: int
    terms: int
    size_bytes: int
    segments: int
    indexed_at: datetime | None
    analyser: int | None
    index_format: int | None
    oldest: datetime | None
    newest: datetime | None


@dataclass(frozen=True)
class StoredArticle:
    """One article as the index stores it."""

    path: str
    file: str
    title: str
    source: str
    date: datetime | None
    url: str
    body: str


def index_stats(index_dir: Path) -> IndexStats:
    """Counts and facts about the index at ``index_dir``, whose every file is checked
    against the checksum it was written with (:mod:`navsok.integrity`)."""
    ix = open_index(index_dir)
    damage = damage_found(index_dir)
    if damage:
        raise NavsokError(damaged_message(index_dir, damage))
    meta = read_meta(index_dir)
    with ix.reader() as reader:
        terms = set()
        for name in TERM_FIELDS:
            if name in ix.schema:
                terms.update(reader.lexicon(name))
        files = reader.column_reader("file")
        dates = _dates(reader, ix.schema["date"])
        stats = IndexStats(
            index_dir=str(index_dir),
            documents=reader.doc_count(),
            files=len({files[n] for n in reader.all_doc_ids()}),
            terms=len(terms),
            size_bytes=_folder_size(index_dir),
            segments=len(reader.leaf_readers()),
            indexed_at=datetime.fromtimestamp(meta["indexed_at"]) if "indexed_at" in meta else None,
            analyser=meta.get("analyser"),
            index_format=meta.get("format"),
            oldest=min(dates, default=None),
            newest=max(dates, default=None),
        )
    return stats


def _dates(reader, field) -> list[datetime]:
    """The dates of the dated articles, from the date column (no stored fields loaded)."""
    if not reader.has_column("date"):
        return []
    column = reader.column_reader("date", translate=False)
    undated = field.column_type.default_value()
    raw = (column[n] for n in reader.all_doc_ids())
    return [field.from_column_value(value) for value in raw if value != undated]


def _folder_size(folder: Path) -> int:
    total = 0
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            try:
                total += os.stat(os.path.join(dirpath, name)).st_size
            except OSError:
                pass
    return total


def find_articles(index_dir: Path, key: str) -> list[StoredArticle]:
    """The stored articles ``key`` names: an article path as `query` prints it (relative or
    absolute, ``file.jsonl#ID`` for a record), a file (all its articles), an article's url,
    or the end of a path (``art_000001.txt``) when only one article's path ends so.

    Raises :class:`NavsokError` when nothing, or more than one thing by path ending, matches.
    """
    ix = open_index(index_dir)
    key = to_index(key if os.path.lexists(key) else unescape(key))  # as `query` printed it
    base, sep, fragment = key.partition("#")
    absolute = to_index(str(Path(from_index(base)).resolve())) + sep + fragment if base else key
    with ix.searcher() as searcher:
        for field, value in (("path", absolute), ("path", key), ("file", absolute), ("url", key)):
            found = [hit for hit in searcher.documents(**{field: value})]
            if found:
                return [_stored(doc) for doc in found]
        reader = searcher.reader()
        paths = reader.column_reader("path")
        ending = "/" + key.lstrip("/")
        matches = [n for n in reader.all_doc_ids() if paths[n].endswith(ending)]
        if len(matches) == 1:
            return [_stored(searcher.stored_fields(matches[0]))]
        if matches:
            raise NavsokError(
                f"{len(matches)} articles have a path ending in '{shown(key)}'; give more of the path"
            )
    raise NavsokError(f"no article '{shown(key)}' in the index at {index_dir}")


def _stored(doc: dict) -> StoredArticle:
    return StoredArticle(
        path=doc.get("path", ""),
        file=doc.get("file", ""),
        title=doc.get("title", ""),
        source=doc.get("source", ""),
        date=doc.get("date"),
        url=doc.get("url", ""),
        body=doc.get("body", ""),
    )
