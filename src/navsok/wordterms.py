"""What a word is indexed and searched under: the terms of one normalised, lower-cased word.

A word the lexicon knows (:mod:`navsok.lexicon`, Bokmål and Nynorsk full forms) is indexed
under *every* lemma it can be a form of (``stasjoner``: ``stasjon`` and ``stasjonere``); a
query for a dictionary form searches its own lemma, an inflected form all its readings,
and a known query word also its marked stem. A word the lexicon does not know is stemmed
with Snowball (:mod:`navsok.stems`), the stem marked ``~``, and a compound of known words is also
read by its head's lemmas (polititenestemenn → polititenestemann; so is a rare known word
when its head gives a lemma the lexicon lacks), any other word by the
lemmas its ending suggests (:mod:`navsok.endings`, marked too: *zorbskreiv* → ``~zorbskrive``),
which every query word searches as itself (``~zorbskrive``). The stem table beside an
index (:mod:`navsok.stemtable`) keeps each indexed word's terms, so a cold query loads no
lexicon. :mod:`navsok.analysis` puts these terms into Whoosh's analysis chain.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from navsok import compounds, heads, stems
from navsok.compounds import MAX_LETTERS
from navsok.heads import head_lemmas, known_head
from navsok.spelling import STOPWORDS, VOWELS, normalise
from navsok.stems import STEM_MARK, stem

#: Bump when the terms the analyser produces change: old indexes must then be rebuilt.
ANALYSER_VERSION = 96

#: Endings read off a word the lexicon does not know when the rest is a known word: a
#: genitive -s (NAVs, miljøs) and an adjective's neuter -t (Nynorsk vanlegt, billegt).
UNKNOWN_ENDINGS = frozenset("st")


def readings(word: str) -> tuple[str, ...]:
    """Every lemma a normalised, lower-cased word can be a form of, all indexed at its
    position: a known word's lemmas (:func:`navsok.lexicon.readings`), the word's own
    first, and the lemmas its ending suggests that the lexicon has no headword for
    (marked with :data:`STEM_MARK`); an unknown word's Snowball stem (marked, a doubled
    final consonant undoubled) and the lemmas its ending suggests (marked). Numbers stay
    as they are.

    A word the lexicon does not know as written is looked up as a genitive -s or neuter
    -t of a known word (NAVs, miljøs, vanlegt) and as the Nynorsk spelling of a known
    Bokmål word (ledigheita, utanfor) first.
    """
    return _entry(word)[1]


def query_terms(word: str) -> tuple[str, ...]:
    """What a query word searches: a dictionary form its own lemma and spellings only
    (bruker: the noun, not the verb bruke), an inflected form all its readings
    (stasjoner: stasjon and stasjonere), an unknown word its stem, the lemmas its ending
    suggests and itself, also unmarked: the lemma its forms get when they are read as
    compounds by a head too short to read it by (*framgå*, whose *framgikk* is read as
    *fram·gikk*)."""
    return _entry(word)[0]


def part_query_terms(word: str) -> tuple[str, ...]:
    """What a query word searches among compound parts (:func:`compound_part_terms`): as a
    part is read (:func:`_part_terms`), but only the lemmas of at least
    :data:`MIN_PART_LEMMA` letters it begins with (*jobber* meets *jobbsøker*, *tanker*
    *tankegang*, *penger* *pengeoverføring*). Not its other readings: *bilde*, a form of
    the verb *bile*, does not meet *biljakt*, nor *hatt* (of *ha*) *barnehave*."""
    return _part_terms(word, MIN_PART_LEMMA)


#: The shortest lemma a query word's search among compound parts takes from the word's
#: beginning (*ha* of *hatt*, *god* of *gode*: too short to tell a stem from a beginning).
MIN_PART_LEMMA = 4


def index_terms(word: str) -> tuple[str, ...]:
    """What a word in a text is indexed under: its :func:`readings`. (Indexing a known
    word's stem beside them, so that an unknown query word also finds known words with
    its stem, cost half as much indexing time again: left out.)"""
    return readings(word)


def stem_reading(word: str) -> tuple[str, ...]:
    """What a query word the lexicon knows searches besides its lemmas: its marked stem,
    the term an *unknown* form of it is indexed under (Nynorsk ``vidareførast``, a form
    the lexicon lacks, meets ``vidareføre``), and itself marked, the lemma an unknown
    form's ending may suggest (:mod:`navsok.endings`); ``()`` for an unknown word (its
    query terms hold both already) and for a number. Known words carry a marked term
    only for a lemma the lexicon has no headword for, so these seldom meet one. A stem of
    fewer than :data:`MIN_STEM_READING` letters is left out."""
    if not is_known(word):
        return ()
    found = stem(word)
    terms = (STEM_MARK + found,) if len(found) >= MIN_STEM_READING else ()
    return terms if found == word else terms + (STEM_MARK + word,)


#: A known word's stem shorter than this is not searched (ørret's *ør*: too little of it).
MIN_STEM_READING = 3


def is_known(word: str) -> bool:
    """True when the lexicon (not the stemmer) gave ``word`` its terms."""
    return _entry(word)[2]


@lru_cache(maxsize=500_000)
def _entry(word: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(query terms, readings, known) of a word: from the stem table when the index has
    it, else from the common words' table, else from the lexicon (the one cache of
    :func:`readings`, :func:`query_terms` and :func:`is_known`)."""
    if not word.isalpha():
        return (word,), (word,), False
    known = _cached_entry(word)
    if known is not None:
        return known[0], known[1], known[3]
    return _lexicon_entry(word)


