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

Every filter keeps the tokenizer's character offsets, so the highlighter marks the word the
reader sees in the text (``kvalifiseringsprogrammet``), never the term it was reduced to.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.formats import Positions, tokens
from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)

from navsok.spelling import STOPWORDS, normalise

__all__ = ["ANALYSER_VERSION", "STOPWORDS", "normalise", "readings", "terms"]

#: Bump when the terms the analyser produces change: old indexes must then be rebuilt.
ANALYSER_VERSION = 9

#: Words, numbers with decimal or thousands separators (2,5 / 1.000), and nothing else.
#: Hyphenated words (NAV-kontorene) become their parts, so both parts are searchable.
TOKEN_PATTERN = r"\w+(?:[.,]\d+)*"

_DOUBLE_FINAL_CONSONANT = re.compile(r"([bdfgklmnprstv])\1$")
#: Endings read off a word the lexicon does not know when the rest is a known word: a
#: genitive -s (NAVs, miljøs) and an adjective's neuter -t (Nynorsk vanlegt, billegt).
UNKNOWN_ENDINGS = frozenset("st")
#: Marks a Snowball stem among the terms (``~zorblax``): never a word's lemma.
STEM_MARK = "~"


@lru_cache(maxsize=500_000)
def readings(word: str) -> tuple[str, ...]:
    """Every lemma a normalised, lower-cased word can be a form of, all indexed at its
    position: a known word's lemmas (:func:`navsok.lexicon.readings`), the word's own
    first; an unknown word's Snowball stem (marked with :data:`STEM_MARK`, a doubled final
    consonant undoubled). Numbers stay as they are.

    A word the lexicon does not know as written is looked up as a genitive -s or neuter
    -t of a known word (NAVs, miljøs, vanlegt) and as the Nynorsk spelling of a known
    Bokmål word (ledigheita, utanfor) first.
    """
    return _entry(word)[1]


@lru_cache(maxsize=500_000)
def query_terms(word: str) -> tuple[str, ...]:
    """What a query word searches: a dictionary form its own lemma and spellings only
    (bruker: the noun, not the verb bruke), an inflected form all its readings
    (stasjoner: stasjon and stasjonere), an unknown word its stem."""
    return _entry(word)[0]


def index_terms(word: str) -> tuple[str, ...]:
    """What a word in a text is indexed under: its :func:`readings`. (Indexing a known
    word's stem beside them, so that an unknown query word also finds known words with
    its stem, cost half as much indexing time again: left out.)"""
    return readings(word)


def stem_reading(word: str) -> tuple[str, ...]:
    """What a query word the lexicon knows searches besides its lemmas: its marked stem,
    the term an *unknown* form of it is indexed under (Nynorsk ``vidareførast``, a form
    the lexicon lacks, meets ``vidareføre``); ``()`` for an unknown word (its stem is its
    term already) and for a number. It never meets another known word: those are indexed
    under their lemmas only. A stem of fewer than :data:`MIN_STEM_READING` letters is left
    out."""
    if not is_known(word):
        return ()
    found = stem(word)
    return (STEM_MARK + found,) if len(found) >= MIN_STEM_READING else ()


#: A known word's stem shorter than this is not searched (ørret's *ør*: too little of it).
MIN_STEM_READING = 4


def is_known(word: str) -> bool:
    """True when the lexicon (not the stemmer) gave ``word`` its terms."""
    return _entry(word)[2]


