"""Which articles a query may match: ``--since``/``--until`` and ``--source``.

A date range is decided on the ``date`` column, one comparison over an array of every
article's date: Whoosh's ``DateRange`` builds a matcher that lists every dated article
(at 100,000 articles a filtered query took seconds that way, and the query path built it
for the ranking, the total and the suggestion). A source is its few terms' posting lists.
Both give the same articles as Whoosh's filter queries (:meth:`Filters.query`, which
``tests/test_filters.py`` compares them with).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from navsok.errors import NavsokError


@dataclass(frozen=True)
class Filters:
    """Restrictions on which articles may match: a date range (inclusive) and a source."""

    since: date | None = None
    until: date | None = None
    source: str | None = None

    def docs(self, searcher) -> set[int] | None:
        """The document numbers the filters let through (deleted articles among them: the
        matchers leave those out), or ``None`` when all are."""
        allowed = None
        if self.source:
            allowed = set(searcher.docs_for_query(self.source_query(searcher.schema)))
        if self.since or self.until:
            from navsok.numpyload import load_numpy

            np = load_numpy()

            dated = np.flatnonzero(date_mask(searcher.reader(), searcher.schema, self.since,
                                             self.until, np)).tolist()
            allowed = set(dated) if allowed is None else allowed.intersection(dated)
        return allowed

    def query(self, schema):
        """The Whoosh query that keeps only allowed articles, or None when all are (what
        :meth:`docs` gives, the slow way)."""
        from whoosh import query

        parts = []
        if self.since or self.until:
            start = datetime.combine(self.since, time.min) if self.since else None
            end = datetime.combine(self.until, time.max) if self.until else None
            parts.append(query.DateRange("date", start, end))
        if self.source:
            parts.append(self.source_query(schema))
        return query.And(parts) if parts else None

    def source_query(self, schema):
        """The Whoosh query of ``--source``: its words as a phrase in the source field."""
        from whoosh import query

        words = list(schema["source"].process_text(self.source, mode="query"))
        if not words:
            raise NavsokError(f"--source {self.source!r} has no searchable words")
        return query.Phrase("source", words) if len(words) > 1 else query.Term("source", words[0])


def date_mask(reader, schema, since: date | None, until: date | None, np):
    """Which documents are dated from ``since`` to ``until`` (both days included; either
    may be open), as a bool array over the document numbers; undated ones are left out."""
    from navsok.columns import numeric_array

    field = schema["date"]
    dates = numeric_array(reader, "date", np)
    first = np.uint64(field.to_column_value(datetime.combine(since or date.min, time.min)))
    last = np.uint64(field.to_column_value(datetime.combine(until or date.max, time.max)))
    undated = np.uint64(field.column_type.default_value())
    return (dates >= first) & (dates <= last) & (dates != undated)
