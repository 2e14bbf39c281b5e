"""Spelling: how a lower-cased word is normalised, and the stopwords (both standards).

Shared by the analyser, the lexicon and the compound splitter, so none of them imports
another for it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_KEEP_MARKS = {"\u030a"}  # the ring of å: it is a letter of its own in Norwegian
#: Words whose accent is all that tells them from a stopword: *fôr* (fodder, lining) and
#: *fór* (went, of *fare*) are no *for*, *allé* (avenue) is no *alle*. Kept as written,
#: they are indexed and searchable.
ACCENTED_WORDS = frozenset({"fôr", "fór", "allé"})


@lru_cache(maxsize=500_000)
def normalise(word: str) -> str:
    """Fold spelling variants of a lower-cased word onto one Norwegian spelling.

    ä→æ and ö→ø (Swedish/German spellings), the pre-1917 ``aa`` → å, and accents dropped
    (kafé → kafe), but in :data:`ACCENTED_WORDS`. æ, ø and å themselves are never touched.
    """
    if word in ACCENTED_WORDS:
        return word
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


#: Words, numbers with decimal or thousands separators (2,5 / 1.000), and nothing else:
#: the analyser's tokens. Hyphenated words (NAV-kontorene) become their parts, so both
#: parts are searchable.
TOKEN_PATTERN = r"\w+(?:[.,]\d+)*"


@lru_cache(maxsize=500_000)
def word_of(written: str) -> str | None:
    """A token as the analyser's first steps leave it: lower-cased and normalised, or
    ``None`` for a stopword."""
    word = normalise(written.lower())
    return None if word in STOPWORDS else word


def _stopwords() -> frozenset[str]:
    from whoosh.lang import stopwords_for_language

    return frozenset(normalise(w) for w in stopwords_for_language("no")) | {
        "utan", "berre", "frå", "meir"
    }


#: Snowball's Norwegian list, plus the Nynorsk twins of its Bokmål words that it lacks
#: (utan for uten, berre for bare, frå for fra, meir for mer): the function words the
#: compound splitter never takes as a part (for·slag).
FUNCTION_WORDS = _stopwords()
#: Words of that list that are also common nouns and verbs a search must find: *vår* (the
#: spring), *mot* (courage), *mine* (mines), *kom* (of *komme*), *si* (say), *ville* (wild,
#: and of *ville*). Indexed and searched like any other word.
CONTENT_WORDS = frozenset({"vår", "mot", "mine", "kom", "si", "ville"})
#: What the analyser drops: the function words but the content words.
STOPWORDS = FUNCTION_WORDS - CONTENT_WORDS


#: Nynorsk (and radical Bokmål) spellings of common words, also as the first part of a
#: compound: sjukepengar → sykepenger, heime → hjemme. Taken only when the result is a
#: Bokmål lemma (heimdal stays heimdal).
NYNORSK_WORDS = tuple(
    tuple(pair.split("/"))
    for pair in (
        "sjuk/syk heime/hjemme heim/hjem utan/uten skule/skole auke/øke meir/mer heile/hele "
        "saman/sammen søkj/søk fleire/flere mjølk/melk kyrkje/kirke framleis/fremdeles "
        "veg/vei bustøtte/bostøtte bustad/bosted tene/tjene mogleg/mulig gamal/gammel "
        "gammal/gammel veke/uke verksemd/virksomhet sjølv/selv sjøl/selv mogeleg/mulig løn/lønn "
        "køyr/kjør gjere/gjøre sjå/se spørje/spørre velje/velge telje/telle fortelje/fortelle "
        "handsam/behandl bere/bære skjere/skjære sverje/sverge tole/tåle gløyme/glemme"
    ).split()
)
#: Nynorsk spellings of Bokmål endings: brukar → bruker, ledigheit → ledighet; and the
#: Nynorsk side form -stelling of -stilling (utstelling, likestellinga).
NYNORSK_ENDINGS = (
    ("heita", "het"), ("heite", "het"), ("heit", "het"), ("løyse", "løshet"), ("ar", "er"),
    ("leg", "lig"), ("stad", "sted"), ("bod", "bud"), ("gjevar", "giver"),
    ("handsamar", "behandler"), ("handsaming", "behandling"), ("stelling", "stilling"),
)
#: The vowels of a normalised word.
VOWELS = "aeiouyæøå"


def has_vowel(letters: str) -> bool:
    """Whether ``letters`` hold a vowel: what is left of a word of one syllable when its
    vowel is taken for an ending (sta: st·a) holds none."""
    return any(letter in VOWELS for letter in letters)


#: Nynorsk vowels of Bokmål ones (straum → strøm, høyring → høring, einig → enig): a
#: Nynorsk lemma that is no Bokmål word is filed under the Bokmål word one of them makes.
NYNORSK_VOWELS = (("au", "ø"), ("øy", "ø"), ("ei", "e"))


#: Endings of older Nynorsk forms (side forms until the 2012 norm, common in archives) and
#: today's: boki, husi → boka, husa; kvinnor → kvinner; kvinnone → kvinnene.
OLDER_ENDINGS = (("i", "a"), ("or", "er"), ("one", "ene"))
#: The fewest letters left before an ending of :data:`OLDER_ENDINGS` or a genitive -s.
MIN_STEM = 3


def older_spellings(word: str):
    """``word`` with its ending of today written as :data:`OLDER_ENDINGS` has it (boka:
    boki; kvinner: kvinnor), the forms :func:`older_respellings` reads back."""
    for older, today in OLDER_ENDINGS:
        if word.endswith(today):
            yield word[: -len(today)] + older


def older_respellings(word: str):
    """``word`` with an older Nynorsk ending of :data:`OLDER_ENDINGS` written as today."""
    for older, today in OLDER_ENDINGS:
        if word.endswith(older) and len(word) - len(older) >= MIN_STEM:
            yield word[: -len(older)] + today


def head_respellings(word: str):
    """What a compound's head the lexicon does not know may be written for: without its
    genitive -s (foreningens → foreningen), with today's ending for an older Nynorsk one
    (bombor → bomber), or both (kvinnones → kvinnene)."""
    yield from older_respellings(word)
    if word[-1] == "s" and len(word) > MIN_STEM:
        yield word[:-1]
        yield from older_respellings(word[:-1])


def vowel_respellings(word: str):
    """``word`` with one Nynorsk vowel of :data:`NYNORSK_VOWELS` spelt the Bokmål way
    (straum → strøm), each in turn."""
    for nynorsk, bokmal in NYNORSK_VOWELS:
        for at in occurrences(word, nynorsk):
            yield word[:at] + bokmal + word[at + len(nynorsk) :]


def occurrences(word: str, part: str, start: int = 0):
    """Every place ``part`` stands in ``word``, from ``start`` on."""
    at = word.find(part, start)
    while at >= 0:
        yield at
        at = word.find(part, at + 1)


def respellings(word: str):
    """Bokmål spellings of a Nynorsk (or radical Bokmål) word, by the known spelling
    differences: utanfor → utenfor, ledigheita → ledighet·a, sjukepengar → sykepenger."""
    for nynorsk, bokmal in NYNORSK_WORDS:
        if word.startswith(nynorsk):
            yield bokmal + word[len(nynorsk) :]
    for nynorsk, bokmal in NYNORSK_ENDINGS:
        at = word.rfind(nynorsk)
        if at > (1 if len(nynorsk) > 4 else 2):  # a long ending after a prefix: ut·stelling
            yield word[:at] + bokmal + word[at + len(nynorsk) :]
