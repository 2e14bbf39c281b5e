"""The Norwegian analysis chain: text in, index terms out.

    tokenise → lower-case → normalise spelling variants → drop stopwords → lemmatise + stem

Every filter keeps the tokenizer's character offsets, so the highlighter marks the word the
reader sees in the text (``kvalifiseringsprogrammet``), never the term it was reduced to.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
ANALYSER_VERSION = 1

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


def _lemmatise(word: str) -> str:
    """The dictionary form of ``word`` (Bokmål first, then Nynorsk), or ``word`` itself."""
    import simplemma  # 0.4 s to load its tables: only when text is analysed

    for lang in ("nb", "nn"):
        lemma = simplemma.lemmatize(word, lang=lang).lower()
        if lemma != word:
            return lemma
    # Genitive -s on a word the dictionary does not know: NAVs, miljøs, kommunens.
    if len(word) > 3 and word.endswith("s") and not simplemma.is_known(word, lang="nb"):
        base = word[:-1]
        if simplemma.is_known(base, lang=("nb", "nn")):
            return _lemmatise(base)
    return word


_snowball = NorwegianStemmer().stem


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Reduce a normalised, lower-cased word to the term it is indexed under.

    A dictionary lemmatiser brings inflected forms to their base (programmene → program,
    ungdommen → ungdom, søknadane → søknad); Snowball Norwegian then stems the base, so
    words the dictionary does not know still meet their family. Finally a doubled final
    consonant is undoubled: Snowball leaves kvalifiseringsprogrammet as ``…programm``.
    """
    if not word.isalpha():
        return word
    stemmed = _snowball(_lemmatise(word))
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
