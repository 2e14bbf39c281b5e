"""Ranking and counting: the best hits of a parsed query, and the exact number of matches."""

from __future__ import annotations


def scores(searcher, parsed, results) -> dict[int, float]:
    """The relevance scores of hits sorted by date (whose ``score`` is their sort key)."""
    shown = {hit.docnum for hit in results}
    if not shown:  # Whoosh reads an empty filter as none
        return {}
    return {hit.docnum: float(hit.score) for hit in searcher.search(parsed, limit=None,
                                                                   filter=shown)}


def newest_first():
    """Dated articles newest first, then the undated ones (whose date sorts as year 1)."""
    from whoosh import query, sorting

    return sorting.MultiFacet(
        [
            sorting.QueryFacet({0: query.Every("date")}, other=1),
            sorting.FieldFacet("date", reverse=True),
        ]
    )


def ranked(searcher, parsed, limit: int, allow, ordering: dict, cache: dict | None = None):
    """``(results, total)``: the best ``limit`` matches of ``parsed`` among the document
    numbers in ``allow`` (all when ``None``; see :meth:`navsok.filters.Filters.docs`), and
    their number when it came for free (else ``None``: see :func:`total`).

    Long posting lists of plain words, ORs and ANDs are ranked at once over arrays
    (:mod:`navsok.vectorrank`: the same scores and order as Whoosh, and the exact total);
    ``cache`` keeps what that reads between the queries of a session.

    Otherwise Whoosh skips the blocks of matches that cannot reach the top ``limit``, and
    then counts the total in a second pass over all matches (:func:`total` makes that
    cheap for plain words and ORs). For a phrase or an AND that second pass repeats the
    costly intersection (at 100k articles ``"første gang"`` takes 280 ms that way,
    140 ms in one pass), so those are ranked in one pass that
    scores and counts every match; for words and ORs skipping wins (``publisert``,
    in every article: 160 ms against 270 ms). The one pass must also not swap in
    leaner matchers (Whoosh drops sub-queries that can no longer reach the top, and
    their matches would go uncounted).
    """
    from whoosh import collectors

    if allow is not None and not allow:  # nothing allowed (Whoosh reads set() as no filter)
        from whoosh.searching import Results

        return Results(searcher, parsed, []), 0
    if not ordering:
        from navsok import vectorrank

        found = vectorrank.top_docs(searcher, parsed, limit, allow, {} if cache is None else cache)
        if found is not None:
            from whoosh.searching import Results

            top, matches = found
            return Results(searcher, parsed, top), matches
    if ordering or not _intersects(parsed):
        return searcher.search(parsed, limit=limit, filter=allow, **ordering), None
    top = collectors.TopCollector(limit=limit, usequality=False, replace=0)
    collector = collectors.FilterCollector(top, allow=allow) if allow is not None else top
    searcher.search_with_collector(parsed, collector)
    return collector.results(), None


def total(searcher, parsed, results, allow) -> int:
    """The exact number of articles that match, for a result ranked by :func:`ranked`
    without its total.

    When Whoosh skipped blocks while ranking, ``len(results)`` walks every match again
    through its matcher tree (for ``publisert``, in all 100,000 articles, 90 ms);
    :func:`_match_count` gets the same number from the posting lists far cheaper. With a
    filter it is used too: Whoosh's filtered count can be off (``kake --since 2021`` with
    a limit of 1 counted one match that the filter had left out).
    """
    if allow is not None or not results.has_exact_length():
        return count(searcher, parsed, allow)
    return len(results)


def count(searcher, parsed, allow) -> int:
    """How many articles among the document numbers in ``allow`` (all when ``None``)
    match ``parsed``, without scoring."""
    if allow is not None and not allow:  # nothing allowed (Whoosh reads set() as no filter)
        return 0
    found = _match_count(searcher, parsed, allow)
    if found is None:
        found = len(searcher.search(parsed, limit=1, scored=False, filter=allow))
    return found


def _match_count(searcher, parsed, allow) -> int | None:
    """How many articles ``allow`` lets through match ``parsed``, when that is plain
    terms joined by OR and AND (what words without quotes or patterns parse to); else
    ``None``.

    A word searched in several fields is an OR of one term per field. Without a filter
    or deleted articles, its count is the largest term's document frequency plus the
    other terms' articles that the largest lacks, so the long posting list (``publisert``
    in the body of every article) is only skipped through, not read document by document.
    Otherwise the posting lists' document sets are combined with set operations.
    """
    from whoosh import query as q

    terms = parsed.subqueries if type(parsed) is q.Or else ()
    reader = searcher.reader()
    if allow is None and terms and all(type(t) is q.Term for t in terms) and not reader.has_deletions():
        largest, *rest = sorted(terms, key=lambda term: -term.estimate_size(reader))
        others = set().union(*(term.docs(searcher) for term in rest))
        inside = largest.matcher(searcher, searcher.boolean_context())
        missing = 0
        for doc in sorted(others):
            if inside.is_active():
                inside.skip_to(doc)
            if not (inside.is_active() and inside.id() == doc):
                missing += 1
        return largest.estimate_size(reader) + missing
    docs = _matching_docs(searcher, parsed)
    if docs is None:
        return None
    return len(docs if allow is None else docs.intersection(allow))


def _matching_docs(searcher, node) -> set[int] | None:
    """The document numbers that match ``node``, when it is made of terms and patterns
    (``prøveprosjekt*``, ``kva?ifisering``) joined by OR and AND only; else ``None``.

    A pattern matches the articles of the index terms it stands for, so it counts as their
    union: one walk along each term's postings instead of Whoosh's walk through a union
    of them all. (Not a fuzzy term: Whoosh's ``FuzzyTerm.simplify`` fails on the text
    its reader hands back.)"""
    from whoosh import query as q

    kind = type(node)
    if kind is q.Term:
        return set(node.docs(searcher))  # Whoosh's own matcher: deletions left out
    if kind in (q.Prefix, q.Wildcard):
        terms = node.simplify(searcher.reader())
        return set() if terms is q.NullQuery else _matching_docs(searcher, terms)
    if kind not in (q.Or, q.And) or not node.subqueries or getattr(node, "minmatch", 0) > 1:
        return None
    sets = [_matching_docs(searcher, child) for child in node.subqueries]
    if any(docs is None for docs in sets):
        return None
    return set.union(*sets) if kind is q.Or else set.intersection(*sets)


def _intersects(parsed) -> bool:
    """Whether the query has a phrase or an AND in it."""
    from whoosh import query as q

    def walk(node):
        yield node
        for child in node.children():
            yield from walk(child)

    return any(isinstance(node, (q.Phrase, q.And)) for node in walk(parsed))