def _cached_entry(word: str):
    """A word's entry from the stem table of the index being searched, else from the
    common words' table of an index run (:mod:`navsok.commonwords`), else ``None``."""
    known = _stem_table.get(word) if _stem_table else None
    if known is None and _common_words is not None:
        known = _common_words.get(word)
    return known


def _lexicon_entry(word: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    from navsok.lexicon import own_readings
    from navsok.lexicon import readings as lexicon_readings
    from navsok.spelling import older_respellings, respellings

    numerals = numeral_spelling(word)
    if numerals is not None:  # tyvefemparts: as tjuefemparts
        return _entry(numerals)
    stripped = [word, word[:-1]] if len(word) > 3 and word[-1] in UNKNOWN_ENDINGS else [word]
    # An older Nynorsk ending read as today's (tilleggi: tillegga) before a respelling
    # towards Bokmål, which is a guess (tilleggi as tilliggi, of tilligge).
    candidates = [*stripped, *(older for form in stripped for older in older_respellings(form)),
                  *respellings(word)]
    for candidate in candidates:
        found = lexicon_readings(candidate)
        if found:
            from navsok.endings import guesses

            own, guessed = own_readings(candidate), guesses(word, known=True)
            return (own + vowel_twins(candidate, own) + _itself_as_lemma(word, own, guessed),
                    found + head_lemmas(word, found) + _other_guesses(word, found, guessed),
                    True)
    stemmed = (STEM_MARK + stem(word),)
    if len(word) > MAX_LETTERS:  # no word (a pasted hash, a garbled file): only its stem
        return stemmed, stemmed, False
    itself = (STEM_MARK + word,)
    alike = stem_lemmas(word)
    head = known_head(word)
    from navsok.endings import guesses

    if head is not None:
        start, own, found = head
        prefix = word[:start]
        lemmas = tuple(prefix + lemma for lemma in found)
        guessed = tuple(STEM_MARK + lemma for lemma in guesses(word) if lemma not in lemmas)
        own_terms = tuple(prefix + lemma for lemma in own) + stemmed + itself + alike
        return (tuple(dict.fromkeys(own_terms)),
                tuple(dict.fromkeys(lemmas + stemmed + guessed)), False)
    guessed = tuple(dict.fromkeys(stemmed + tuple(STEM_MARK + lemma for lemma in guesses(word))))
    return tuple(dict.fromkeys(guessed + itself + (word,) + alike)), guessed, False


@lru_cache(maxsize=100_000)
def numeral_spelling(word: str) -> str | None:
    """A word the lexicon lacks that starts with a numeral spelt another way (*tyve*,
    *søtti*, *tri*) as it is written with today's numerals (:func:`navsok.numerals.today`:
    *tyvefemparts* as *tjuefemparts*), else ``None``."""
    from navsok.lexicon import readings as lexicon_readings
    from navsok.numerals import today

    return None if lexicon_readings(word) else today(word, lexicon_readings)


def _itself_as_lemma(word: str, own: tuple[str, ...], guessed: tuple[str, ...]) -> tuple[str, ...]:
    """A known query word that is no headword of the lexicon but looks like one (its
    ending says so, or it is a known word before a headword): itself, the lemma an unknown
    compound's head may give its forms (the lexicon knows *avvike* only as a form of
    *avvik*, *fratrekke* of *fratrekk*; *avvek* is read as *av·vike*, *fratrakk* as
    *fra·trekke*); ``guessed`` is what its ending suggests."""
    if word in own:
        return ()
    head = known_head(word)
    if head is not None and word[head[0]:] in head[1]:
        return (word,)
    return (word,) if word in guessed else ()


def _other_guesses(word: str, found: tuple[str, ...], guessed: tuple[str, ...]) -> tuple[str, ...]:
    """The lemmas a known word's ending suggests that are none of its readings and no
    headword of the lexicon (a lexicon that knows the headword would file the word under
    it): a form of a word the lexicon lacks that is also another word's form (*bildet*,
    a form of *bile*, when *bilde* is missing) still meets its own word."""
    from navsok.lexicon import readings as lexicon_readings

    def is_headword(lemma: str) -> bool:
        known = lexicon_readings(lemma)
        return known is not None and lemma in known

    return tuple(STEM_MARK + lemma for lemma in guessed
                 if lemma != word and lemma not in found and not is_headword(lemma))


#: An unknown query word searches the known lemmas that share its stem, if at most this many.
MAX_STEM_LEMMAS = 8


def stem_lemmas(word: str) -> tuple[str, ...]:
    """What an unknown query word searches besides its stem: the known lemmas with the same
    stem (a word the lexicon lacks may have forms it knows under a lemma of another
    dictionary's convention: *baule* meets *baula*, filed under simplemma's *baul*); none
    when more than :data:`MAX_STEM_LEMMAS` share the stem (*hel*: *hele*, *helse*,
    *hellig*, …) or the stem is under :data:`MIN_STEM_READING` letters."""
    found = stem(word)
    if len(found) < MIN_STEM_READING:
        return ()
    alike = _lemmas_by_stem().get(found, (0,))[1:]
    return alike if len(alike) <= MAX_STEM_LEMMAS else ()


def vowel_twins(word: str, own: tuple[str, ...]) -> tuple[str, ...]:
    """What a known query word searches besides its own lemmas: the known lemmas of its
    stem (:func:`stem_lemmas`) that differ from it, or from one of ``own``, only in the
    final vowel: one word in another dictionary's convention (Nynorsk *arrangera* for
    *arrangere*, whose forms the lexicon may file under either), never another word that
    merely shares the stem (*lærer*, *lære*)."""
    spellings = (word, *own)
    return tuple(
        lemma for lemma in stem_lemmas(word)
        if lemma not in spellings and lemma[-1] in VOWELS
        and any(other[-1] in VOWELS and other[:-1] == lemma[:-1] for other in spellings)
    )


@lru_cache(maxsize=1)
def _lemmas_by_stem():
    from navsok.lexicon import lemmas_by

    return lemmas_by("stems", ANALYSER_VERSION, stem)


@lru_cache(maxsize=500_000)
def compound_part_terms(word: str) -> tuple[str, ...]:
    """The index terms of the parts of a normalised, lower-cased compound, else ``()``.

    arbeidsmarkedet → (arbeid, marked, …): its lemma is split (see
    :mod:`navsok.compounds`), the last part read like any other word (every reading), a
    part before it as a compound writes it (:func:`_part_terms`).
    """
    if not word.isalpha():
        return ()
    known = _cached_entry(word)
    if known is not None:
        return known[2]
    numerals = numeral_spelling(word)
    if numerals is not None:
        return compound_part_terms(numerals)
    from navsok.compounds import split_compound

    whole = readings(word)
    base = word if whole[0].startswith(STEM_MARK) else whole[0]  # a lemma: the word's or its head's
    parts = split_compound(base)
    found = (term for part in parts[:-1] for term in _part_terms(part))
    found = itertools.chain(found, _last_part_terms(word, parts[-1]) if parts else ())
    return tuple(dict.fromkeys(term for term in found if term not in whole))


def _last_part_terms(word: str, part: str) -> tuple[str, ...]:
    """The readings of a compound's last part, of the compound's part of speech where the
    lexicon knows both (*grunnlag*, a noun, ends in the noun *lag*, not the verb *lage*;
    *ovnsdøren* in *dør*, not *dø*); all when none is (*konfliktløser*: the noun *løser*
    the sources lack) or the compound is unknown."""
    from navsok.lexicon import compatible, lemma_parts_of_speech, word_parts_of_speech

    found = readings(part)
    whole = word_parts_of_speech(word)
    if not whole:
        return found
    kept = tuple(lemma for lemma in found
                 if not (speech := lemma_parts_of_speech(lemma)) or compatible(whole, speech))
    return kept or found


def _part_terms(part: str, shortest: int = 1) -> tuple[str, ...]:
    """The terms of a part before a compound's last: a known part's own lemmas and the
    lemmas of ``shortest`` letters or more it begins with (*syke-*: *syk*), not its other
    readings (the *bil* of *biljakt* is no imperative of *bile*, the *vann* of *vannskade*
    no past of *vinne*: a part before the head is written as a headword, maybe with a
    linking letter, while the last part of an unknown compound is inflected and keeps
    every reading); an unknown part's readings (its marked stems and guesses)."""
    if not is_known(part):
        return readings(part)
    own = query_terms(part)
    return own + tuple(lemma for lemma in readings(part) if lemma not in own
                       and len(lemma) >= shortest and part.startswith(lemma))


def surface_part_terms(surface: str) -> tuple[str, ...]:
    """:func:`compound_part_terms` of a word as written in the text (``Arbeidsmarkedet``)."""
    return compound_part_terms(normalise(surface.lower()))


#: The stem table of the index being searched (see :mod:`navsok.stemtable`), if any.
_stem_table = None
#: The common words' entries, once an index run has loaded them (:func:`load_tables`).
_common_words = None
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
        describe,
    )


