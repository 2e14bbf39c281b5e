"""Numbers written two ways, and the words made of them: *syv* and *sju*, *tyvefemårig* and
*tjuefemårig*, Nynorsk *søttiåring* and *syttiåring*, *trimotors* and *tremotors*.

Several Norwegian numerals have two spellings (Bokmål *syv*/*sju*, *tyve*/*tjue*, *firti*,
*tredve*/*tretti*; Nynorsk *tjuge*, *fyrti*, *søtti*, *søtten*, *tvo*, *tri*, *fyrste*; the
older *hundrede*), and a compound starts with whichever its writer uses. Dictionaries list
a few such compounds both ways and most one way or not at all. :func:`respellings` reads
the numerals a word starts with and writes them one way, :func:`today` decides whether
the rest is what numerals are compounded with; :mod:`navsok.wordterms` analyses a word the
lexicon lacks as that spelling, so both spellings of a compound get the same terms, and
:mod:`navsok.lexbuild` makes two lemmas it lists a variant set. What is known is the
caller's to say (``today``'s ``known``): this module knows nothing of the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

#: Each numeral's other spellings: today's Bokmål and Nynorsk spelling first.
OTHER_SPELLINGS: dict[str, tuple[str, ...]] = {
    "to": ("tvo",),
    "tre": ("tri",),
    "sju": ("syv",),
    "sytten": ("søtten",),
    "tjue": ("tyve", "tjuge"),
    "tretti": ("tredve",),
    "førti": ("firti", "fyrti"),
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


def respellings(word: str) -> Iterator[tuple[str, str, list[str]]]:
    """``(word respelt, rest, numerals)`` for a lower-cased word that starts with numerals
    one of which has another spelling: the numerals written as :data:`OTHER_SPELLINGS`
    writes them, followed by the rest of the word, and the numerals as written; the
    longest run of numerals first, then shorter ones (*tritium*'s *tri·ti* before its
    *tri*). Nothing for other words."""
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
            yield start + rest, rest, run


#: Numerals a known compound may start with, whose rest a numeral's respelling may keep,
#: and the fewest letters of such a rest (*trikk* is no *to·kk*: *tokk*, *trekk*).
TAIL_NUMERALS = ("en", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti")
MIN_REST = 3
#: Spellings that also start other words: *tri·ll*, *tyve·bande* (of *tyv*), *fyrste* (a
#: prince in Bokmål). Alone before the rest, they need more (:func:`today`).
AMBIGUOUS = frozenset({"tri", "tvo", "tyve", "fyrste"})


def today(word: str, known: Callable[[str], object]) -> str | None:
    """``word`` written with today's numerals (:func:`respellings`) when the rest is what
    numerals are compounded with: nothing; a rest at least two ``known`` compounds of
    other numerals end in (*søttiåring*: *toåring*, *treåring*); a ``known`` word of
    :data:`MIN_REST` letters or more (*tyvefemparts*, *hundredeparts*: *part*); or any
    rest when the respelt word is ``known`` (*fyrtiåra*: *førtiåra*). One of
    :data:`AMBIGUOUS` alone before the rest needs both a ``known`` word of more than
    :data:`MIN_REST` letters after it and a ``known`` compound of another numeral that
    ends in it (*trimotors*: *motor*, *tomotors*; *tyvespors*: *spor*, *firespors*), and
    no respelt word is taken for being ``known`` where the run has one. Else ``None``:
    *tyvebande* (of *tyv*), *triven* (of *trive*), *trikking*, *trimme* and *fyrsten* (the
    prince) stay as they are."""
    for respelt, rest, run in respellings(word):
        start = respelt[: len(respelt) - len(rest)]
        ambiguous = any(numeral in AMBIGUOUS for numeral in run)
        tails = [tail for tail in (rest, rest[:-1] if rest[-1:] in ("s", "e") else "")
                 if len(tail) >= MIN_REST]
        word_after = any(known(tail) for tail in tails)
        compounds = 0 if len(rest) < MIN_REST else sum(
            1 for numeral in TAIL_NUMERALS if numeral != start and known(numeral + rest))
        if ambiguous and len(run) == 1:
            if word_after and compounds and len(rest) > MIN_REST:
                return respelt
        elif (not rest or word_after or compounds > 1
              or (not ambiguous and known(respelt))):
            return respelt
    return None
