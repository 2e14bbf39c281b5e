"""Ranking long posting lists in one go: Whoosh's BM25F over numpy arrays.

A word in most articles makes Whoosh score its matches one at a time in Python (about
3 µs each; ``publisert`` at 100k articles: 35,000 of them even with block skipping). Here
the matcher tree Whoosh builds for the query is evaluated over whole posting lists at
once: each leaf's postings are read block by block into arrays of document numbers and
term weights, scored with Whoosh's BM25F formula (the same floating-point operations in the
same order, so every score equals Whoosh's bit for bit), and combined as the matcher
combines them (a union adds, an intersection adds where both match, AND NOT keeps the left
side, a preloaded union adds its parts in order). The best ``limit`` are sorted as Whoosh
sorts them (higher score first, then the lower document number), and the total is the
number of matches left after deletions and the filter: exact, with no second pass.

Phrases are handled too: their words' postings are intersected as arrays and scored as
Whoosh's intersection scores them, and the word positions are decoded (at once) only for
the articles that have every word (:func:`_phrase`).

Only trees of plain terms, patterns (``prøveprosjekt*``: Whoosh ORs the terms it stands
for, each scored) and phrases (slop 1) joined by OR, AND and NOT are handled (what words,
with or without quotes, parse to); anything else (a fuzzy term, a looser phrase, another
scorer) returns ``None`` and Whoosh ranks as before. numpy costs a cold
query 60-150 ms to import, so this only runs when the query's posting lists are long
enough to pay for it.
"""

from __future__ import annotations

import functools
import sys

#: Postings (summed over the query's terms) below which Whoosh's own ranking is as fast
#: as importing numpy and ranking here; once numpy is loaded (a session's second query),
#: far shorter lists pay.
MIN_POSTINGS = 20_000
MIN_POSTINGS_LOADED = 2_000


class _Unsupported(Exception):
    """A matcher this module does not evaluate: Whoosh ranks the query instead."""


def top_docs(searcher, parsed, limit: int, allowed: set[int] | None, cache: dict):
    """``(top, total)``: the best ``limit`` matches of ``parsed`` as Whoosh's
    ``(score, docnum)`` pairs, best first, and how many articles match; only documents in
    ``allowed`` (global numbers) count when it is given. ``None`` when the query is not
    made of plain terms or its posting lists are short. ``cache`` keeps field lengths
    between queries of one session."""
    least = MIN_POSTINGS_LOADED if "numpy" in sys.modules else MIN_POSTINGS
    if not _plain_terms(parsed) or _postings(searcher, parsed) < least:
        return None
    from navsok.numpyload import load_numpy

    np = load_numpy()

    phrased = _holders(parsed)
    top: list[tuple[float, int]] = []
    total = 0
    allowed_ids = None  # the allowed set as an array, made once
    context = searcher.context()  # what Searcher.search gives the matchers
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        segment = _Segment(reader, cache, np)
        count = segment.count
        try:
            scores, matched = _evaluate(phrased.matcher(subsearcher, context), segment)
        except _Unsupported:
            return None
        if reader.has_deletions():
            live = np.zeros(count, dtype=bool)
            live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
            matched &= live
        if allowed is not None:
            if allowed_ids is None:
                allowed_ids = np.fromiter(allowed, dtype=np.int64, count=len(allowed))
            local = allowed_ids[(allowed_ids >= offset) & (allowed_ids < offset + count)] - offset
            inside = np.zeros(count, dtype=bool)
            inside[local] = True
            matched &= inside
        docs = np.flatnonzero(matched)
        total += len(docs)
        top.extend(_best(scores[docs], docs, limit, offset, np))
    top.sort(key=lambda pair: (-pair[0], pair[1]))
    return top[:limit], total


def _best(scores, docs, limit: int, offset: int, np) -> list[tuple[float, int]]:
    """The ``limit`` best (score, global docnum) pairs of one segment."""
    if len(docs) > limit:
        kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        keep = scores >= kth  # ties at the boundary are all kept, then sorted by docnum
        scores, docs = scores[keep], docs[keep]
    order = np.lexsort((docs, -scores))[:limit]
    return [(float(scores[i]), int(docs[i]) + offset) for i in order]