def _entry(word: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(query terms, readings, known) of a word: from the stem table when the index has
    it, else from the lexicon."""
    if not word.isalpha():
        return (word,), (word,), False
    known = _stem_table.get(word) if _stem_table else None
    if known is not None:
        return known[0], known[1], known[3]
    return _lexicon_entry(word)


@lru_cache(maxsize=500_000)
def _lexicon_entry(word: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    from navsok.lexicon import own_readings, respellings
    from navsok.lexicon import readings as lexicon_readings

    candidates = [word]
    if len(word) > 3 and word[-1] in UNKNOWN_ENDINGS:
        candidates.append(word[:-1])
    candidates += respellings(word)
    for candidate in candidates:
        found = lexicon_readings(candidate)
        if found:
            return own_readings(candidate), found, True
    stemmed = (STEM_MARK + stem(word),)
    head = _known_head(word)
    if head is not None:
        start, own, found = head
        prefix = word[:start]
        return (tuple(prefix + lemma for lemma in own) + stemmed,
                tuple(prefix + lemma for lemma in found) + stemmed, False)
    return stemmed, stemmed, False


#: A compound the lexicon does not know is read by its longest known tail (its head) after
#: a known word (its prefix, maybe with a linking -s-/-e-, maybe a compound itself): at
#: least this many letters in each (av·slått, natur·midler, elbil·ladestasjonene).
MIN_COMPOUND_PREFIX = 2
MIN_COMPOUND_HEAD = 3
_LINKING_LETTERS = frozenset("se")


@lru_cache(maxsize=100_000)
def _known_head(word: str):
    """(where the head starts, its own readings, all its readings) for the longest tail of
    ``word`` the lexicon knows after a prefix that is a word, or ``None``: ``naturmidler``
    → 5, (midler, midle, …); ``arrangerer`` → ``None`` (*arrang* is no word)."""
    from navsok.lexicon import own_readings
    from navsok.lexicon import readings as lexicon_readings

    for start in range(MIN_COMPOUND_PREFIX, len(word) - MIN_COMPOUND_HEAD + 1):
        found = lexicon_readings(word[start:])
        if found and _is_compound_prefix(word[:start]):
            return start, own_readings(word[start:]), found
    return None


def _is_compound_prefix(prefix: str) -> bool:
    from navsok.lexicon import readings as lexicon_readings

    if lexicon_readings(prefix):
        return True
    if len(prefix) > 3 and prefix[-1] in _LINKING_LETTERS and lexicon_readings(prefix[:-1]):
        return True
    return len(prefix) >= 2 * MIN_COMPOUND_HEAD and _known_head(prefix) is not None


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer: Snowball compiled, the same algorithm as Whoosh's

    return Stemmer.Stemmer("norwegian")


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Snowball Norwegian's stem of a word the lexicon does not know, a doubled final
    consonant undoubled (Snowball leaves …programm of …programmet)."""
    return _DOUBLE_FINAL_CONSONANT.sub(r"\1", _stemmer().stemWord(word))


@lru_cache(maxsize=500_000)
def compound_part_terms(word: str) -> tuple[str, ...]:
    """The index terms of the parts of a normalised, lower-cased compound, else ``()``.

    arbeidsmarkedet → (arbeid, marked, …): its lemma is split (see
    :mod:`navsok.compounds`) and each part read like any other word.
    """
    if not word.isalpha():
        return ()
    known = _stem_table.get(word) if _stem_table else None
    if known is not None:
        return known[2]
    from navsok.compounds import split_compound

    whole = readings(word)
    base = word if whole[0].startswith(STEM_MARK) else whole[0]  # a lemma: the word's or its head's
    found = (term for part in split_compound(base) for term in readings(part))
    return tuple(dict.fromkeys(term for term in found if term not in whole))


def surface_part_terms(surface: str) -> tuple[str, ...]:
    """:func:`compound_part_terms` of a word as written in the text (``Arbeidsmarkedet``)."""
    return compound_part_terms(normalise(surface.lower()))


#: The stem table of the index being searched (see :mod:`navsok.stemtable`), if any.
_stem_table = None
_LETTERS = re.compile(r"[^\W\d_]+")  # the words readings() does more than return as they are


def use_stem_table(index_dir) -> None:
    """Let :func:`readings` and :func:`compound_part_terms` look words up in the stem
    table of the index at ``index_dir`` before they load the lexicon (a query's cold
    start: see :mod:`navsok.stemtable`)."""
    from navsok.stemtable import StemTable, table_path

    global _stem_table
    _stem_table = StemTable(table_path(index_dir, ANALYSER_VERSION))


def save_stem_table(index_dir, words) -> int:
    """Add the readings and compound parts of ``words`` (from :func:`words_of`) to the
    stem table of the index at ``index_dir``; returns how many words were new."""
    from navsok.stemtable import add_words, table_path

    normalised = {normalise(word) for word in words}
    return add_words(
        table_path(index_dir, ANALYSER_VERSION),
        (word for word in normalised if word.isalpha() and word not in STOPWORDS),
        lambda word: (query_terms(word), readings(word), compound_part_terms(word), is_known(word)),
    )


def load_tables() -> None:
    """Load the lexicon, the headwords and the compound lexicon now. A parallel index run
    calls this before it starts its workers: forked, they share the tables instead of
    each loading its own copy."""
    from navsok import lexicon
    from navsok.compounds import frequencies

    lexicon.load()
    frequencies()
    _stemmer()


def words_of(text: str) -> set[str]:
    """The distinct lower-cased words of ``text``; fast, for :func:`save_stem_table`."""
    return set(_LETTERS.findall(text.lower()))


class NormaliseFilter(Filter):
    """Applies :func:`normalise` to every token."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = normalise(token.text)
            yield token


class ReadingsFilter(Filter):
    """Replaces every token that is not a stopword by its :func:`readings` (a query) or
    :func:`index_terms` (a text), all at the token's position and with its offsets."""

    def __init__(self, all_readings: bool = False):
        self.all_readings = all_readings

    def __call__(self, tokens):
        for token in tokens:
            if token.stopped:
                yield token
                continue
            if self.all_readings:
                found = readings(token.text)
            elif token.mode == "query":
                found = query_terms(token.text) + stem_reading(token.text)
            else:
                found = index_terms(token.text)
            for reading in found:
                token.text = reading
                yield token


def norwegian_analyzer():
    """navsok's analyser for body and title text."""
    return _normalised_words() | ReadingsFilter()


def _normalised_words():
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | NormaliseFilter()
        | StopFilter(stoplist=STOPWORDS, minsize=1)
    )


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

    _word = re.compile(TOKEN_PATTERN)

    def __init__(self):
        # A part is matched loosely (and weighs little): all readings of the query word.
        self._query_chain = _normalised_words() | ReadingsFilter(all_readings=True)

    def __call__(self, value, positions=False, chars=False, mode="", start_pos=0, start_char=0,
                 **kwargs):
        if mode == "query":
            yield from self._query_chain(
                value, positions=positions, chars=chars, mode=mode, start_pos=start_pos,
                start_char=start_char, **kwargs
            )
            return
        token = Token(positions, chars, mode=mode, **kwargs)
        pos = start_pos
        for match in self._word.finditer(value):
            word = normalise(match.group().lower())
            if word in STOPWORDS:
                continue
            for term in compound_part_terms(word):
                token.text, token.stopped, token.boost = term, False, 1.0
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + match.start()
                    token.endchar = start_char + match.end()
                yield token
            pos += 1


class ReadingPositions(Positions):
    """Whoosh's positions, but a word counts once towards the field's length however many
    readings it has (BM25 would otherwise take an article of ambiguous words for a long
    one): only the first reading at a position adds to the term's length count; every
    reading still scores (its weight) and matches phrases (its positions)."""

    def word_values(self, value, analyzer, **kwargs):
        from collections import defaultdict

        positions, weights, firsts = defaultdict(list), defaultdict(float), defaultdict(int)
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
