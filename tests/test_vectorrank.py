"""Ranking long posting lists over arrays (navsok.vectorrank) gives Whoosh's own BM25F
ranking: the same hits, in the same order, with the same scores, and the exact total."""

from __future__ import annotations

from datetime import date

import pytest
from test_fast_paths import generated_articles

from navsok import postarrays, vectorrank
from navsok.cli import main
from navsok.writer import PARALLEL_ENV

RANKED_QUERIES = (
    "kake", "NAV", "marked", "gang", "første", "kake OR NAV", "kake AND NAV", "kake NAV",
    "NAV Heimdal", "kake NOT NAV", "title:kake", "dagpenger OR sykepenger OR marked",
    "NAV OR (kake AND sjokolade)", "(kake OR marked) NOT (NAV OR Heimdal)", "ukjentordxyz",
    '"første gang"', '"NAV Heimdal"', '"kake NAV kake"', 'kake "NAV Heimdal"',
    '"første gang" OR marked', '"gang første" NOT kake', '"NAV ukjentordxyz"',
    "kak*", "mark* OR NAV", "NAV AND ka?e", "kake NOT mark*", "ukjentordxyz*",
)


@pytest.fixture
def every_query_vectorised(monkeypatch):
    """However short the posting lists, rank them over arrays."""
    monkeypatch.setattr(vectorrank, "MIN_POSTINGS", 0)
    monkeypatch.setattr(vectorrank, "MIN_POSTINGS_LOADED", 0)


def whoosh_ranking(searcher, parsed, limit, allow):
    """Whoosh's BM25F ranking and total, every match scored and counted (its block
    skipping can miss the best match of an AND: ``kake AND NAV`` with a limit of 1 once
    returned the second; and matchers it swaps out leave matches uncounted)."""
    from whoosh import collectors

    top = collectors.TopCollector(limit=limit, usequality=False, replace=0)
    collector = collectors.FilterCollector(top, allow=allow) if allow is not None else top
    searcher.search_with_collector(parsed, collector)
    return collector.results()


def test_ranking_over_arrays_equals_whoosh(every_query_vectorised, runner, tmp_path, monkeypatch):
    """Whoosh's hits, order, scores and totals, with the body's terms read from the posting
    arrays beside the index (in 60 or more articles: the title's are in fewer, and read
    from Whoosh's blocks), over two segments, with deleted articles."""
    import numpy as np

    from navsok.parsing import parse_query
    from navsok.search import Filters, Session
    from navsok.store import open_index

    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    articles = 300
    generated_articles(corpus, articles)
    monkeypatch.setenv(postarrays.MIN_DOCS_ENV, "60")
    monkeypatch.setenv(PARALLEL_ENV, "1000000")  # one writer: a segment a run
    filters = (Filters(source="NRK"), Filters(since=date(2021, 1, 1)))
    # Three fields make Whoosh preload an OR's matches in small indexes; two (a field and
    # its compound parts) make it a tree of unions, as in big ones.
    searched = (("title", "body"), ("body",), ("title",))

    def check() -> int:
        ranked = 0
        cache: dict = {}  # one session's, as the shell keeps it
        with Session(index_dir) as session, open_index(index_dir).searcher() as whoosh:
            for query in RANKED_QUERIES:
                for fields in searched:
                    parsed = parse_query(query, whoosh.schema, fields)
                    shown = fields == searched[0]  # the hits navsok shows, with filters
                    for allowed in (Filters(), *filters) if shown else (Filters(),):
                        allow = allowed.query(whoosh.schema)
                        for limit in (1, 10) if allow is None and shown else (10,):
                            expected = whoosh_ranking(whoosh, parsed, limit, allow)
                            fast = vectorrank.top_docs(
                                whoosh, parsed, limit, None if allow is None else
                                set(whoosh.docs_for_query(allow)), cache)
                            assert fast is not None, query
                            top, total = fast
                            assert top == [(h.score, h.docnum) for h in expected], (query, fields)
                            assert total == len(expected)
                            if limit == 10 and shown:
                                found = session.search(query, filters=allowed, fields=fields)
                                assert [hit.path for hit in found.hits] == [h["path"] for h in expected]
                                assert found.total == total
                            ranked += len(top)
            leaves = [sub.reader() for sub, _offset in whoosh.leaf_searchers()]
            opened = [value for value in cache.values() if isinstance(value, postarrays.SegmentArrays)]
            assert len(opened) == len(leaves)  # each segment's file, opened once
            assert all(postarrays.for_reader(leaf, cache).get(leaf, "body", b"kake", np) is not None
                       for leaf in leaves)  # and the body's words read from it
        return ranked

    assert runner.invoke(main, ["index", str(corpus), "--index", str(index_dir)]).exit_code == 0
    assert check() > 0
    for gone in sorted(corpus.glob("*.txt"))[:articles // 10]:  # deleted articles stay in the index
        gone.unlink()
    generated_articles(tmp_path / "more", articles // 3)  # a second segment
    for new in (tmp_path / "more").iterdir():
        new.rename(corpus / f"more-{new.name}")
    result = runner.invoke(main, ["index", str(corpus), "--index", str(index_dir)])
    assert f"{articles // 3} added" in result.output and f"{articles // 10} removed" in result.output
    assert len(list(index_dir.glob(f"{postarrays.PREFIX}*"))) == 2
    assert check() > 0


def test_fuzzy_terms_and_loose_phrases_are_left_to_whoosh(every_query_vectorised, index_dir):
    from navsok.parsing import parse_query
    from navsok.store import open_index

    with open_index(index_dir).searcher() as searcher:
        for query in ('"NAV Heimdal"~3', "gjovik~", "NAV OR \"første gang\"~2"):
            assert vectorrank.top_docs(searcher, parse_query(query, searcher.schema), 10, None, {}) is None


def test_an_or_whoosh_would_preload_is_not_scored_as_it_is_built(index_dir):
    """In a small segment Whoosh builds a word's OR over three fields as a matcher that
    scores every match as it is built; ranked over arrays, its parts are only held (and
    then ranked as Whoosh's, which the test above checks)."""
    from navsok.parsing import parse_query
    from navsok.store import open_index

    with open_index(index_dir).searcher() as searcher:
        parsed = parse_query("NAV", searcher.schema)
        assert len(parsed.subqueries) > 2 and searcher.doc_count_all() <= 5000
        held = vectorrank._holders(parsed).matcher(searcher, searcher.context())
        assert type(held) is vectorrank._holder_classes()[3]
        assert len(held._submatchers) == len(parsed.subqueries)


@pytest.mark.parametrize("where", [
    [0], [3, 4], [1, 2, 3, 300], [7, 70_000, 70_001], [255, 511, 767], list(range(0, 2000, 3)), [],
])
def test_positions_read_at_once_equal_whooshs_decoding(where):
    """Word positions as Whoosh stores them (one byte a delta below 256, longer ones
    pickled otherwise), decoded at once for many postings, give Whoosh's positions."""
    import numpy as np
    from whoosh.formats import Positions

    from navsok.postings import positions

    form = Positions()
    values = [form.encode(where), form.encode([5, 6]), form.encode(where[:1])]
    owner, found = positions(values, np)
    for i, value in enumerate(values):
        assert found[owner == i].tolist() == form.decode_positions(value), i
