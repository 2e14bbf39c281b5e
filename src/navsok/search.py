"""Running a query: parse it, rank with BM25F, and return hits with snippets as plain data."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Sequence

from navsok.analysis import use_stem_table
from navsok.errors import NavsokError
from navsok.index import open_index

#: Fields a query searches when it names none, and the ones it may name (``title:nav``).
DEFAULT_FIELDS = ("title", "body")
QUERY_FIELDS = ("title", "body", "source", "path")
DEFAULT_CONTEXT = 80  # characters of text around a match in a snippet
SORT_ORDERS = ("relevance", "date")
ELLIPSIS = ("…", False)  # the snippet part that marks text left out

_FIELD_PREFIX = re.compile(r"(?:^|[\s(])([A-Za-z_]+):(?=[^\s/])")


@dataclass(frozen=True)
class Snippet:
    """A piece of text cut into parts, each marked as matched (highlighted) or not."""

    parts: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)

    @property
    def highlights(self) -> list[tuple[int, int]]:
        """(start, end) character offsets of the matched parts within :attr:`text`."""
        spans, offset = [], 0
        for text, matched in self.parts:
            if matched:
                spans.append((offset, offset + len(text)))
            offset += len(text)
        return spans


@dataclass(frozen=True)
class TermMatch:
    """Why a hit matched, one index term at a time (``navsok query --explain``).

    ``via`` says how the article's words met the query: ``exact`` (as typed), ``stem``
    (another inflection or spelling of the word, e.g. query ``kvalifiseringsprogram``,
    article ``kvalifiseringsprogrammet``), ``compound`` (a part of a compound word),
    ``wildcard`` or ``fuzzy``.
    """

    field: str
    term: str  # the term in the index, after analysis
    query: str  # the query word (or pattern) it came from
    forms: tuple[str, ...]  # the article's words that matched, as written
    via: str
    score: float  # this term's share of the hit's BM25F score


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
class Filters:
    """Restrictions on which articles may match: a date range (inclusive) and a source."""

    since: date | None = None
    until: date | None = None
    source: str | None = None

    def query(self, schema):
        """The Whoosh query that keeps only allowed articles, or None when all are."""
        from whoosh import query

        parts = []
        if self.since or self.until:
            start = datetime.combine(self.since, time.min) if self.since else None
            end = datetime.combine(self.until, time.max) if self.until else None
            parts.append(query.DateRange("date", start, end))
        if self.source:
            words = list(schema["source"].process_text(self.source, mode="query"))
            if not words:
                raise NavsokError(f"--source {self.source!r} has no searchable words")
            parts.append(
                query.Phrase("source", words) if len(words) > 1 else query.Term("source", words[0])
            )
        return query.And(parts) if parts else None


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    #: The query with misspelt words corrected, when that finds more ("Mente du: …?").
    suggestion: str | None = None


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
        """The best ``limit`` hits for ``query``, each with up to ``snippets`` snippets.

        With ``explain``, each hit carries its score broken down by matched term. Only
        articles ``filters`` allows can match; ``sort="date"`` puts the newest first
        (undated ones last) instead of the best.
        """
        if sort not in SORT_ORDERS:
            raise NavsokError(f"unknown sort order {sort!r} (choose from {', '.join(SORT_ORDERS)})")
        parsed = parse_query(query, self._index.schema, fields)
        searcher = self._current()
        ordering = {"sortedby": _newest_first()} if sort == "date" else {}
        # Not terms=True: recording each match's terms makes Whoosh skip nothing; the
        # hits' terms are looked up below.
        results = _ranked(searcher, parsed, limit, filters.query(self._index.schema), ordering)
        query_terms = _query_terms(parsed, searcher.reader())
        origins = _term_origins(parsed, query, searcher.reader()) if explain else None
        typed = {word.lower() for word in _QUERY_WORD.findall(query)}
        scores = _scores(searcher, parsed, results) if sort == "date" else None
        hits = []
        for rank, hit in enumerate(results, 1):
            matched = _matched_terms(hit, query_terms)
            made = _make_hit(rank, hit, matched, snippets, context)
            if scores is not None:
                made = replace(made, score=scores.get(hit.docnum, 0.0))
            if origins is not None:
                made = replace(made, explanation=_explain(searcher, hit, origins, typed, matched))
            hits.append(made)
        total = _total(searcher, parsed, results, filters.query(self._index.schema))
        suggestion = None
        if total < FEW_HITS:
            suggestion = self.suggest(query, fields, filters, better_than=total)
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
        searcher = self._current()

        def correct(match: re.Match) -> str:
            word = match.group(0)
            if word in _OPERATORS:
                return word
            better = _closest_known_word(searcher, word)
            if better is None:
                return word
            if word.isupper() and len(word) > 1:
                return better.upper()
            return better if word[0].isupper() else better.lower()

        corrected = _SUGGESTABLE_WORD.sub(correct, query)
        if corrected == query or self.count(corrected, fields, filters) <= better_than:
            return None
        return corrected

    def count(
        self, query: str, fields: Sequence[str] = DEFAULT_FIELDS, filters: Filters = Filters()
    ) -> int:
        """How many articles match ``query``, without ranking or snippets."""
        parsed = parse_query(query, self._index.schema, fields)
        allowed = filters.query(self._index.schema)
        return _count(self._current(), parsed, allowed)


#: Fewer hits than this and navsok looks for a spelling suggestion.
FEW_HITS = 3
#: How many articles a suggested word's written forms are taken from.
SUGGESTION_SAMPLE = 5
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})
#: A query word that is no field name (title:) and no pattern (kvalifiser*, gjovik~).
_SUGGESTABLE_WORD = re.compile(r"(?<![\w:*?~])\w+(?![\w:*?~])")


def _closest_known_word(searcher, word: str) -> str | None:
    """The article word closest in spelling to ``word``, as the article writes it; ``None``
    when ``word`` is known to the index, too short, or nothing is close enough."""
    from whoosh.support.levenshtein import distance

    reader, analyzer = searcher.reader(), searcher.schema["body"].analyzer
    terms = [token.text for token in analyzer(word)]
    if len(terms) != 1 or len(word) < 4 or not word.isalpha():
        return None
    typed = terms[0]
    if reader.doc_frequency("body", typed) or reader.doc_frequency("title", typed):
        return None
    maxdist = 1 if len(word) < 7 else 2
    near = sorted(
        (distance(typed, term), -reader.doc_frequency("body", term), term)
        for term in map(_text, reader.terms_within("body", typed, maxdist, prefix=1))
    )
    if not near:
        return None
    best = near[0][2]
    # How the articles that have the term write it; the form closest to what was typed.
    from whoosh.query import Term

    forms = set()
    for hit in searcher.search(Term("body", best), limit=SUGGESTION_SAMPLE):
        text = f"{hit.get('title', '')}\n{hit.get('body', '')}"
        forms.update(text[t.startchar : t.endchar] for t in analyzer(text, chars=True) if t.text == best)
    return min(forms, key=lambda form: (distance(word.lower(), form.lower()), form))


def _scores(searcher, parsed, results) -> dict[int, float]:
    """The relevance scores of hits sorted by date (whose ``score`` is their sort key)."""
    shown = {hit.docnum for hit in results}
    return {hit.docnum: float(hit.score) for hit in searcher.search(parsed, limit=None,
                                                                   filter=shown)}


def _newest_first():
    """Dated articles newest first, then the undated ones (whose date sorts as year 1)."""
    from whoosh import query, sorting

    return sorting.MultiFacet(
        [
            sorting.QueryFacet({0: query.Every("date")}, other=1),
            sorting.FieldFacet("date", reverse=True),
        ]
    )


def parse_query(query: str, schema, fields: Sequence[str] = DEFAULT_FIELDS):
    """Parse Whoosh query syntax (AND/OR/NOT, "phrases", field:term, wild*, fuzzy~).

    Words without a field name are searched in ``fields``. Raises :class:`NavsokError`
    for queries the parser would silently misread and for unknown field names.
    """
    from whoosh import qparser

    check_query_syntax(query)
    check_fields(fields)
    parser = qparser.MultifieldParser(searched_fields(fields, schema), schema)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    return parser.parse(query)


def check_query_syntax(query: str) -> None:
    """Reject empty queries, unbalanced quotes and brackets, and unknown field names."""
    if not query.strip():
        raise NavsokError("empty query")
    if query.count('"') % 2:
        raise NavsokError(f"malformed query {query!r}: unbalanced quote")
    depth = 0
    for char in query.replace('"', " "):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth:
        raise NavsokError(f"malformed query {query!r}: unbalanced parenthesis")
    _check_field_names(_FIELD_PREFIX.findall(query), " in query")


def searched_fields(fields: Sequence[str], schema) -> list[str]:
    """``fields`` plus, when title or body is among them and the index has it, ``parts``:
    the parts of their compound words, boosted lower (``marked`` finds *arbeidsmarkedet*)."""
    searched = list(fields)
    if "parts" in schema and {"title", "body"} & set(fields):
        searched.append("parts")
    return searched


def check_fields(fields: Sequence[str]) -> None:
    """Reject an empty or unknown list of fields to search (``--fields title,body``)."""
    if not fields:
        raise NavsokError(f"no fields to search (fields: {', '.join(QUERY_FIELDS)})")
    _check_field_names(fields, "")


def _check_field_names(names: Sequence[str], where: str) -> None:
    for name in names:
        if name not in QUERY_FIELDS:
            raise NavsokError(
                f"unknown field {name!r}{where} (fields: {', '.join(QUERY_FIELDS)})"
            )


def _ranked(searcher, parsed, limit: int, allow, ordering: dict):
    """The best ``limit`` matches of ``parsed`` that ``allow`` lets through, and their total.

    Whoosh skips the blocks of matches that cannot reach the top ``limit``, and then
    counts the total in a second pass over all matches (:func:`_total` makes that cheap
    for plain words and ORs). For a phrase or an AND that second pass repeats the
    costly intersection (at 100k articles ``"første gang"`` takes 280 ms that way,
    140 ms in one pass), so those are ranked in one pass that
    scores and counts every match; for words and ORs skipping wins (``publisert``,
    in every article: 160 ms against 270 ms). The one pass must also not swap in
    leaner matchers (Whoosh drops sub-queries that can no longer reach the top, and
    their matches would go uncounted).
    """
    from whoosh import collectors

    if ordering or not _intersects(parsed):
        return searcher.search(parsed, limit=limit, filter=allow, **ordering)
    top = collectors.TopCollector(limit=limit, usequality=False, replace=0)
    collector = collectors.FilterCollector(top, allow=allow) if allow is not None else top
    searcher.search_with_collector(parsed, collector)
    return collector.results()


def _total(searcher, parsed, results, allow) -> int:
    """The exact number of articles that match, for a result ranked by :func:`_ranked`.

    When Whoosh skipped blocks while ranking, ``len(results)`` walks every match again
    through its matcher tree (for ``publisert``, in all 100,000 articles, 90 ms);
    :func:`_match_count` gets the same number from the posting lists far cheaper. With a
    filter it is used too: Whoosh's filtered count can be off (``kake --since 2021`` with
    a limit of 1 counted one match that the filter had left out).
    """
    if allow is not None or not results.has_exact_length():
        return _count(searcher, parsed, allow)
    return len(results)


def _count(searcher, parsed, allow) -> int:
    """How many articles ``allow`` lets through match ``parsed``, without scoring."""
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
    return len(docs if allow is None else docs.intersection(searcher.docs_for_query(allow)))


def _matching_docs(searcher, node) -> set[int] | None:
    """The document numbers that match ``node``, when it is made of terms joined by OR
    and AND only (what a query of plain words parses to); else ``None``."""
    from whoosh import query as q

    kind = type(node)
    if kind is q.Term:
        return set(node.docs(searcher))  # Whoosh's own matcher: deletions left out
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


def _make_hit(rank, hit, matched: dict[str, frozenset[str]], snippets: int, context: int) -> Hit:
    from whoosh import highlight

    body = hit.get("body", "")
    around = highlight.ContextFragmenter(maxchars=context * 3, surround=context)
    found = _highlight(hit, "body", body, matched, around, snippets)
    if not found:
        lead = body[: context * 2]
        found = [Snippet(((_squash(lead).rstrip() + ("…" if len(body) > len(lead) else ""), False),))]
    title = hit.get("title", "")
    title_snippet = (_highlight(hit, "title", title, matched, highlight.WholeFragmenter(), 1) or [None])[0]
    return Hit(
        rank=rank,
        score=float(hit.score) if isinstance(hit.score, (int, float)) else 0.0,
        path=hit["path"],
        title=title,
        source=hit.get("source", ""),
        title_snippet=title_snippet or Snippet(((title, False),)),
        snippets=tuple(found),
        date=hit.get("date"),
        url=hit.get("url", ""),
    )


def _query_terms(parsed, reader) -> set[tuple[str, bytes]]:
    """The (field, term) pairs of ``parsed`` that the index has, wildcards expanded.

    Whoosh's own ``Query.existing_terms`` loses every field but the first (its loop
    variable shadows its ``fieldname`` argument), so it would miss ``parts`` terms.
    """
    found = set()
    for leaf in parsed.leaves():
        for fieldname, text in leaf.expanded_terms(reader, phrases=True):
            if fieldname not in reader.schema:
                continue
            try:
                term = reader.schema[fieldname].to_bytes(text)
            except ValueError:
                continue
            if (fieldname, term) in reader:
                found.add((fieldname, term))
    return found


def _matched_terms(hit, query_terms) -> dict[str, frozenset[str]]:
    """The ``query_terms`` ((field, term) pairs) that occur in this hit, per field."""
    matched: dict[str, set[str]] = {}
    for fieldname, term in query_terms:
        postings = hit.searcher.postings(fieldname, term)
        postings.skip_to(hit.docnum)
        if postings.is_active() and postings.id() == hit.docnum:
            matched.setdefault(fieldname, set()).add(_text(term))
    return {name: frozenset(terms) for name, terms in matched.items()}


def _highlight(hit, fieldname, text, matched, fragmenter, top) -> list[Snippet]:
    """The best ``top`` fragments of ``text`` with the matched words marked.

    A word is marked when its term matched in ``fieldname``, or when it is a compound one
    of whose parts matched in the ``parts`` field (``marked`` marks *arbeidsmarkedet*).
    The text is re-analysed, so the marks fall on the words as written.
    """
    from whoosh import highlight

    from navsok.analysis import surface_part_terms

    words = matched.get(fieldname, frozenset())
    parts = matched.get("parts", frozenset())
    if not text or not (words or parts):
        return []

    def marked(tokens):
        for token in tokens:
            token.matched = token.text in words or (
                bool(parts)
                and not token.stopped
                and not parts.isdisjoint(surface_part_terms(text[token.startchar : token.endchar]))
            )
            yield token

    analyzer = hit.searcher.schema[fieldname].analyzer
    tokens = analyzer(text, positions=True, chars=True, mode="index", removestops=False)
    fragments = fragmenter.fragment_tokens(text, marked(tokens))
    best = highlight.top_fragments(
        fragments, top, highlight.BasicFragmentScorer(), highlight.FIRST, minscore=1
    )
    return _SnippetFormatter().format(best)


#: Fields that hold parts of compound words rather than whole words.
COMPOUND_FIELDS = ("parts",)
_QUERY_WORD = re.compile(r"\w+")


def _term_origins(parsed, query: str, reader) -> dict[tuple[str, str], tuple[str, str]]:
    """Map each (field, index term) the query can match to (query word, how it matches)."""
    from whoosh import query as q

    origins: dict[tuple[str, str], tuple[str, str]] = {}
    for leaf in parsed.leaves():
        field = getattr(leaf, "fieldname", None)
        if isinstance(leaf, q.Phrase):
            for word in leaf.words:
                origins[(field, word)] = (word, "word")
        elif isinstance(leaf, q.MultiTerm):
            kind = "fuzzy" if isinstance(leaf, q.FuzzyTerm) else "wildcard"
            suffix = "~" if kind == "fuzzy" else "*" if isinstance(leaf, q.Prefix) else ""
            pattern = leaf.text + suffix
            for _, term in leaf.expanded_terms(reader):
                origins[(field, _text(term))] = (pattern, kind)
        elif isinstance(leaf, q.Term):
            start, end = getattr(leaf, "startchar", None), getattr(leaf, "endchar", None)
            word = query[start:end] if start is not None and end else leaf.text
            origins[(field, _text(leaf.text))] = (word.split(":")[-1], "word")
    return origins


def _explain(searcher, hit, origins, typed: set[str], matched=None) -> tuple[TermMatch, ...]:
    """The hit's score split by matched term, with the article's words for each term.

    A term matched ``exact`` when every word that produced it is one of the ``typed``
    query words (lower-cased), else via its ``stem``. ``matched`` is the hit's terms by
    field (default: those Whoosh recorded, when searched with ``terms=True``).
    """
    if matched is None:
        matched = {}
        for field, raw in hit.matched_terms():
            matched.setdefault(field, set()).add(_text(raw))
    forms_by_field: dict[str, dict[str, list[str]]] = {}
    matches = []
    for field, term in sorted((f, t) for f, terms in matched.items() for t in terms):
        postings = searcher.postings(field, term, weighting=searcher.weighting)
        postings.skip_to(hit.docnum)
        if not postings.is_active() or postings.id() != hit.docnum:
            continue
        if field not in forms_by_field:
            forms_by_field[field] = _surface_forms(searcher.schema, field, _field_text(hit, field))
        forms = tuple(forms_by_field[field].get(term, ()))
        word, kind = origins.get((field, term), (term, "word"))
        if field in COMPOUND_FIELDS:
            via = "compound"
        elif kind != "word":
            via = kind
        elif forms and all(form.lower() in typed for form in forms):
            via = "exact"
        else:
            via = "stem"
        matches.append(TermMatch(field, term, word, forms, via, float(postings.score())))
    return tuple(sorted(matches, key=lambda m: -m.score))


def _field_text(hit, field: str) -> str:
    """The text a field was indexed from: its stored value, else (an unstored field such
    as the compound parts) the stored title and body it is derived from."""
    stored = hit.fields()
    if field in stored:
        return str(stored[field])
    return "\n".join(str(stored.get(name, "")) for name in ("title", "body"))


def _surface_forms(schema, field: str, text: str) -> dict[str, list[str]]:
    """For each index term of ``text``, the distinct words that produced it, as written."""
    forms: dict[str, list[str]] = {}
    if not text or field not in schema or not hasattr(schema[field], "analyzer"):
        return forms
    for token in schema[field].analyzer(text, chars=True, mode="index"):
        word = text[token.startchar : token.endchar]
        seen = forms.setdefault(token.text, [])
        if word.lower() not in (w.lower() for w in seen):
            seen.append(word)
    return forms


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _squash(text: str) -> str:
    """Fold line breaks and runs of spaces into single spaces."""
    return re.sub(r"\s+", " ", text)


class _SnippetFormatter:
    """A Whoosh formatter that returns :class:`Snippet` objects instead of marked-up text.

    The parts are cut from the original text by the tokens' character offsets, so a match
    shows as the reader's word (``programmet``), not as its index term (``program``).
    """

    def __call__(self, text, fragments):
        return self.format(fragments)

    def format(self, fragments, replace=False):
        return [self._snippet(fragment) for fragment in fragments]

    @staticmethod
    def _snippet(fragment) -> Snippet:
        text, cursor = fragment.text, fragment.startchar
        parts: list[tuple[str, bool]] = []
        if fragment.startchar > 0:
            parts.append(ELLIPSIS)
        for token in fragment.matches:
            if token.startchar < cursor:
                continue
            parts.append((_squash(text[cursor : token.startchar]), False))
            parts.append((text[token.startchar : token.endchar], True))
            cursor = token.endchar
        parts.append((_squash(text[cursor : fragment.endchar]), False))
        if fragment.endchar < len(text):
            parts.append(ELLIPSIS)
        return Snippet(tuple(p for p in parts if p[0]))
