"""Spelling: how a lower-cased word is normalised, and the stopwords (both standards).

Shared by the analyser, the lexicon and the compound splitter, so none of them imports
another for it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_KEEP_MARKS = {"\u030a"}  # the ring of å: it is a letter of its own in Norwegian


@lru_cache(maxsize=500_000)
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


def _stopwords() -> frozenset[str]:
    from whoosh.lang import stopwords_for_language

    return frozenset(normalise(w) for w in stopwords_for_language("no")) | {
        "utan", "berre", "frå", "meir"
    }


#: Snowball's Norwegian list, plus the Nynorsk twins of its Bokmål words that it lacks
#: (utan for uten, berre for bare, frå for fra, meir for mer), so phrases meet across forms.
STOPWORDS = _stopwords()
