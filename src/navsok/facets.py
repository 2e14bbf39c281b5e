"""Counting matches per period or per source (`navsok query Q --by year`, `stats --by`).

Counts are exact and come from the index's columns (the sortable ``date`` and ``source``
fields), never from stored text: the matching articles are a set of document numbers,
each looked up in the column. Periods with no matches are kept as zero rows between the
index's oldest and newest article (a gap in coverage is information); undated articles
are counted on a row of their own. No Click or Rich here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Sequence

from navsok.columns import column_values, numeric_array
from navsok.errors import NavsokError

#: What ``--by`` takes; ``date:year`` etc. are accepted as well.
BY_CHOICES = ("year", "month", "week", "source")
PERIODS = ("year", "month", "week")


@dataclass(frozen=True)
class FacetRow:
    """One row: a period (``2024``, ``2024-03``, ``2024-W09``) or a source, and its count.
    ``key`` is ``None`` for the undated row (periods) or articles without a source."""

    key: str | None
    count: int


@dataclass(frozen=True)
class Facets:
    by: str
    query: str | None  # None: the whole index (`navsok stats --by`)
    total: int  # matching articles, each counted on exactly one row
    rows: list[FacetRow]


def check_by(by: str) -> str:
    """``year``/``month``/``week``/``source`` (``date:`` prefix allowed), or a NavsokError."""
    name = by.strip().lower().removeprefix("date:")
    if name not in BY_CHOICES:
        raise NavsokError(f"unknown --by {by!r} (choose year, month, week or source)")
    return name


def count_by(
    index_dir: Path,
    by: str,
    query: str | None = None,
    fields: Sequence[str] | None = None,
    filters=None,
) -> Facets:
    """How many articles matching ``query`` (all articles when ``None``) and allowed by
    ``filters`` fall in each period or source; ``fields`` as for a search."""
    from navsok.wordterms import use_stem_table
    from navsok.store import open_index

    by = check_by(by)
    ix = open_index(index_dir)
    use_stem_table(index_dir)
    with ix.searcher() as searcher:
        return facets_of(searcher, by, query, fields, filters)


def facets_of(searcher, by: str, query: str | None = None, fields=None, filters=None) -> Facets:
    """:func:`count_by` on an open Whoosh searcher (the benchmark keeps one open)."""
    from navsok.numpyload import load_numpy

    np = load_numpy()

    from navsok.filters import Filters, date_mask
    from navsok.search import DEFAULT_FIELDS, parse_query

    by = check_by(by)
    filters = filters or Filters()
    schema = searcher.schema
    reader = searcher.reader()
    size = reader.doc_count_all()
    live = np.ones(size, dtype=bool)
    if reader.has_deletions():
        live[:] = False
        live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
    matched = live.copy()
    if query is not None:
        matched &= _match_mask(searcher, parse_query(query, schema, fields or DEFAULT_FIELDS), size, np)
    if filters.source:
        matched &= _docs_mask(searcher, filters.source_query(schema), size, np)
    field = schema["date"]
    dates = numeric_array(reader, "date", np)
    undated = np.uint64(field.column_type.default_value())
    if filters.since or filters.until:  # as --since/--until filter a query: undated left out
        matched &= date_mask(reader, schema, filters.since, filters.until, np)
    if by == "source":
        rows = _source_rows(reader, live, matched, filters.source, np)
    else:
        rows = _period_rows(field, dates[live], dates[matched], undated, by, filters, np)
    return Facets(by=by, query=query, total=int(matched.sum()), rows=rows)


def _match_mask(searcher, node, size: int, np):
    """Which documents ``node`` matches, as a bool array (deleted ones not left out).

    Terms joined by OR, AND and NOT (what plain words parse to) are combined from each
    term's posting list; any other query (phrases, patterns) goes through Whoosh's matcher.
    """
    from whoosh import query as q

    kind = type(node)
    if kind is q.Term:
        return _term_mask(searcher, node, size, np)
    if kind in (q.Or, q.And) and node.subqueries and getattr(node, "minmatch", 0) <= 1:
        masks = [_match_mask(searcher, child, size, np) for child in node.subqueries]
        combine = np.logical_or if kind is q.Or else np.logical_and
        return combine.reduce(masks)
    if kind is q.AndNot:
        return _match_mask(searcher, node.a, size, np) & ~_match_mask(searcher, node.b, size, np)
    if kind is q.Not:
        return ~_match_mask(searcher, node.query, size, np)
    return _docs_mask(searcher, node, size, np)


def _term_mask(searcher, term, size: int, np):
    """A term's documents read a posting block at a time, segment by segment (with
    :mod:`navsok.postings`' reader: Whoosh's ``all_ids`` yields one id at a time, 90 ms
    for 100,000)."""
    from whoosh.matching.wrappers import FilterMatcher

    from navsok.postarrays import postings

    mask = np.zeros(size, dtype=bool)
    for subsearcher, offset in searcher.leaf_searchers():
        matcher = term.matcher(subsearcher, subsearcher.boolean_context())
        while type(matcher) is FilterMatcher:  # deleted documents: the caller leaves them out
            matcher = matcher.child
        if matcher.is_active():
            ids, _weights, _values = postings(subsearcher.reader(), matcher, np, None)
            mask[ids + offset] = True
    return mask


def _docs_mask(searcher, node, size: int, np):
    mask = np.zeros(size, dtype=bool)
    mask[np.fromiter(searcher.docs_for_query(node), dtype=np.int64)] = True
    return mask


def _source_rows(reader, live, matched, only: str | None, np) -> list[FacetRow]:
    """Each source's count, most first; sources with no match count zero (with ``--source``
    only the sources it lets through are listed)."""
    codes: dict[bytes, int] = {}
    values = column_values(reader, "source")
    coded = np.fromiter((codes.setdefault(value, len(codes)) for value in values), dtype=np.int64,
                        count=len(values))
    counts = np.bincount(coded[matched], minlength=len(codes))
    listed = np.bincount(coded[live], minlength=len(codes)) > 0
    rows = [
        FacetRow(name.decode("utf-8") or None, int(counts[code]))
        for name, code in codes.items()
        if counts[code] or (listed[code] and not only)
    ]
    return sorted(rows, key=lambda row: (-row.count, row.key is None, row.key or ""))


def _period_rows(field, alive, matched, undated, by: str, filters, np) -> list[FacetRow]:
    """Rows for each period from the oldest to the newest dated article of the index
    (narrowed by ``--since``/``--until``), zero where nothing matched; then the undated."""
    dated = alive[alive != undated]
    matched = np.sort(matched)
    rows: list[FacetRow] = []
    starts = []
    if len(dated):
        first = field.from_column_value(int(dated.min())).date()
        last = field.from_column_value(int(dated.max())).date()
        first = max(first, filters.since) if filters.since else first
        last = min(last, filters.until) if filters.until else last
        starts = _period_starts(first, last, by)
    if starts:
        bounds = [*starts, _next(starts[-1], by)]
        edges = np.searchsorted(matched, np.array(
            [field.to_column_value(datetime.combine(day, time.min)) for day in bounds],
            dtype=np.uint64))
        rows = [FacetRow(_label(day, by), int(edges[i + 1] - edges[i])) for i, day in enumerate(starts)]
    undated_count = int((matched == undated).sum())
    if undated_count or (len(dated) < len(alive) and not (filters.since or filters.until)):
        rows.append(FacetRow(None, undated_count))
    return rows


def _start(day: date, by: str) -> date:
    if by == "year":
        return day.replace(month=1, day=1)
    if by == "month":
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())  # ISO weeks start on Monday


def _next(start: date, by: str) -> date:
    if by == "year":
        return start.replace(year=start.year + 1)
    if by == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=7)


def _period_starts(first: date, last: date, by: str) -> list[date]:
    starts, start = [], _start(first, by)
    while start <= last:
        starts.append(start)
        start = _next(start, by)
    return starts


def _label(start: date, by: str) -> str:
    if by == "year":
        return f"{start.year}"
    if by == "month":
        return f"{start.year}-{start.month:02d}"
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"
