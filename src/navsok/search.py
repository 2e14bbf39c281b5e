"""Running a query: ``Session(index).search(query) -> SearchResult`` of ranked hits as plain data.

The jobs a query needs live in their own modules: :mod:`navsok.parsing` (query syntax),
:mod:`navsok.ranking` (the best hits and the exact total), :mod:`navsok.highlight`
(snippets), :mod:`navsok.explain` (``--explain``) and :mod:`navsok.suggest` ("Mente du?").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Sequence

from navsok.whooshlean import import_whoosh

import_whoosh()  # before anything imports Whoosh: without its network and asyncio imports

from navsok import ranking  # noqa: E402
from navsok.wordterms import use_stem_table  # noqa: E402
from navsok.errors import NavsokError  # noqa: E402
from navsok.filters import Filters  # noqa: E402
from navsok.explain import TermMatch, term_origins, typed_words  # noqa: E402
from navsok.explain import explain as explain_hit  # noqa: E402
from navsok.highlight import ELLIPSIS, Snippet, hit_snippets, matched_terms, query_terms  # noqa: E402
from navsok.store import open_index  # noqa: E402
from navsok.parsing import DEFAULT_FIELDS, QUERY_FIELDS, parse_query  # noqa: E402
from navsok.suggest import FEW_HITS, corrected_query, written_plainly  # noqa: E402

__all__ = [
    "DEFAULT_CONTEXT", "DEFAULT_FIELDS", "QUERY_FIELDS", "SORT_ORDERS", "Filters", "Hit",
    "SearchResult", "Session", "Snippet", "TermMatch", "count", "counted", "parse_query", "search",
]

DEFAULT_CONTEXT = 80  # characters of text around a match in a snippet
SORT_ORDERS = ("relevance", "date")


@dataclass(frozen=True)
class Hit:
    """One ranked article."""

    rank: int
    score: float
    path: str
    title: str
    source: str
    title_snippet: Snippet
    snippets: tuple[Snippet, ...]
    explanation: tuple[TermMatch, ...] = ()
    date: datetime | None = None
    url: str = ""

    @property
    def snippet(self) -> Snippet:
        """All snippets joined into one, separated by an ellipsis."""
        parts: list[tuple[str, bool]] = []
        for snippet in self.snippets:
            piece = list(snippet.parts)
            if parts:  # one ellipsis between snippets, not their own two
                if parts[-1] == ELLIPSIS:
                    parts.pop()
                if piece and piece[0] == ELLIPSIS:
                    piece.pop(0)
                parts.append((" … ", False))
            parts.extend(piece)
        return Snippet(tuple(parts))


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    #: The query with misspelt words corrected, when that finds more ("Mente du: …?").
    suggestion: str | None = None
    #: The query as typed, when it found nothing and ``query`` is it with the Norwegian
    #: letters it was typed without (Gjovik: Gjøvik), whose hits these are.
    typed: str | None = None


def search(index_dir: Path, query: str, **options) -> SearchResult:
    """Run ``query`` against the index at ``index_dir``; ``options`` as for :meth:`Session.search`."""
    with Session(index_dir) as session:
        return session.search(query, **options)


def count(
    index_dir: Path,
    query: str,
    fields: Sequence[str] = DEFAULT_FIELDS,
    filters: Filters = Filters(),
) -> int:
    """How many articles match ``query``, without ranking or snippets."""
    with Session(index_dir) as session:
        return session.count(query, fields=fields, filters=filters)


def counted(
    index_dir: Path,
    query: str,
    fields: Sequence[str] = DEFAULT_FIELDS,
    filters: Filters = Filters(),
) -> tuple[int, str]:
    """How many articles match the query a search would show, and that query: ``query``,
    or, where it finds nothing, its suggestion when that only writes the Norwegian letters
    it was typed without (Gjovik: Gjøvik), as :meth:`Session.search` searches it."""
    with Session(index_dir) as session:
        total = session.count(query, fields=fields, filters=filters)
        suggestion = None if total else session.suggest(query, fields, filters)
        if suggestion and written_plainly(query, suggestion):
            return session.count(suggestion, fields=fields, filters=filters), suggestion
        return total, query


class Session:
    """An open index that answers many queries (the interactive shell keeps one open).

    Use as a context manager, or call :meth:`close`. Each query sees the index as last
    committed: the searcher is refreshed when ``navsok index`` has written meanwhile.
    """

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self._index = open_index(index_dir)
        use_stem_table(index_dir)  # query and hits are analysed without the lemmatiser
        self._searcher = self._index.searcher()
        self._cache: dict = {}  # what ranking reads once per segment (field lengths)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._searcher.close()

    def _current(self):
        self._searcher = self._searcher.refresh()
        return self._searcher

    def search(
        self,
        query: str,
        limit: int = 10,
        snippets: int = 1,
        context: int = DEFAULT_CONTEXT,
        fields: Sequence[str] = DEFAULT_FIELDS,
        explain: bool = False,
        filters: Filters = Filters(),
        sort: str = "relevance",
    ) -> SearchResult:
        """The best ``limit`` hits for ``query``, each with up to ``snippets`` snippets (none,
        and the title unmarked, with ``snippets=0``: what ``-l`` prints needs neither).

        With ``explain``, each hit carries its score broken down by matched term. Only
        articles ``filters`` allows can match; ``sort="date"`` puts the newest first
        (undated ones last) instead of the best.
        """
        if sort not in SORT_ORDERS:
            raise NavsokError(f"unknown sort order {sort!r} (choose from {', '.join(SORT_ORDERS)})")
        parsed = parse_query(query, self._index.schema, fields)
        searcher = self._current()
        allow = filters.docs(searcher)
        ordering = {"sortedby": ranking.newest_first()} if sort == "date" else {}
        # Not terms=True: recording each match's terms makes Whoosh skip nothing; the
        # hits' terms are looked up below.
        results, total = ranking.ranked(searcher, parsed, limit, allow, ordering, self._cache)
        marked = snippets > 0 or explain  # which words each hit has: for marking them
        terms = query_terms(parsed, searcher.reader()) if marked else set()
        origins = term_origins(parsed, query, searcher.reader()) if explain else None
        typed = typed_words(query)
        scores = ranking.scores(searcher, parsed, results) if sort == "date" else None
        hits = []
        by_doc = (matched_terms(searcher.reader(), [hit.docnum for hit in results], terms, self._cache)
                  if marked else {})
        for rank, hit in enumerate(results, 1):
            matched = by_doc.get(hit.docnum, {})
            made = _make_hit(rank, hit, matched, snippets, context)
            if scores is not None:
                made = replace(made, score=scores.get(hit.docnum, 0.0))
            if origins is not None:
                made = replace(made, explanation=explain_hit(searcher, hit, origins, typed, matched))
            hits.append(made)
        if total is None:
            total = ranking.total(searcher, parsed, results, allow)
        suggestion = None
        if total < FEW_HITS:
            suggestion = self.suggest(query, fields, filters, better_than=total)
        if not total and suggestion and written_plainly(query, suggestion):
            # Nothing has Gjovik, and Gjøvik is what was meant: the hits of that.
            found = self.search(suggestion, limit=limit, snippets=snippets, context=context,
                                fields=fields, explain=explain, filters=filters, sort=sort)
            return replace(found, typed=query)
        return SearchResult(query=query, total=total, hits=hits, suggestion=suggestion)

    def suggest(
        self,
        query: str,
        fields: Sequence[str] = DEFAULT_FIELDS,
        filters: Filters = Filters(),
        better_than: int = 0,
    ) -> str | None:
        """``query`` with each word the index does not know replaced by the closest word it
        does know (``kvalifiseringsprogam`` → ``kvalifiseringsprogram``, ``Gjovik`` →
        ``Gjøvik``), if that matches more than ``better_than`` articles; else ``None``.

        A word is looked up by its index term; a close term (one edit for short words, two
        for long ones) is shown as an article writes it, so the suggestion is a real word.
        """
        return corrected_query(
            self._current(), query, lambda text: self.count(text, fields, filters), better_than
        )

    def count(
        self, query: str, fields: Sequence[str] = DEFAULT_FIELDS, filters: Filters = Filters()
    ) -> int:
        """How many articles match ``query``, without ranking or snippets."""
        parsed = parse_query(query, self._index.schema, fields)
        searcher = self._current()
        return ranking.count(searcher, parsed, filters.docs(searcher))


def _make_hit(rank, hit, matched: dict[str, frozenset[str]], snippets: int, context: int) -> Hit:
    if snippets:
        title_snippet, found = hit_snippets(hit, matched, snippets, context)
    else:
        title_snippet, found = Snippet(((hit.get("title", ""), False),)), ()
    return Hit(
        rank=rank,
        score=float(hit.score) if isinstance(hit.score, (int, float)) else 0.0,
        path=hit["path"],
        title=hit.get("title", ""),
        source=hit.get("source", ""),
        title_snippet=title_snippet,
        snippets=found,
        date=hit.get("date"),
        url=hit.get("url", ""),
    )
