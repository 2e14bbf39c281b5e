"""Splitting Norwegian compounds into the words they are made of.

Dictionary-based, in the spirit of Lucene's DictionaryCompoundWordTokenFilter: a word is cut
into a head and a tail that are both common Bokmål words in the frequency list shipped
inside the ``wordfreq`` package, optionally joined by a linking -s- or -e-
(arbeid·s·markedet, syk·e·penger). A Nynorsk tail counts as common as the Bokmål twin the
lexicon files it under (helse·tenesta: tjeneste). Of all cuts the one whose rarer part is
most frequent wins, and a head or tail that is itself a compound is split again.

Guards against nonsense splits: parts of at least :data:`MIN_PART` letters and Zipf
frequency :data:`MIN_PART_ZIPF`; no stopwords (for·slag) and no endings (utbetaling·ene);
no linking letter after a preposition or adverb (under·søke, not unders·øke); no doubled
consonant before an inflection ending (kopp·er, not kopp·per); no derivation suffix as the
last part (folk·ete, hold·bar, del·vis, kjør·sel); and the whole word must be
rarer than its parts on average (in log frequency), or than each part when one is as
short as :data:`MIN_PART` — ``prosent`` is more common than ``pro`` and ``sent``,
``torsdag`` than ``tor``: words of their own. An inflected form counts as common as its
lemma, so it splits where its lemma does (*fangen* as *fange*).
"""

from __future__ import annotations

from functools import lru_cache

from navsok.spelling import VOWELS

#: Bump when the word list below is derived differently.
FREQUENCIES_VERSION = 6
MIN_PART = 3
#: Inflection endings: after a doubled consonant they end the word, not begin a part.
INFLECTIONS = frozenset(
    "a ane ar e en ene ens er ere erne ers es est este et ets i ne r s t te".split()
)
#: The longest inflection ending :func:`_whole_frequency` takes off a word (plass·ene).
MAX_ENDING = 4
#: A run of more letters than this is no compound (nor any word) and is not split.
MAX_LETTERS = 40
#: Zipf frequency (log10 of occurrences per billion words): 3 = once per million words.
MIN_PART_ZIPF = 3.0
LINKS = ("s", "e")
#: Prepositions and adverbs that begin compounds but take no linking -s-/-e-, which
#: follows a noun: under·søke, not unders·øke (of *øke*); gjennom·slag, bak·slag,
#: fram·stelle, borte·seier, bake·dag.
PARTICLES = frozenset(
    "an att atter av bak bi blant bort borte fore forbi fra fram framme frem fremme frå "
    "gjennom heim heime hjem hjemme imot inn inne innen langs med mellom mot ned nede om "
    "opp oppe over på rundt til tilbake under unna ut ute utenfor ved".split()
)
#: A part that is not a word but a compound itself scores this much below its rarer part:
#: idrett·s·anlegg beats idrett·san·legg.
NESTED_SPLIT_COST = 0.5
#: Inside a part that is no word itself, a 3-letter piece must be this common (tid, liv, dag).
COMMON_SHORT_ZIPF = 5.0
#: A part read by its Bokmål twin's frequency has this many letters at least (*ten*, a
#: form of Nynorsk *tene*, is no *tjene* in *femten*).
TWIN_PART = 5
#: Inflection and derivation endings that are also words (ene, het, dom): never a part.
ENDINGS = frozenset(
    "ane ene ens ets ers erne arne ende ande inga ingane ingene ingen ingar ing ning "
    "het heten heter else elsen dom dommen skap skapet lig lige leg lege legare "
    "are ere ane rane ren sen ken nes les ler lar tar mar mer mene jer gje des ter "
    "kar jar jon ille king ring heite".split()
)

#: Derivation suffixes that are also words: never a compound's last part (folk·ete,
#: fred·ete, hold·bar, del·vis, kjør·sel, sol·ist are no forms of ete, bar, vise, sel,
#: ise), though a first part may be one (selfangst, barskog); a headword with one of
#: them is a derivation, not split at all (ekstremist, not eks·tre·mist).
SUFFIXES = frozenset("ete bar vis sel ist".split())
#: The suffix of SUFFIXES that makes a noun a compound may end in, counted a word as
#: common as its base, a little less (høyre·ekstremist, cup·finalist).
AGENT_SUFFIX = "ist"
#: The forms of a noun a verb makes in -er or -ar (løser, løsere; løysar, løysarane).
AGENT_ENDINGS = ("er", "ere", "eren", "erne", "ar", "arar", "aren", "arane")