def _plain_terms(node) -> bool:
    from whoosh import query as q

    if type(node) in (q.Term, q.Prefix, q.Wildcard):
        return True
    if type(node) is q.Phrase:  # words one after another (another slop: Whoosh's)
        return node.slop == 1
    if type(node) in (q.Or, q.And, q.AndNot, q.Not):
        return all(_plain_terms(child) for child in node.children())
    return False


def _postings(searcher, parsed) -> int:
    reader = searcher.reader()
    return sum(reader.doc_frequency(field, text)
               for leaf in parsed.leaves() for field, text in leaf.expanded_terms(reader))


class _Segment:
    """What evaluating a query over one segment needs: its reader and size, the session's
    ``cache`` (field lengths), and the posting lists this query has read in full (a word
    in several phrases, as ``gang`` in ``"første gang"`` and ``"fyrste gang"``, is read
    once)."""

    def __init__(self, reader, cache: dict, np):
        self.reader, self.cache, self.np = reader, cache, np
        self.count = reader.doc_count_all()
        self._read: dict = {}

    def postings(self, matcher, wanted=None, values: bool = False):
        """(ids, weights, values or None) of a leaf matcher's posting list; with ``wanted``
        (sorted document numbers, few beside the list's length) only the blocks that may
        hold them."""
        from navsok.postarrays import postings

        key = matcher.term()
        found = self._read.get(key)
        if found is not None and (found[2] is not None or not values):
            return found
        if wanted is not None and len(wanted) * 4 < self.reader.doc_frequency(*key):
            found = postings(self.reader, matcher, self.np, self.cache, wanted=wanted, values=values)
            if len(found[0]) < self.reader.doc_frequency(*key):  # only some of Whoosh's blocks
                return found
        else:
            found = postings(self.reader, matcher, self.np, self.cache, values=values)
        self._read[key] = found
        return found

    def nothing(self):
        np = self.np
        return np.zeros(self.count), np.zeros(self.count, dtype=bool)


def _evaluate(matcher, segment: _Segment):
    """(scores, matched): float64 and bool arrays over a segment's documents."""
    from whoosh.matching import binary, combo, mcore, wrappers

    np = segment.np
    kind = type(matcher)
    if kind is _holder_classes()[1]:  # a phrase's words
        return _phrase(matcher, segment)
    if kind in (binary.UnionMatcher, binary.IntersectionMatcher, binary.AndNotMatcher):
        a_scores, a_matched = _evaluate(matcher.a, segment)
        b_scores, b_matched = _evaluate(matcher.b, segment)
        if kind is binary.AndNotMatcher:
            return a_scores, a_matched & ~b_matched
        if kind is binary.UnionMatcher:
            return a_scores + b_scores, a_matched | b_matched  # a missing side scores 0
        return _intersection((a_scores, a_matched), (b_scores, b_matched), np)
    if kind in (combo.PreloadedUnionMatcher, combo.ArrayUnionMatcher, _holder_classes()[3]):
        scored, boost = getattr(matcher, "_scored", True), matcher._boost
        scores, matched = segment.nothing()
        for sub in matcher._submatchers:  # added in order: ((0 + a) + b) + c
            sub_scores, sub_matched = _evaluate(sub, segment)
            if scored:
                scores = np.where(sub_matched, scores + sub_scores * boost, scores)
            elif kind is combo.PreloadedUnionMatcher:  # unscored: the boost per part matched
                scores = np.where(sub_matched, scores + boost, scores)
            else:  # unscored array union: 1 per match
                scores = np.where(sub_matched, 1.0, scores)
            matched |= sub_matched
        return scores, matched
    if kind is wrappers.InverseMatcher:  # NOT: every document the child lacks
        _, child_matched = _evaluate(matcher.child, segment)
        matched = ~child_matched
        matched[matcher.limit :] = False
        return matched * float(matcher.score()), matched  # a constant weight
    if kind is wrappers.FilterMatcher:  # deleted documents: left out by the caller
        return _evaluate(matcher.child, segment)
    if kind is wrappers.WrappingMatcher:  # a boost
        scores, matched = _evaluate(matcher.child, segment)
        return scores * matcher.boost, matched
    if kind is mcore.NullMatcherClass:
        return segment.nothing()
    if isinstance(matcher, mcore.LeafMatcher):
        ids, weights, _values = segment.postings(matcher)
        return _leaf_scores(matcher, ids, weights, segment)
    raise _Unsupported(kind.__name__)


