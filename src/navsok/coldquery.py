"""A cold ``navsok query Q -l`` answered without Click and without Whoosh.

A query that starts a process spends most of its time importing: Click (about 18 ms) and
Whoosh's reading modules (about 40 ms) before it opens the index, while ripgrep has read
10,000 articles. The common case is answered here instead: plain words (all of them, or
any of them with OR) or one "phrase", printed as paths (``-l``), with ``-n`` and
``--index``, no config file, an index of this version. The words become the terms
:mod:`navsok.parsing` would search (each reading, in the same fields, with the same
boosts: a test holds the two to the same leaves), the index files are read by
:mod:`navsok.coldread`, and the matches are scored with Whoosh's BM25F, operation for
operation, and ordered as Whoosh orders them (higher score first, then the lower document
number). Scores are summed in the query's order, where Whoosh may add a long OR in
another order, so two articles whose scores differ only in the last bits of a float may
change places; no other difference is known (``tests/test_coldquery.py`` compares the two
on generated articles).

Anything else, including a query with fewer than three hits (the full program then
suggests a spelling), returns ``None`` and the full program runs as before.
"""

from __future__ import annotations

import os

from navsok.configfiles import config_files

#: The fields a word searches when the query names none (parsing.searched_fields of
#: parsing.DEFAULT_FIELDS in an index with compound parts), and BM25F's parameters as
#: Whoosh's default weighting has them.
FIELDS = ("title", "body", "parts")
B, K1 = 0.75, 1.2
#: Whoosh's query syntax: a word with any of these is left to the full program.
_SYNTAX = set("\"'()[]{}:*?~^+-")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


def answer(argv: list[str]) -> str | None:
    """What ``navsok`` with ``argv`` prints when it is a query answered here (the paths of
    its hits, one a line; the exit status is 0), else ``None``."""
    found = arguments(argv)
    if found is None or config_files() or "_NAVSOK_COMPLETE" in os.environ:  # Click completes
        return None
    text, limit, index_dir = found
    query = parse(text)
    if query is None:
        return None
    from navsok import coldread
    from navsok.integrity import damage
    from navsok.meta import INDEX_FORMAT, read_meta
    from navsok.wordterms import ANALYSER_VERSION, use_stem_table

    meta = read_meta(index_dir)
    if (meta.get("format") != INDEX_FORMAT or meta.get("analyser") != ANALYSER_VERSION
            or damage(index_dir, meta.get("files"))):
        return None
    try:
        index = coldread.open_index(index_dir)
    except (coldread.ColdUnsupported, OSError):
        return None
    use_stem_table(index_dir)
    from navsok.suggest import FEW_HITS

    top, total = rank(index, query[0], plan(query), limit)
    if total < FEW_HITS:
        return None
    from navsok.paths import display_path

    return "".join(display_path(index.stored_path(doc)) + "\n" for _, doc in top)


def arguments(argv: list[str]) -> tuple[str, int, str] | None:
    """(query, limit, index folder) of ``query Q -l [-n N] [--index DIR]``, in any order,
    else ``None``."""
    if not argv or argv[0] != "query":
        return None
    text, limit, index_dir, paths = None, 10, None, False
    rest = list(argv[1:])
    while rest:
        arg = rest.pop(0)
        if arg in ("-l", "--files-with-matches"):
            paths = True
        elif arg in ("-n", "--limit", "--index") and rest:
            value = rest.pop(0)
            if arg == "--index":
                index_dir = value
            elif value.isdigit() and int(value) >= 1:
                limit = int(value)
            else:
                return None
        elif arg.startswith("--index="):
            index_dir = arg[len("--index="):]
        elif arg.startswith("--limit=") and arg[8:].isdigit() and int(arg[8:]) >= 1:
            limit = int(arg[8:])
        elif arg.startswith("-") or text is not None:
            return None
        else:
            text = arg
    if not paths or not text:
        return None
    return text, limit, index_dir or os.environ.get("NAVSOK_INDEX") or ".navsok"