@lru_cache(maxsize=1)
def frequencies() -> dict[str, float]:
    """Common Bokmål words and their Zipf frequency: the words of wordfreq's list that
    simplemma's Bokmål dictionary knows too (so no names, abbreviations or English).
    Derived once, then read from the disk cache."""
    from importlib.metadata import version

    from navsok.wordcache import cached_lines

    key = f"wordfreq {version('wordfreq')} simplemma {version('simplemma')} " + repr(
        (FREQUENCIES_VERSION, MIN_PART_ZIPF, sorted(ENDINGS))
    )
    words = {}
    for line in cached_lines("lexicon-nb", key, _derive_frequencies):
        word, _, zipf = line.partition("\t")
        words[word] = float(zipf)
    return words


def _derive_frequencies() -> list[str]:
    import math

    import simplemma
    from wordfreq import get_frequency_dict

    from navsok.spelling import FUNCTION_WORDS, normalise

    floor = 10 ** (MIN_PART_ZIPF - 9)
    words: dict[str, float] = {}
    for word, frequency in get_frequency_dict("nb").items():
        if frequency < floor or not word.isalpha():
            continue
        word = normalise(word)
        if word in FUNCTION_WORDS or word in ENDINGS or not simplemma.is_known(word, lang="nb"):
            continue
        words[word] = max(words.get(word, 0.0), math.log10(frequency * 1e9))
    return [f"{word}\t{zipf:.3f}" for word, zipf in sorted(words.items())]


def split_compound(word: str) -> tuple[str, ...]:
    """The words a lower-cased, normalised compound is made of, or ``()`` for a simple word.

    Both the parts of the best cut and, when they are compounds too, their own parts:
    ``arbeidsmarkedspolitikk`` → ``arbeidsmarked, arbeid, markedet… politikk``.
    """
    if len(word) > MAX_LETTERS:  # no word: a hash, a garbled paste (and no deep recursion)
        return ()
    found = _best_split(word)
    return found[1] if found else ()


def forget_words() -> None:
    """Empty the per-word cache of compound splits (see ``analysis.forget_words``)."""
    _best_split.cache_clear()
    _twin_frequency.cache_clear()


@lru_cache(maxsize=200_000)
def _best_split(word: str) -> tuple[float, tuple[str, ...]] | None:
    """(score, parts) of the best cut of ``word``; the score is the rarer part's frequency."""
    if len(word) < 2 * MIN_PART or not word.isalpha():
        return None
    from navsok.lexicon import bokmal_headwords

    headwords = bokmal_headwords()
    if _derivation_base(word, headwords):
        return None  # ekstrem·ist: one word
    from navsok.lexicon import word_parts_of_speech

    speech = word_parts_of_speech(word)
    whole = None  # the word's frequency, looked up for the first cut that needs it
    best = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        tail = word[cut:]
        if tail in SUFFIXES:
            continue
        tail_score, tail_parts = _word_or_compound(tail)
        if not tail_score:
            continue
        if _other_part_of_speech(speech, tail):
            continue
        for head in _heads(word[:cut], tail):
            if head not in headwords and not _twin_frequency(head):
                continue  # a part before the last is a Bokmål headword or its Nynorsk twin
            head_score, head_parts = _word_or_compound(head)
            score = min(head_score, tail_score)
            short = min(len(head), len(tail)) <= MIN_PART
            if whole is None:
                whole = _whole_frequency(word)
            if not score or (score if short else (head_score + tail_score) / 2) <= whole:
                continue  # the word is more common than its parts: a word of its own
            parts = (head, *head_parts, tail, *tail_parts)
            # The rarer part's frequency decides; on a tie, fewer (longer) parts win.
            if best is None or (score, -len(parts)) > (best[0], -len(best[1])):
                best = (score, parts)
    return best


def _derivation_base(word: str, headwords) -> str | None:
    """The headword ``word`` derives from with one of :data:`SUFFIXES` (ekstrem·ist,
    folk·ete), or ``None``: no such headword, or ``word`` is a headword before a word
    longer than that suffix (ski·turist, bak·sete: compounds of *turist* and *sete*)."""
    known = frequencies()
    for suffix in SUFFIXES:
        rest = len(word) - len(suffix)
        if word.endswith(suffix) and word[:rest] in headwords:
            compound = any(
                (word[cut:] in known or word[cut:] in headwords)
                and (word[:cut] in headwords or link_stripped(word[:cut]) in headwords)
                for cut in range(MIN_PART, rest)
            )
            return None if compound else word[:rest]
    return None