def describe(word: str) -> tuple:
    """What the stem table and the common words' table keep of a normalised word: its
    query terms, readings, compound parts' terms and whether the lexicon knows it."""
    query, found, known = _entry(word)
    return query, found, compound_part_terms(word), known


def load_tables() -> None:
    """Load the lexicon, the headwords and the compound lexicon now. A parallel index run
    calls this before it starts its workers: forked, they share the tables instead of
    each loading its own copy."""
    from navsok import endings, lexicon
    from navsok.compounds import frequencies

    lexicon.load()
    frequencies()
    stems.load()
    _lemmas_by_stem()
    endings.load()
    global _common_words
    if _common_words is None:
        from navsok import commonwords

        found = commonwords.load((ANALYSER_VERSION, endings.VERSION, compounds.FREQUENCIES_VERSION),
                                 describe)
        forget_words()  # the words analysed for the table: the table has them now
        _common_words = found


def words_of(text: str) -> set[str]:
    """The distinct lower-cased words of ``text``; fast, for :func:`save_stem_table`."""
    return set(_LETTERS.findall(text.lower()))


def forget_words() -> None:
    """Empty the per-word caches of this module, compound heads and splits and spelling
    (the tables stay): see ``analysis.forget_words``."""
    for cached in (_entry, stem, compound_part_terms, normalise, numeral_spelling):
        cached.cache_clear()
    heads.forget_words()
    compounds.forget_words()
