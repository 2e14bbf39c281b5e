"""Why a hit matched: its BM25F score split by matched index term (``navsok query --explain``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from navsok.parsing import term_text


@dataclass(frozen=True)
class TermMatch:
    """Why a hit matched, one index term at a time (``navsok query --explain``).

    ``via`` says how the article's words met the query: ``exact`` (as typed), ``lemma``
    (another form of the word in the lexicon, e.g. query ``funksjon``, article
    ``funksjoner``), ``stem`` (the stemmer joined words the lexicon does not know),
    ``guess`` (the lemma the ending of a word the lexicon does not know suggests, e.g.
    query ``følge``, article ``fulgte`` when the lexicon lacks them), ``compound`` (a part
    of a compound word),
    ``wildcard`` or ``fuzzy``.
    """

    field: str
    term: str  # the term in the index, after analysis
    query: str  # the query word (or pattern) it came from
    forms: tuple[str, ...]  # the article's words that matched, as written
    via: str
    score: float  # this term's share of the hit's BM25F score

    @property
    def joined_by(self) -> str:
        """The lemma, stem or compound part that joined the query word to the article's
        words, unmarked, when it is not the query word itself (``synge`` for the query
        ``syngje`` and the article's ``sungi``, a reading of both); else ``""``."""
        if self.via not in ("lemma", "guess", "stem", "compound"):
            return ""
        from navsok.stems import STEM_MARK

        term = self.term.removeprefix(STEM_MARK)
        return "" if term == self.query.lower() else term


#: Fields that hold parts of compound words rather than whole words.
COMPOUND_FIELDS = ("parts",)
_QUERY_WORD = re.compile(r"\w+")


def typed_words(query: str) -> set[str]:
    """The words of ``query`` as typed, lower-cased: a term they produce matched ``exact``."""
    return {word.lower() for word in _QUERY_WORD.findall(query)}


def term_origins(parsed, query: str, reader) -> dict[tuple[str, str], tuple[str, str, float]]:
    """Map each (field, index term) the query can match to (query word, how it matches,
    its weight in the query: a word's other readings weigh less than its first)."""
    from whoosh import query as q

    origins: dict[tuple[str, str], tuple[str, str, float]] = {}
    for leaf in parsed.leaves():
        field = getattr(leaf, "fieldname", None)
        if isinstance(leaf, q.Phrase):
            for word in leaf.words:
                origins[(field, word)] = (word, "word", 1.0)
        elif isinstance(leaf, q.MultiTerm):
            kind = "fuzzy" if isinstance(leaf, q.FuzzyTerm) else "wildcard"
            suffix = "~" if kind == "fuzzy" else "*" if isinstance(leaf, q.Prefix) else ""
            pattern = leaf.text.lstrip("~") + suffix  # a stem's mark is no part of it
            for _, term in leaf.expanded_terms(reader):
                origins[(field, term_text(term))] = (pattern, kind, 1.0)
        elif isinstance(leaf, q.Term):
            start, end = getattr(leaf, "startchar", None), getattr(leaf, "endchar", None)
            word = query[start:end] if start is not None and end else leaf.text
            key = (field, term_text(leaf.text))
            # A term the query holds twice scores twice (Whoosh sums an OR's parts).
            weight = leaf.boost + (origins[key][2] if key in origins else 0.0)
            origins[key] = (word.split(":")[-1], "word", weight)
    return origins


def explain(searcher, hit, origins, typed: set[str], matched=None) -> tuple[TermMatch, ...]:
    """The hit's score split by matched term, with the article's words for each term.

    A term matched ``exact`` when every word that produced it is one of the ``typed``
    query words (lower-cased), via a ``lemma`` when the lexicon read those words (or the
    head of a compound it does not know: naturmidler), via a ``guess`` when the term is a
    lemma their ending suggests (no stem of theirs), else via their ``stem``. ``matched``
    is the hit's terms by field (default: those Whoosh recorded, when searched with
    ``terms=True``).
    """
    from navsok.stems import STEM_MARK, is_stem_of

    if matched is None:
        matched = {}
        for field, raw in hit.matched_terms():
            matched.setdefault(field, set()).add(term_text(raw))
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
        word, kind, weight = origins.get((field, term), (term, "word", 1.0))
        if field in COMPOUND_FIELDS:
            via = "compound"
        elif kind != "word":
            via = kind
        elif forms and all(form.lower() in typed for form in forms):
            via = "exact"
        elif forms and not term.startswith(STEM_MARK):
            via = "lemma"  # the lexicon's, of the word or of a compound's head
        elif forms and not any(is_stem_of(term, form) for form in forms):
            via = "guess"  # navsok.endings' lemma for words the lexicon lacks
        else:
            via = "stem"
        matches.append(TermMatch(field, term, word, forms, via, weight * float(postings.score())))
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