def _intersection(a, b, np):
    """Whoosh's intersection matcher: where both match, the sum of their scores."""
    both = a[1] & b[1]
    return np.where(both, a[0] + b[0], 0.0), both


def _leaf_scores(matcher, ids, weights, segment: _Segment):
    """(scores, matched) arrays of a term's postings (``ids``, ``weights``) scored with
    BM25F, as ``BM25FScorer.score`` does one at a time."""
    scores, matched = segment.nothing()
    scores[ids] = _bm25(matcher, ids, weights, segment)
    matched[ids] = True
    return scores, matched


def _bm25(matcher, ids, weights, segment: _Segment):
    """The BM25F score of each of a term's postings (``ids``, ``weights``)."""
    from whoosh.scoring import BM25FScorer

    scorer = matcher.scorer
    if type(scorer) is not BM25FScorer:
        raise _Unsupported(type(scorer).__name__)
    fieldname = matcher.term()[0]
    lengths = _field_lengths(segment.reader, fieldname, segment.count, segment.cache, segment.np)[ids]
    idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    # whoosh.scoring.bm25, operation for operation
    return idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / avgfl)))


def _holders(node):
    """``node`` with each phrase's matcher a bare holder of its words' matchers, and each
    OR's that Whoosh would preload a bare holder of its parts' (see :func:`_holder_classes`):
    Whoosh's phrase matcher walks the intersection to the first article with the phrase
    as it is built, decoding positions in Python, and its preloading OR (in segments of
    5,000 articles or fewer) scores every match in Python as it is built."""
    from whoosh import query as q

    kinds = _holder_classes()
    if type(node) is q.Phrase:
        return kinds[0](node.fieldname, node.words, slop=node.slop, boost=node.boost,
                        char_ranges=node.char_ranges)
    node = node.apply(_holders)
    if type(node) is q.Or:
        return kinds[2](node.subqueries, boost=node.boost, minmatch=node.minmatch, scale=node.scale)
    return node


@functools.cache
def _holder_classes():
    """(Phrase, Words, Or, Parts): Whoosh's ``Phrase`` query whose matcher is a ``Words``,
    which holds the matchers of the phrase's words for :func:`_phrase`, and Whoosh's
    ``Or`` whose matcher, where Whoosh would preload the matches of its parts (its
    ``ArrayUnionMatcher``), is a ``Parts`` holding their matchers, evaluated as that
    matcher adds them. To the Whoosh matchers built around them (unions, intersections)
    both are inactive matchers they leave alone. Made when first needed, as this module
    imports no Whoosh itself."""
    from whoosh import matching
    from whoosh import query as q

    class Words(matching.Matcher):
        def __init__(self, ms, slop: int):
            self.ms, self.slop = ms, slop

        def is_active(self) -> bool:
            return False

        def supports_block_quality(self) -> bool:
            return False

    class Parts(Words):
        def __init__(self, ms, boost: float, scored: bool):
            self._submatchers, self._boost, self._scored = ms, boost, scored

    class Or(q.Or):
        def _matcher(self, subs, searcher, context):
            """``Parts`` where ``Or._matcher`` would choose Whoosh's preloading matcher."""
            needs_current = context.needs_current if context else True
            if self.matcher_type == self.AUTO_MATCHER and not (
                    len(subs) < self.TOO_MANY_CLAUSES and (
                        needs_current or self.scale or len(subs) == 2
                        or searcher.doc_count_all() > 5000)):
                scored = context.weighting is not None if context else True
                return Parts([sub.matcher(searcher, context) for sub in subs], self.boost, scored)
            return super()._matcher(subs, searcher, context)

    class Phrase(q.Phrase):
        def matcher(self, searcher, context=None):
            """The words' matchers, where ``Phrase.matcher`` would find them."""
            field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
            if field is None:
                return matching.NullMatcher()
            if not field.format or not field.format.supports("positions"):
                raise q.QueryError(f"Phrase search: {self.fieldname!r} field has no positions")
            words = []
            for word in self.words:
                try:
                    word = field.to_bytes(word)
                except ValueError:
                    return matching.NullMatcher()
                if (self.fieldname, word) not in searcher.reader():
                    return matching.NullMatcher()
                words.append(q.Term(self.fieldname, word).matcher(searcher, context))
            found = Words(words, self.slop)
            return matching.WrappingMatcher(found, boost=self.boost) if self.boost != 1.0 else found

    return Phrase, Words, Or, Parts


