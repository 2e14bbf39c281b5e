"""Numbers written two ways, and the words made of them: *syv* and *sju*, *tyvefemårig* and
*tjuefemårig*, Nynorsk *søttiåring* and *syttiåring*, *trimotors* and *tremotors*.

Several Norwegian numerals have two spellings (Bokmål *syv*/*sju*, *tyve*/*tjue*,
*tredve*/*tretti*; Nynorsk *tjuge*, *fyrti*, *søtti*, *søtten*, *tvo*, *tri*, *fyrste*; the
older *hundrede*), and a compound starts with whichever its writer uses. Dictionaries list
a few such compounds both ways and most one way or not at all. :func:`respellings` reads
the numerals a word starts with and writes them one way; :mod:`navsok.wordterms` analyses
a word the lexicon lacks as that spelling, so both spellings of a compound get the same
terms. Knows nothing of the lexicon.
"""

from __future__ import annotations

import re
from typing import Iterator

#: Each numeral's other spellings: today's Bokmål and Nynorsk spelling first.
OTHER_SPELLINGS: dict[str, tuple[str, ...]] = {
    "to": ("tvo",),
    "tre": ("tri",),
    "sju": ("syv",),
    "sytten": ("søtten",),
    "tjue": ("tyve", "tjuge"),
    "tretti": ("tredve",),
    "førti": ("fyrti",),
    "sytti": ("søtti",),
    "hundre": ("hundrede",),
    "første": ("fyrste",),
    "sjuende": ("syvende",),
    "syttende": ("søttende",),
    "tjuende": ("tyvende",),
}
#: Numerals written one way, which a compound joins to the others (*femti·tvo*,
#: *tjue·åttande*): cardinals, with Nynorsk *ein*, *eitt*, *fir*, and ordinals.
ONE_SPELLING = (
    "en ein ett eitt fire fir fem seks åtte ni ti elleve tolv tretten fjorten femten seksten "
    "atten nitten femti seksti åtti nitti tusen andre annen tredje fjerde femte sjette "
    "sjuande åttende åttande niende niande tiende tiande"
).split()

_TODAY = {other: today for today, others in OTHER_SPELLINGS.items() for other in others}
_NUMERAL = re.compile(
    "|".join(sorted([*OTHER_SPELLINGS, *_TODAY, *ONE_SPELLING], key=len, reverse=True))
)


def respellings(word: str) -> Iterator[tuple[str, str, int]]:
    """``(word respelt, rest, numerals)`` for a lower-cased word that starts with numerals one of
    which has another spelling: the numerals written as :data:`OTHER_SPELLINGS` writes
    them, followed by the rest of the word, and how many numerals it starts with; the
    longest run of numerals first, then
    shorter ones (*tritium*'s *tri·ti* before its *tri*). Nothing for other words."""
    numerals = []
    at = 0
    while match := _NUMERAL.match(word, at):
        numerals.append(match.group())
        at = match.end()
    for count in range(len(numerals), 0, -1):
        run = numerals[:count]
        if any(numeral in _TODAY for numeral in run):
            start = "".join(_TODAY.get(numeral, numeral) for numeral in run)
            rest = word[sum(map(len, run)):]
            yield start + rest, rest, count
