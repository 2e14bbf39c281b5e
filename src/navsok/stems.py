"""The marked Snowball stem of a word the lexicon does not know (``~zorblax``): PyStemmer's
Norwegian Snowball taken twice, a derivational ending it cut put back (-ig, -lig, -else,
-het: words of their own), then the cuts Snowball leaves undone (a doubled final
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
    cut = stemmer.stemWord(word)
    once = _kept_derivation(word, cut)
    twice = once if once != cut else _kept_derivation(once, stemmer.stemWord(once))
    found = _DOUBLE_FINAL_CONSONANT.sub(r"\1", twice)
    if _cut(found, "t"):
        found = found[:-1]
    if len(found) >= MIN_STEM_CUT and _SYNCOPE.search(found):
        found = _DOUBLE_FINAL_CONSONANT.sub(r"\1", found[:-2]) + found[-1]
    return found[:-1] if _cut(found, "n") else found


def _kept_derivation(word: str, found: str) -> str:
    """Snowball's stem with the derivational ending it cut put back, in one spelling: an
    adjective's -ig and -lig, a noun's -els(e) and -het are words of their own (*fattig*
    is no form of *fatte*, *farleg* none of *far*, *følelse* none of *føle*). The
    spellings of -lig are one (*vanlig*, *vanleg*, *vanelig*; *tydelig*, *tydlig*;
    *vennleg*, *venlig*): the e before it is optional, and so is a doubled consonant."""
    for ending, spelling in DERIVATIONAL_ENDINGS:
        if word.startswith(found + ending):
            base = found[:-1] if spelling == "lig" and found.endswith("e") else found
            return _DOUBLE_FINAL_CONSONANT.sub(r"\1", base) + spelling
    return found


#: The derivational endings Snowball Norwegian cuts (its step 3, and step 1's -het),
#: longest first, each with the one spelling the stem keeps.
DERIVATIONAL_ENDINGS = (("hetslov", "hetslov"), ("slov", "slov"), ("elov", "lov"),
                        ("elig", "lig"), ("eleg", "lig"), ("lov", "lov"), ("eig", "ig"),
                        ("els", "els"), ("het", "het"), ("lig", "lig"), ("leg", "lig"),
                        ("ig", "ig"))


def is_stem_of(term: str, surface: str) -> bool:
    """Whether ``term`` is the marked stem of a word as written in a text (``~zorblax`` of
    *Zorblaxene*), not a lemma its ending suggests (``~zorbskrive`` of *Zorbskreiv*)."""
    return term == STEM_MARK + stem(normalise(surface.lower()))


def _cut(found: str, ending: str) -> bool:
    return len(found) >= MIN_STEM_CUT and found[-1] == ending and found[-2] not in VOWELS + ending


#: The cuts after Snowball's leave at least this many letters minus one.
MIN_STEM_CUT = 5
_SYNCOPE = re.compile(f"[^{VOWELS}]e[lnr]$")
