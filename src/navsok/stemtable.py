"""The readings (and compound parts) of every word seen at index time, in the index folder.

Loading the lexicon costs over a second, more than the rest of a query. At index time
navsok therefore writes ``word → query terms, readings, compound parts, known`` for every word it
indexed into a small SQLite table beside the index; a query (its own words and the words
of the hits it highlights) looks words up there and loads the lexicon (and the compound
splitter's word list) only for words never indexed. The table is a cache of
:func:`navsok.wordterms.query_terms`, :func:`navsok.wordterms.readings`,
:func:`navsok.wordterms.compound_part_terms` and
:func:`navsok.wordterms.is_known`, nothing more: a missing entry costs time, never a wrong
answer (the file name carries the analyser version, so a table from another analyser is
never read).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, query TEXT, readings TEXT,"
    " parts TEXT, known INTEGER) WITHOUT ROWID"
)
#: Seconds a writer waits for another one (a parallel index run's workers each add words).
LOCK_WAIT = 120
#: What is known of a word: what a query for it searches, its readings, the terms of its
#: compound parts, and whether the lexicon (not the stemmer) gave the readings.
Entry = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]


def table_path(index_dir, analyser_version: int) -> str:
    return os.path.join(index_dir, f"stems-v{analyser_version}.sqlite")


class StemTable:
    """Read access to a stem table; :meth:`get` returns None for unknown words."""

    def __init__(self, path):
        # Opened lazily and read-only: a query never writes, and a missing file is no error.
        self._path = os.fspath(path)
        self._connection: sqlite3.Connection | None = None
        self._seen: dict[str, Entry | None] = {}

    def get(self, word: str) -> Entry | None:
        if word not in self._seen:
            self._seen[word] = self._read(word)
        return self._seen[word]

    def _read(self, word: str) -> Entry | None:
        if self._connection is None:
            if not os.path.isfile(self._path):
                return None
            self._connection = sqlite3.connect(
                f"file:{self._path}?mode=ro", uri=True, check_same_thread=False
            )
        found = self._connection.execute(
            "SELECT query, readings, parts, known FROM words WHERE word = ?", (word,)
        ).fetchone()
        if not found:
            return None
        query, readings, parts, known = found
        return tuple(query.split()), tuple(readings.split()), tuple(parts.split()), bool(known)


def add_words(path, words: Iterable[str], describe: Callable[[str], Entry]) -> int:
    """Store ``describe(word)`` for each of ``words`` the table lacks; returns how many
    were new."""
    connection = sqlite3.connect(path, timeout=LOCK_WAIT)  # parallel workers add too
    try:
        connection.execute(SCHEMA)
        known = {w for (w,) in connection.execute("SELECT word FROM words")}
        new = []
        for word in sorted(set(words) - known):
            query, readings, parts, known = describe(word)
            new.append((word, " ".join(query), " ".join(readings), " ".join(parts), int(known)))
        with connection:
            connection.executemany("INSERT OR REPLACE INTO words VALUES (?, ?, ?, ?, ?)", new)
        return len(new)
    finally:
        connection.close()
