"""The marked Snowball stem of a word the lexicon does not know (``~zorblax``): PyStemmer's
Norwegian Snowball taken twice, then the cuts Snowball leaves undone (a doubled final
consonant, an adjective's neuter -t, e-syncope, a syncopated -en's n)."""

from __future__ import annotations

import re
from functools import lru_cache

from navsok.spelling import VOWELS, normalise

#: Marks a Snowball stem among the terms (``~zorblax``): never a word's lemma.
STEM_MARK = "~"
_DOUBLE_FINAL_CONSONANT = re.compile(r"([bdfgklmnprstv])\1$")


@lru_cache(maxsize=1)
def load():
    """PyStemmer's Norwegian stemmer, loaded once (an index run loads it before it forks)."""
    import Stemmer  # PyStemmer: Snowball compiled, the same algorithm as Whoosh's

    return Stemmer.Stemmer("norwegian")


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """The stem of a word the lexicon does not know: Snowball Norwegian's, taken twice,
    since Norwegian stacks two endings Snowball cuts one of (Nynorsk comparatives and
    verb forms: aggressiv·ar·e, aggressiv·ast·e, arranger·and·e → aggressiv, arrang);
    a doubled final consonant undoubled (Snowball leaves …programm of …programmet); an
    unstressed e before a final l, n or r dropped, as the inflected forms drop it
    (artikkel, artiklar → artikl; diskutabel, diskutable → diskutabl); and an ending
    Snowball keeps cut after a consonant: an adjective's neuter -t (anal, analt) and the
    n of a syncopated -en (angergiven, angergivne, angergivnare → angergiv)."""
    stemmer = load()
    found = _DOUBLE_FINAL_CONSONANT.sub(r"\1", stemmer.stemWord(stemmer.stemWord(word)))
    if _cut(found, "t"):
        found = found[:-1]
    if len(found) >= MIN_STEM_CUT and _SYNCOPE.search(found):
        found = _DOUBLE_FINAL_CONSONANT.sub(r"\1", found[:-2]) + found[-1]
    return found[:-1] if _cut(found, "n") else found


def is_stem_of(term: str, surface: str) -> bool:
    """Whether ``term`` is the marked stem of a word as written in a text (``~zorblax`` of
    *Zorblaxene*), not a lemma its ending suggests (``~zorbskrive`` of *Zorbskreiv*)."""
    return term == STEM_MARK + stem(normalise(surface.lower()))


def _cut(found: str, ending: str) -> bool:
    return len(found) >= MIN_STEM_CUT and found[-1] == ending and found[-2] not in VOWELS + ending


#: The cuts after Snowball's leave at least this many letters minus one.
MIN_STEM_CUT = 5
_SYNCOPE = re.compile(f"[^{VOWELS}]e[lnr]$")
