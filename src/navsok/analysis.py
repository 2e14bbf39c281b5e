"""The Norwegian analysis chain: text in, index terms out.

    tokenise → lower-case → normalise spelling variants → drop stopwords → lemmatise + stem

Every filter keeps the tokenizer's character offsets, so the highlighter marks the word the
reader sees in the text (``kvalifiseringsprogrammet``), never the term it was reduced to.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.norwegian import NorwegianStemmer

#: Bump when the terms the analyser produces change: old indexes must then be rebuilt.
ANALYSER_VERSION = 2

#: Words, numbers with decimal or thousands separators (2,5 / 1.000), and nothing else.
#: Hyphenated words (NAV-kontorene) become their parts, so both parts are searchable.
TOKEN_PATTERN = r"\w+(?:[.,]\d+)*"

_DOUBLE_FINAL_CONSONANT = re.compile(r"([bdfgklmnprstv])\1$")
_KEEP_MARKS = {"\u030a"}  # the ring of å: it is a letter of its own in Norwegian


def normalise(word: str) -> str:
    """Fold spelling variants of a lower-cased word onto one Norwegian spelling.

    ä→æ and ö→ø (Swedish/German spellings), the pre-1917 ``aa`` → å, and accents dropped
    (kafé → kafe). æ, ø and å themselves are never touched.
    """
    word = word.replace("ä", "æ").replace("ö", "ø")
    if not word.isascii():
        decomposed = unicodedata.normalize("NFD", word)
        word = unicodedata.normalize(
            "NFC",
            "".join(
                c
                for c in decomposed
                if not unicodedata.combining(c) or c in _KEEP_MARKS
            ),
        )
    return word.replace("aa", "å")


@lru_cache(maxsize=1)
def bokmal_headwords() -> frozenset[str]:
    """Every dictionary form in simplemma's Bokmål table (about 140,000 words).

    Computed once from the 640,000-entry form→lemma table and cached on disk, keyed by
    the simplemma version, so later runs read it in a few milliseconds.
    """
    import simplemma
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    cache = _cache_dir() / f"headwords-nb-simplemma-{simplemma.__version__}.txt"
    try:
        return frozenset(cache.read_text("utf-8").split("\n"))
    except OSError:
        pass
    table = DefaultDictionaryFactory().get_dictionary("nb")
    headwords = frozenset(lemma.lower() for lemma in table.values())
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text("\n".join(sorted(headwords)), "utf-8")
        partial.replace(cache)
    except OSError:
        pass  # a read-only home: recompute next time
    return headwords


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "navsok"


def lemma(word: str) -> str:
    """The dictionary form of ``word`` (Bokmål first, then Nynorsk), or ``word`` itself.

    A word that is itself a Bokmål headword stays as it is: the tables also map some
    nouns to an unrelated verb (vann → vinne, planet → plan). The one place lemmas are
    looked up, so the lookup can be swapped for a faster one.
    """
    import simplemma  # 0.4 s to load its tables: only when text is analysed

    if word in bokmal_headwords():
        return _bokmal_spelling(word)
    for lang in ("nb", "nn"):
        found = simplemma.lemmatize(word, lang=lang).lower()
        if found != word:
            return _bokmal_spelling(found)
    # Genitive -s on a word the dictionary does not know: NAVs, miljøs, kommunens.
    if len(word) > 3 and word.endswith("s") and not simplemma.is_known(word, lang="nb"):
        base = word[:-1]
        if simplemma.is_known(base, lang=("nb", "nn")):
            return lemma(base)
    return _bokmal_spelling(word)


#: Nynorsk spellings of Bokmål endings: brukar → bruker, ledigheit → ledighet.
_NYNORSK_ENDINGS = (("heita", "het"), ("heite", "het"), ("heit", "het"), ("ar", "er"))


def _bokmal_spelling(base: str) -> str:
    """The Bokmål headword a Nynorsk dictionary form corresponds to, or ``base`` itself."""
    for nynorsk, bokmal in _NYNORSK_ENDINGS:
        if len(base) > len(nynorsk) + 2 and base.endswith(nynorsk):
            candidate = base[: -len(nynorsk)] + bokmal
            if candidate in bokmal_headwords():
                return candidate
    return base


_snowball = NorwegianStemmer().stem
#: What Snowball may cut from a word that is a dictionary headword (verb/noun pairs meet).
_SNOWBALL_CUTS_FOR_HEADWORDS = frozenset({"", "e", "er"})


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Reduce a normalised, lower-cased word to the term it is indexed under.

    A dictionary lemmatiser brings inflected forms to their base (programmene → program,
    ungdommen → ungdom, søknadane → søknad); Snowball Norwegian then stems the base, so
    words the dictionary does not know still meet their family. From a dictionary headword
    Snowball may only cut -e and -er (bruke, bruker → bruk), never an ending that makes it
    another word (kurs → kur, planet → plan, vennlig → venn). For words the dictionary
    does not know, a doubled final consonant is undoubled: Snowball leaves
    kvalifiseringsprogrammet as ``…programm``.
    """
    if not word.isalpha():
        return word
    base = lemma(word)
    stemmed = _snowball(base)
    if base in bokmal_headwords():
        if base[len(stemmed) :] not in _SNOWBALL_CUTS_FOR_HEADWORDS:
            return base
        return stemmed  # no undoubling: vann, vanne stay apart from vane
    return _DOUBLE_FINAL_CONSONANT.sub(r"\1", stemmed)


class NormaliseFilter(Filter):
    """Applies :func:`normalise` to every token."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = normalise(token.text)
            yield token


class NorwegianStemFilter(Filter):
    """Applies :func:`stem` to every token that is not a stopword."""

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


STOPWORDS = frozenset(normalise(w) for w in stopwords_for_language("no"))


def norwegian_analyzer():
    """navsok's analyser for body and title text."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | NormaliseFilter()
        | StopFilter(stoplist=STOPWORDS, minsize=1)
        | NorwegianStemFilter()
    )


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