def _other_part_of_speech(whole: str, tail: str) -> bool:
    """True when ``tail`` cannot be the last part of a word whose parts of speech are
    ``whole`` (:func:`navsok.lexicon.word_parts_of_speech`): the lexicon knows both, and
    one is only a noun and the other only a verb or adjective (*preparat* is no noun
    pre·parat; *parkeringsvakt* is parkering·s·vakt, not parkering·svakt). A verb and an
    adjective go together (participles: hjemme·laget), and a verb's form in -er or -ar
    may be the noun it makes (konflikt·løser, which the sources lack)."""
    from navsok.lexicon import compatible, word_parts_of_speech

    last = word_parts_of_speech(tail) if whole else ""
    if not last:
        return False
    if "v" in last and tail.endswith(AGENT_ENDINGS):
        last += "n"
    return not compatible(whole, last)


def link_stripped(prefix: str) -> str | None:
    """``prefix`` without the linking -s-/-e- it ends in (arbeids → arbeid, barne → barn),
    or ``None``: it ends in none, or what is before it is one of :data:`PARTICLES`."""
    if prefix[-1:] in LINKS and prefix[:-1] not in PARTICLES:
        return prefix[:-1]
    return None


def _whole_frequency(word: str) -> float:
    """How common ``word`` is, to weigh against its parts: its own frequency, or its
    lemma's when the word is that lemma with an ending and the lemma is more common
    (*kulturen*: *kultur*, so no *kul·turen*; *fangen*: *fange*, no *fan·gen*). An
    inflected form is split where its lemma is."""
    from navsok.lexicon import readings

    lemmas = [lemma for lemma in readings(word) or ()
              if word.startswith(lemma) and 0 < len(word) - len(lemma) <= MAX_ENDING]
    known = frequencies()
    return max([known.get(word, 0.0), *(known.get(lemma, 0.0) for lemma in lemmas)])


def _heads(prefix: str, tail: str) -> list[str]:
    """``prefix`` as a head word, without a linking -s-/-e- (arbeids → arbeid), and with
    the consonant it shares with ``tail`` doubled: three alike are written as two
    (buss·sjåfør as bussjåfør, natt·tog as nattog), unless the rest of ``tail`` is an
    inflection ending: *kopper* is *kopp* with -er, not *kopp·per*, *fjellene* no
    *fjell·lene*."""
    heads = [prefix]
    unlinked = link_stripped(prefix)
    if unlinked and len(prefix) > MIN_PART:
        heads.append(unlinked)
    if (prefix[-1] == tail[0] != prefix[-2] and prefix[-1] not in VOWELS
            and tail[1:] not in INFLECTIONS):
        heads.append(prefix + prefix[-1])
    return heads


def _word_or_compound(part: str) -> tuple[float, tuple[str, ...]]:
    """A part's frequency score and sub-parts: a known word scores its own frequency."""
    if len(part) < MIN_PART:
        return 0.0, ()
    score = frequencies().get(part, 0.0) or _twin_frequency(part)
    if not score and part.endswith(AGENT_SUFFIX):
        from navsok.lexicon import bokmal_headwords

        base = _derivation_base(part, bokmal_headwords())
        if base and len(base) > MIN_PART:
            score = max(frequencies().get(base, 0.0) - NESTED_SPLIT_COST, 0.0)
    found = _best_split(part)
    if score:
        return score, found[1] if found else ()
    if not found or any(_rare_short(sub) for sub in found[1]):
        return 0.0, ()  # a non-word made of a short, rarer piece (randør → ran·dør) is no part
    return found[0] - NESTED_SPLIT_COST, found[1]


@lru_cache(maxsize=4096)
def _twin_frequency(part: str) -> float:
    """A Nynorsk word's frequency: that of the Bokmål twin the lexicon files it under too,
    when the known spelling differences make one of the other (*tenesta*: *teneste*,
    *tjeneste*), as the frequency list is Bokmål's; 0 for any other word."""
    from navsok.lexicon import readings
    from navsok.spelling import respellings, vowel_respellings

    if len(part) < TWIN_PART or part.endswith(("ende", "ande")):  # no present participles
        return 0.0
    found = readings(part) or ()
    twins = {twin for lemma in found for twin in (*respellings(lemma), *vowel_respellings(lemma))}
    return max((frequencies().get(lemma, 0.0) for lemma in found if lemma in twins), default=0.0)


def _rare_short(part: str) -> bool:
    """A part as short as :data:`MIN_PART` that is not among the commonest words (tid, liv)."""
    return len(part) <= MIN_PART and frequencies().get(part, 0.0) < COMMON_SHORT_ZIPF
