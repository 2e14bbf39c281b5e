"""The Norwegian analysis chain: text in, index terms out.

    tokenise → lower-case → normalise spelling variants → drop stopwords → readings

A word the lexicon knows (:mod:`navsok.lexicon`, Bokmål and Nynorsk full forms) is indexed
under *every* lemma it can be a form of, all at the word's position: ``stasjoner`` under
``stasjon`` and ``stasjonere``, ``veier`` under ``veier``, ``veie`` and ``vei``. A query
word is expanded the same way, so ambiguity costs a little precision and never recall.
A word the lexicon does not know (a name, a new compound) is stemmed with Snowball
(PyStemmer), its stem marked ``~`` so it never meets a lemma by accident; a compound of
known words is also read by its head's lemmas (polititenestemenn → polititenestemann). A
known query word also searches its marked stem, which only unknown forms are indexed under.

What each word becomes is :mod:`navsok.wordterms`' job; this module puts it into Whoosh's
chain and fields. Every filter keeps the tokenizer's character offsets, so the highlighter marks the word the
reader sees in the text (``kvalifiseringsprogrammet``), never the term it was reduced to.
"""

from __future__ import annotations

import re

from whoosh.formats import Positions, tokens
from whoosh.analysis import (
    CompositeAnalyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)

from navsok.spelling import STOPWORDS, TOKEN_PATTERN, normalise, word_of
from navsok import wordterms
from navsok.wordterms import (compound_part_terms, index_terms, part_query_terms, query_terms,
                              readings, stem_reading)

__all__ = ["STOPWORDS", "normalise", "norwegian_analyzer", "readings", "terms"]


class NormaliseFilter(Filter):
    """Applies :func:`normalise` to every token."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = normalise(token.text)
            yield token


class ReadingsFilter(Filter):
    """Replaces every token that is not a stopword by its :func:`query_terms` and
    :func:`stem_reading` (a query; among compound parts its :func:`part_query_terms`) or
    its :func:`index_terms` (a text), all at the token's position and with its offsets."""

    def __init__(self, parts: bool = False):
        self.parts = parts

    def __call__(self, tokens):
        for token in tokens:
            if token.stopped:
                yield token
                continue
            if self.parts:
                found = part_query_terms(token.text)
            elif token.mode == "query":
                found = query_terms(token.text) + stem_reading(token.text)
            else:
                found = index_terms(token.text)
            for reading in found:
                token.text = reading
                yield token


def norwegian_analyzer():
    """navsok's analyser for body and title text."""
    return NorwegianAnalyzer(*_normalised_words().items, ReadingsFilter())


def _normalised_words():
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | NormaliseFilter()
        | StopFilter(stoplist=STOPWORDS, minsize=1)
    )


_TOKEN = re.compile(TOKEN_PATTERN)


def forget_words() -> None:
    """Empty the chain's per-word caches (the lexicon's tables stay): for a process that
    has analysed its last word and needs the memory to write its segment (at 50,000
    articles they hold tens of megabytes)."""
    word_of.cache_clear()
    wordterms.forget_words()


class NorwegianAnalyzer(CompositeAnalyzer):
    """The chain of :func:`norwegian_analyzer`, which also gives an index run each word's
    terms in one pass (:meth:`index_words`), instead of a token through five generators."""

    def index_words(self, value: str, start_pos: int = 0):
        """(position, index terms) of each word of ``value`` that is no stopword, exactly
        as the chain numbers and reads them (Whoosh's StopFilter: the first word keeps its
        place, the next ones follow it)."""
        pos = None
        for place, (_, _, terms) in enumerate(self.word_spans(value), start_pos):
            if terms:
                pos = place if pos is None else pos + 1
                yield pos, terms

    def word_spans(self, value: str):
        """(start, end, index terms) of every word of ``value``, ``()`` for a stopword: what
        the highlighter marks words by, in one pass."""
        for match in _TOKEN.finditer(value):
            word = word_of(match.group())
            yield match.start(), match.end(), (() if word is None else index_terms(word))


