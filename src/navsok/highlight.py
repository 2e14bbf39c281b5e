"""Snippets: the pieces of an article's text around its matches, with the matched words marked.

The text is re-analysed for each hit, so a match shows as the reader's word (``programmet``),
not as its index term (``program``); Whoosh's fragmenters pick the pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from navsok.parsing import term_text

ELLIPSIS = ("…", False)  # the snippet part that marks text left out


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


def query_terms(parsed, reader) -> set[tuple[str, bytes]]:
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


def matched_terms(reader, docnums, terms, cache: dict | None = None) -> dict[int, dict[str, frozenset[str]]]:
    """Which ``terms`` ((field, term) pairs, from :func:`query_terms`) each document of
    ``docnums`` has, per field: a frequent term's from its posting arrays
    (:mod:`navsok.postarrays`, kept in a session's ``cache``) once ranking has loaded
    numpy, others by one walk along the term's postings for all the hits."""
    matched: dict[int, dict[str, set[str]]] = {doc: {} for doc in docnums}
    docs = sorted(matched)
    for fieldname, term in terms:
        for doc in _having(reader, fieldname, term, docs, cache):
            matched[doc].setdefault(fieldname, set()).add(term_text(term))
    return {
        doc: {name: frozenset(found) for name, found in fields.items()}
        for doc, fields in matched.items()
    }


def _having(reader, fieldname: str, term: bytes, docs: list[int], cache) -> list[int]:
    """Those of the sorted global document numbers ``docs`` that have ``term``."""
    import sys

    np = sys.modules.get("numpy")  # a cold query that did not need it does not import it here
    if np is None:
        return _walk(reader.postings(fieldname, term), docs, 0)
    from navsok.postarrays import for_reader

    found = []
    for leaf, offset in reader.leaf_readers():
        local = [doc - offset for doc in docs if offset <= doc < offset + leaf.doc_count_all()]
        if not local or (fieldname, term) not in leaf:
            continue
        arrays = for_reader(leaf, cache)
        postings = arrays.get(leaf, fieldname, term, np, positions=False) if arrays is not None else None
        if postings is None:
            found += _walk(leaf.postings(fieldname, term), local, offset)
        else:
            ids = postings[0]  # never empty: a term has arrays from MIN_DOCS documents on
            at = np.minimum(np.searchsorted(ids, local), len(ids) - 1)
            found += [doc + offset for doc, hit in zip(local, (ids[at] == local).tolist()) if hit]
    return found


def _walk(postings, docs: list[int], offset: int) -> list[int]:
    """Those of ``docs`` that a posting list (of a segment starting at ``offset``) has."""
    found = []
    for doc in docs:
        if not postings.is_active():
            break
        postings.skip_to(doc)
        if postings.is_active() and postings.id() == doc:
            found.append(doc + offset)
    return found


def hit_snippets(
    hit, matched: dict[str, frozenset[str]], snippets: int, context: int
) -> tuple[Snippet, tuple[Snippet, ...]]:
    """The hit's title with its matched words marked, and up to ``snippets`` snippets of
    its body with ``context`` characters around the matches (the body's start when no
    word of the body matched)."""
    from whoosh import highlight

    body = hit.get("body", "")
    around = highlight.ContextFragmenter(maxchars=context * 3, surround=context)
    found = highlight_field(hit, "body", body, matched, around, snippets)
    if not found:
        lead = body[: context * 2]
        found = [Snippet(((squash(lead).rstrip() + ("…" if len(body) > len(lead) else ""), False),))]
    title = hit.get("title", "")
    title_snippet = (highlight_field(hit, "title", title, matched, highlight.WholeFragmenter(), 1) or [None])[0]
    return title_snippet or Snippet(((title, False),)), tuple(found)


def highlight_field(hit, fieldname, text, matched, fragmenter, top) -> list[Snippet]:
    """The best ``top`` fragments of ``text`` with the matched words marked.

    A word is marked when its term matched in ``fieldname``, or when it is a compound one
    of whose parts matched in the ``parts`` field (``marked`` marks *arbeidsmarkedet*).
    The text is re-analysed, so the marks fall on the words as written.
    """
    from whoosh import highlight

    words = matched.get(fieldname, frozenset())
    parts = matched.get("parts", frozenset())
    if not text or not (words or parts):
        return []

    analyzer = hit.searcher.schema[fieldname].analyzer
    tokens = marked_tokens(analyzer, text, words, parts)
    fragments = fragmenter.fragment_tokens(text, tokens)
    best = highlight.top_fragments(
        fragments, top, highlight.BasicFragmentScorer(), highlight.FIRST, minscore=1
    )
    return _SnippetFormatter().format(best)


def marked_tokens(analyzer, text: str, words, parts):
    """One token per word of ``text``, ``matched`` when one of its terms is in ``words``
    or, for a compound, one of its parts' terms in ``parts``. Our analyser gives each
    word's terms in one pass (``word_spans``); another goes through its chain, where a
    word's readings share its place and any of them marks it (counting each reading would
    make the fragmenter's snippets shorter)."""
    from whoosh.analysis import Token

    from navsok.wordterms import surface_part_terms

    def in_parts(token) -> bool:
        return bool(parts) and not parts.isdisjoint(
            surface_part_terms(text[token.startchar : token.endchar]))

    spans = getattr(analyzer, "word_spans", None)
    if spans is not None:
        for pos, (start, end, terms) in enumerate(spans(text)):
            token = Token(positions=True, chars=True, pos=pos, startchar=start, endchar=end,
                          text=terms[0] if terms else "", boost=1.0, stopped=not terms)
            token.matched = bool(terms) and (not words.isdisjoint(terms) or in_parts(token))
            yield token
        return
    held = None
    for token in analyzer(text, positions=True, chars=True, mode="index", removestops=False):
        if held is not None and token.startchar == held.startchar and not token.stopped:
            held.matched = held.matched or token.text in words
            continue
        if held is not None:
            yield held
        held = token.copy()
        held.matched = not token.stopped and (token.text in words or in_parts(token))
    if held is not None:
        yield held


def squash(text: str) -> str:
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
            parts.append((squash(text[cursor : token.startchar]), False))
            parts.append((text[token.startchar : token.endchar], True))
            cursor = token.endchar
        parts.append((squash(text[cursor : fragment.endchar]), False))
        if fragment.endchar < len(text):
            parts.append(ELLIPSIS)
        return Snippet(tuple(p for p in parts if p[0]))