def parse(text: str) -> tuple[str, list[str]] | None:
    """``("and" | "or" | "phrase" | "prefix", words)``: plain words (``OR`` between every
    two, or none), one quoted phrase of two words or more, or one pattern that ends in
    ``*`` (its beginning, as the parser writes a pattern); the words lower-cased and
    normalised as the analyser reads them. ``None`` for anything else (other syntax, a
    stopword, a word the analyser would split)."""
    import re

    from navsok.spelling import TOKEN_PATTERN, normalise, word_of

    stripped = text.strip()
    if stripped.endswith("*") and re.fullmatch(r"[^\W_]\w*\*", stripped):
        return "prefix", [normalise(stripped[:-1].lower())]
    phrase = len(stripped) > 2 and stripped[0] == stripped[-1] == '"' and stripped.count('"') == 2
    tokens = stripped[1:-1].split() if phrase else stripped.split()
    kind = "phrase" if phrase else "and"
    if not phrase and len(tokens) >= 3 and all(t == "OR" for t in tokens[1::2]):
        kind, tokens = "or", tokens[::2]
    words = []
    for token in tokens:
        if token in _OPERATORS or _SYNTAX & set(token) or not re.fullmatch(TOKEN_PATTERN, token):
            return None
        word = word_of(token)
        if word is None:  # a stopword, or more than one word to the analyser
            return None
        words.append(word)
    if not words or (phrase and len(words) < 2):
        return None
    return kind, words


def plan(query: tuple[str, list[str]]) -> list:
    """The query's leaves as :func:`navsok.parsing.parse_query` makes them, per word (and
    with OR, as one flat list): ``(field, term, boost)`` for words, ``(field, terms)`` for
    the phrases of a phrase; duplicates dropped as Whoosh's ``normalize`` drops them."""
    from navsok.parsing import MAX_PHRASE_READINGS, OTHER_READINGS, phrase_readings
    from navsok.wordterms import part_query_terms, query_terms, stem_reading

    kind, words = query
    if kind == "prefix":
        from navsok.stems import STEM_MARK

        return [[(field, start) for field in FIELDS for start in (words[0], STEM_MARK + words[0])]]

    def readings(field: str, word: str) -> list[str]:
        if field == "parts":
            return list(dict.fromkeys(part_query_terms(word)))
        return list(dict.fromkeys(query_terms(word) + stem_reading(word)))

    if kind == "phrase":
        import itertools

        phrases = []
        for field in FIELDS:
            options = [phrase_readings(readings(field, word)) for word in words]
            combinations = 1
            for found in options:
                combinations *= len(found)
            if combinations > MAX_PHRASE_READINGS:
                options = [found[:1] for found in options]
            phrases += [(field, choice) for choice in itertools.product(*options)]
        return [list(dict.fromkeys(phrases))]
    groups = [[(field, term, 1.0 if i == 0 else OTHER_READINGS)
               for field in FIELDS for i, term in enumerate(readings(field, word))]
              for word in words]
    if kind == "or":
        groups = [[leaf for group in groups for leaf in group]]
    unique = dict.fromkeys(tuple(dict.fromkeys(group)) for group in groups)  # barn barn: once
    return [list(group) for group in unique]


def rank(index, kind: str, groups: list, limit: int) -> tuple[list[tuple[float, int]], int]:
    """The best ``limit`` ``(score, docnum)`` pairs, best first, and how many articles
    match: an article matches every group (one for an OR or a phrase), scoring the sum."""
    import heapq

    total, best = 0, []
    count = index.doc_count_all()
    averages = {field: index.field_length(field) / (count or 1) for field in FIELDS}
    idfs: dict = {}
    for segment in index.segments:
        norms: dict = {}
        scores = None
        for group in groups:
            found: dict = {}
            for leaf in group:
                if kind == "phrase":
                    ids, parts = _phrase(index, segment, *leaf, averages, idfs, norms)
                elif kind == "prefix":
                    ids, parts = _prefix(index, segment, *leaf, averages, idfs, norms)
                else:
                    ids, parts = _term(index, segment, *leaf, averages, idfs, norms)
                if not found:
                    found = dict(zip(ids, parts))
                    continue
                get = found.get
                for doc, score in zip(ids, parts):
                    known = get(doc)
                    found[doc] = score if known is None else known + score
            scores = found if scores is None else {
                doc: score + found[doc] for doc, score in scores.items() if doc in found}
        if segment.deleted:
            scores = {doc: score for doc, score in scores.items() if doc not in segment.deleted}
        total += len(scores)
        offset = segment.offset
        top = heapq.nlargest(limit, zip(scores.values(), map(int.__neg__, scores)))
        best += [(score, offset - negative) for score, negative in top]
    best.sort(key=lambda pair: (-pair[0], pair[1]))
    return best[:limit], total