def compound_parts_analyzer():
    """For the field of compound parts, searched beside title and body with a lower boost."""
    return CompoundPartsAnalyzer()


class CompoundPartsAnalyzer(Tokenizer):
    """The compound-parts field's analyser: each compound becomes the terms of its parts
    (arbeidsmarkedet → arbeid, marked), simple words nothing; a query word is stemmed like
    in title and body, so ``marked`` finds the compounds that contain it.

    Indexing is one pass over the text (the field reads all of title and body again), the
    query side is the ordinary chain.
    """

    def __init__(self):
        self._query_chain = _normalised_words() | ReadingsFilter(parts=True)

    def __call__(self, value, positions=False, chars=False, mode="", start_pos=0, start_char=0,
                 **kwargs):
        if mode == "query":
            yield from self._query_chain(
                value, positions=positions, chars=chars, mode=mode, start_pos=start_pos,
                start_char=start_char, **kwargs
            )
            return
        token = Token(positions, chars, mode=mode, **kwargs)
        for pos, match, found in self._part_words(value, start_pos):
            for term in found:
                token.text, token.stopped, token.boost = term, False, 1.0
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + match.start()
                    token.endchar = start_char + match.end()
                yield token

    def index_words(self, value: str, start_pos: int = 0):
        """(position, part terms) of each compound in ``value`` (see :class:`NorwegianAnalyzer`)."""
        for pos, _, found in self._part_words(value, start_pos):
            yield pos, found

    @staticmethod
    def _part_words(value: str, pos: int):
        for match in _TOKEN.finditer(value):
            word = word_of(match.group())
            if word is not None:
                found = compound_part_terms(word)
                if found:
                    yield pos, match, found
                pos += 1


class ReadingPositions(Positions):
    """Whoosh's positions, but a word counts once towards the field's length however many
    readings it has (BM25 would otherwise take an article of ambiguous words for a long
    one): only the first reading at a position adds to the term's length count; every
    reading still scores (its weight) and matches phrases (its positions)."""

    def word_values(self, value, analyzer, **kwargs):
        from collections import defaultdict

        positions, weights, firsts = defaultdict(list), defaultdict(float), defaultdict(int)
        index_words = getattr(analyzer, "index_words", None)
        if index_words is not None and kwargs.get("mode") == "index" and isinstance(value, str):
            # Our analysers' one pass: every term weighs 1, as the chain's tokens do.
            for pos, found in index_words(value, kwargs.get("start_pos", 0)):
                if not found:
                    continue
                firsts[found[0]] += 1
                for term in found:
                    positions[term].append(pos)
                    weights[term] += 1.0
        else:
            kwargs["positions"] = kwargs["boosts"] = True
            last = None
            for token in tokens(value, analyzer, kwargs):
                positions[token.text].append(token.pos)
                weights[token.text] += token.boost
                if token.pos != last:
                    firsts[token.text] += 1
                    last = token.pos
        for word, found in positions.items():
            yield word, firsts[word], weights[word] * self.field_boost, self.encode(found)


def reading_text(**options):
    """A Whoosh TEXT field whose length counts words, not readings (:class:`ReadingPositions`)."""
    from whoosh.fields import TEXT

    field = TEXT(**options)
    field.format = ReadingPositions(field_boost=options.get("field_boost", 1.0))
    return field


def snowball_analyzer():
    """Plain Snowball Norwegian, as Whoosh, Lucene and Elasticsearch ship it: the baseline."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | StopFilter(lang="no")
        | StemFilter(lang="no")
    )


def terms(text: str, analyzer=None) -> list[str]:
    """The index terms of ``text`` (handy in tests and for explaining matches)."""
    analyzer = analyzer or norwegian_analyzer()
    return [t.text for t in analyzer(text)]
