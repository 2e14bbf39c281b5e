"""Running a query: parse it, rank with BM25F, and return hits with snippets as plain data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from navsok.errors import NavsokError
from navsok.index import open_index

#: Fields a query searches when it names none, and the ones it may name (``title:nav``).
DEFAULT_FIELDS = ("title", "body")
QUERY_FIELDS = ("title", "body", "source", "path")
DEFAULT_CONTEXT = 80  # characters of text around a match in a snippet

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
class Hit:
    """One ranked article."""

    rank: int
    score: float
    path: str
    title: str
    source: str
    title_snippet: Snippet
    snippets: tuple[Snippet, ...]

    @property
    def snippet(self) -> Snippet:
        """All snippets joined into one, separated by an ellipsis."""
        parts: list[tuple[str, bool]] = []
        for i, snippet in enumerate(self.snippets):
            if i:
                parts.append((" … ", False))
            parts.extend(snippet.parts)
        return Snippet(tuple(parts))


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]


def search(
    index_dir: Path,
    query: str,
    limit: int = 10,
    snippets: int = 1,
    context: int = DEFAULT_CONTEXT,
) -> SearchResult:
    """Run ``query`` against the index at ``index_dir`` and return the best ``limit`` hits."""
    ix = open_index(index_dir)
    parsed = parse_query(query, ix.schema)
    with ix.searcher() as searcher:
        results = searcher.search(parsed, limit=limit, terms=True)
        highlighter = _highlighter(context)
        hits = [
            _make_hit(rank, hit, highlighter, snippets, context)
            for rank, hit in enumerate(results, 1)
        ]
        return SearchResult(query=query, total=len(results), hits=hits)


def count(index_dir: Path, query: str) -> int:
    """How many articles match ``query``, without ranking or snippets."""
    ix = open_index(index_dir)
    parsed = parse_query(query, ix.schema)
    with ix.searcher() as searcher:
        return len(searcher.search(parsed, limit=1, scored=False))


def parse_query(query: str, schema):
    """Parse Whoosh query syntax (AND/OR/NOT, "phrases", field:term, wild*, fuzzy~).

    Raises :class:`NavsokError` for queries the parser would silently misread.
    """
    from whoosh import qparser

    check_query_syntax(query)
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema)
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
    for name in _FIELD_PREFIX.findall(query):
        if name not in QUERY_FIELDS:
            raise NavsokError(
                f"unknown field {name!r} in query (fields: {', '.join(QUERY_FIELDS)})"
            )


def _highlighter(context: int):
    from whoosh import highlight

    return highlight.Highlighter(
        fragmenter=highlight.ContextFragmenter(maxchars=context * 3, surround=context),
        formatter=_SnippetFormatter(),
    )


def _make_hit(rank, hit, highlighter, snippets: int, context: int) -> Hit:
    from whoosh import highlight

    body = hit.get("body", "")
    found = highlighter.highlight_hit(hit, "body", top=snippets, minscore=1)
    if not found:
        lead = body[: context * 2]
        found = [Snippet(((_squash(lead) + ("…" if len(body) > len(lead) else ""), False),))]
    title = hit.get("title", "")
    whole = highlight.Highlighter(
        fragmenter=highlight.WholeFragmenter(), formatter=_SnippetFormatter()
    )
    title_snippet = (whole.highlight_hit(hit, "title", top=1, minscore=1) or [None])[0]
    return Hit(
        rank=rank,
        score=float(hit.score or 0.0),
        path=hit["path"],
        title=title,
        source=hit.get("source", ""),
        title_snippet=title_snippet or Snippet(((title, False),)),
        snippets=tuple(found),
    )


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
            parts.append(("…", False))
        for token in fragment.matches:
            if token.startchar < cursor:
                continue
            parts.append((_squash(text[cursor : token.startchar]), False))
            parts.append((text[token.startchar : token.endchar], True))
            cursor = token.endchar
        parts.append((_squash(text[cursor : fragment.endchar]), False))
        if fragment.endchar < len(text):
            parts.append(("…", False))
        return Snippet(tuple(p for p in parts if p[0]))