def _term(index, segment, field, term, boost, averages, idfs, norms):
    """The document numbers of a term's postings in ``segment`` and their scores × boost."""
    found = segment.postings(field, term)
    if not found:
        return (), ()
    ids, weights = found
    idf = _idf(index, field, term, idfs)
    norm = _norms(segment, field, averages, norms)
    factor = K1 + 1
    if boost == 1.0:
        return ids, [idf * ((w * factor) / (w + norm[doc])) for doc, w in zip(ids, weights)]
    return ids, [idf * ((w * factor) / (w + norm[doc])) * boost for doc, w in zip(ids, weights)]


def _prefix(index, segment, field, start, averages, idfs, norms):
    """The articles of ``segment`` with a term of ``field`` that begins with ``start`` and
    their scores, as Whoosh's ``Prefix`` scores them: one term as a word; more, each
    term's BM25F added up where Whoosh joins them in a tree (two terms, or a segment of
    over 5,000 articles), else 1 for every article (Whoosh preloads them unscored)."""
    terms = segment.terms_with_prefix(field, start)
    if len(terms) == 1:
        return _term(index, segment, field, terms[0], 1.0, averages, idfs, norms)
    scored = len(terms) < 1024 and (len(terms) == 2 or segment.doc_count_all > 5000)
    found: dict = {}
    for term in terms:
        ids, scores = _term(index, segment, field, term, 1.0, averages, idfs, norms)
        for doc, score in zip(ids, scores):
            found[doc] = (found.get(doc, 0.0) + score) if scored else 1.0
    docs = sorted(found)
    return docs, [found[doc] for doc in docs]


def _phrase(index, segment, field, words, averages, idfs, norms):
    """The articles of ``segment`` where ``words`` stand one right after another in
    ``field`` and their scores: the sum of each word's BM25F, as Whoosh scores a phrase."""
    lists = []
    for word in words:
        found = segment.postings(field, word)
        if not found:
            return (), ()
        lists.append(found)
    common = set(lists[0][0])
    for ids, _ in lists[1:]:
        common.intersection_update(ids)
    if not common:
        return (), ()
    idf = [_idf(index, field, word, idfs) for word in words]
    norm = _norms(segment, field, averages, norms)
    factor = K1 + 1
    at_word = []  # per word: docnum → (weight, positions) of the articles with every word
    for word, (ids, weights) in zip(words, lists):
        places = segment.positions(field, word)
        at_word.append({doc: (w, p) for doc, w, p in zip(ids, weights, places) if doc in common})
    matched, scores = [], []
    for doc in sorted(common):
        starts = set(at_word[0][doc][1])
        for i, found in enumerate(at_word[1:], 1):
            starts.intersection_update(place - i for place in found[doc][1])
            if not starts:
                break
        if starts:
            parts = [idf[i] * ((found[doc][0] * factor) / (found[doc][0] + norm[doc]))
                     for i, found in enumerate(at_word)]
            matched.append(doc)
            scores.append(_tree(parts))
    return matched, scores


def _tree(parts: list[float]) -> float:
    """Whoosh's binary tree of intersections adds its words' scores in halves."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _tree(parts[:half]) + _tree(parts[half:])


def _idf(index, field, term, idfs):
    """Whoosh's ``idf``: log(documents / (documents with the term + 1)) + 1, over the index."""
    key = (field, term)
    if key not in idfs:
        from math import log

        idfs[key] = log(index.doc_count_all() / (index.doc_frequency(field, term) + 1)) + 1
    return idfs[key]


def _norms(segment, field, averages, norms):
    """Per document of ``segment``: BM25F's ``K1 * ((1 - B) + B * length / average)``."""
    if field not in norms:
        from navsok.coldread import BYTE_TO_LENGTH

        average = averages[field] or 1
        by_code = [K1 * ((1 - B) + B * length / average) for length in BYTE_TO_LENGTH]
        norms[field] = list(map(by_code.__getitem__, segment.lengths(field)))
    return norms[field]