def _phrase(matcher, segment: _Segment):
    """A phrase as Whoosh's ``SpanNear2`` matcher finds it: the articles with all its words
    (the rarest word's list read first; of a far longer one only the blocks that may hold
    one of its articles), scored as Whoosh's tree of intersections scores them (the sum of
    each word's BM25F), and kept where the words stand one right after another; positions
    are decoded only for the articles that have every word."""
    from whoosh.matching import mcore, wrappers

    from navsok.postings import positions_at

    np = segment.np
    if matcher.slop != 1:
        raise _Unsupported("phrase with slop")
    leaves = list(matcher.ms)
    for i, leaf in enumerate(leaves):
        while type(leaf) is wrappers.FilterMatcher:  # deleted documents: left out by the caller
            leaf = leaf.child
        if not isinstance(leaf, mcore.LeafMatcher):
            raise _Unsupported(type(leaf).__name__)
        leaves[i] = leaf
    postings: list = [None] * len(leaves)
    candidates = None  # the articles with every word, sorted
    for i in sorted(range(len(leaves)), key=lambda i: segment.reader.doc_frequency(*leaves[i].term())):
        postings[i] = segment.postings(leaves[i], candidates, values=True)
        ids = postings[i][0]
        candidates = ids if candidates is None else candidates[_members(ids, candidates, segment)]
        if not len(candidates):  # no article has the words so far: the others are not read
            return segment.nothing()
    # each word's score at the candidates, added as Whoosh's tree of intersections adds them
    rows = [np.searchsorted(ids, candidates) for ids, _weights, _values in postings]
    scores = _tree([_bm25(leaf, candidates, weights[at], segment)
                    for leaf, (_ids, weights, _values), at in zip(leaves, postings, rows)])
    keys = None  # (candidate number << 32 | the first word's position) where word i stands i later
    for i, ((_ids, _weights, values), at) in enumerate(zip(postings, rows)):
        owner, position = positions_at(values, at, np)  # sorted by owner, then position
        kept = position >= i
        found = (owner[kept] << 32) | (position[kept] - i)
        if keys is None:
            keys = found
        else:  # keys also in found (both sorted)
            where = np.minimum(np.searchsorted(found, keys), max(len(found) - 1, 0))
            keys = keys[found[where] == keys] if len(found) else found
    inside = np.zeros(len(candidates), dtype=bool)
    inside[keys >> 32] = True
    matched = np.zeros(segment.count, dtype=bool)
    matched[candidates[inside]] = True
    full = np.zeros(segment.count)
    full[candidates[inside]] = scores[inside]
    return full, matched


def _members(ids, candidates, segment: _Segment):
    """Which of ``candidates`` are in ``ids`` (both sorted document numbers of the
    segment): marked in an array over the segment's documents, not sorted together."""
    marked = segment.np.zeros(segment.count, dtype=bool)
    marked[ids] = True
    return marked[candidates]


def _tree(scores: list):
    """Whoosh's ``make_binary_tree`` of intersection matchers over score arrays of the
    same articles: the halves added as its tree adds them (the same floating-point sums)."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _tree(scores[:half]) + _tree(scores[half:])


def _field_lengths(reader, fieldname: str, count: int, cache: dict, np):
    """The field's length in each document of the segment, as ``doc_field_length`` gives
    it (decoded from its one-byte form), kept in ``cache`` for the session."""
    key = (reader.segment().segment_id(), fieldname)
    if key not in cache:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN
        from whoosh.util.numeric import byte_to_length

        codes = np.zeros(count, dtype=np.uint8)
        column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        if column is None:  # no lengths stored: Whoosh's default length, 1
            cache[key] = np.ones(count)
            return cache[key]
        stored = column._dbfile.get(column._basepos, column._count)  # one byte a document
        codes[: len(stored)] = np.frombuffer(stored, dtype=np.uint8)
        decode = np.array([byte_to_length(code) for code in range(256)], dtype=np.float64)
        cache[key] = decode[codes]
    return cache[key]
