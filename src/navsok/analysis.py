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
    Token,
    Tokenizer,
)
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.norwegian import NorwegianStemmer

#: Bump when the terms the analyser produces change: old indexes must then be rebuilt.
ANALYSER_VERSION = 6

#: Words, numbers with decimal or thousands separators (2,5 / 1.000), and nothing else.
#: Hyphenated words (NAV-kontorene) become their parts, so both parts are searchable.
TOKEN_PATTERN = r"\w+(?:[.,]\d+)*"

_DOUBLE_FINAL_CONSONANT = re.compile(r"([bdfgklmnprstv])\1$")
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


@lru_cache(maxsize=1)
def bokmal_headwords() -> frozenset[str]:
    """Every dictionary form in simplemma's Bokmål table (about 140,000 words), derived
    once from its 640,000-entry form→lemma table and then read from the disk cache."""
    import simplemma

    from navsok.wordcache import cached_lines

    def derive():
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory

        table = DefaultDictionaryFactory().get_dictionary("nb")
        return sorted({lemma.lower() for lemma in table.values()})

    return frozenset(cached_lines("headwords-nb", f"simplemma {simplemma.__version__}", derive))


def lemma(word: str) -> str:
    """The dictionary form of ``word`` (Bokmål first, then Nynorsk), or ``word`` itself.

    A word that is itself a Bokmål headword stays as it is: the tables also map some
    nouns to an unrelated verb (vann → vinne, planet → plan). A Nynorsk word that starts
    with a Nynorsk spelling of a common Bokmål word (sjukepengar, bustøtte) takes the
    Bokmål headword it then spells (sykepenger, bostøtte). The one place lemmas are
    looked up, so the lookup can be swapped for a faster one.
    """
    found = _dictionary_lemma(word)
    for form in (word, found):
        for nynorsk, bokmal in NYNORSK_WORDS:
            if form.startswith(nynorsk):
                respelt = bokmal + form[len(nynorsk) :]
                for candidate in (_dictionary_lemma(respelt), _bokmal_spelling(respelt)):
                    if candidate in bokmal_headwords():
                        return candidate
    return found


#: Nynorsk (and radical Bokmål) spellings of common words, also as the first part of a
#: compound: sjukepengar → sykepenger, heime → hjemme. Taken only when the result is a
#: Bokmål dictionary word (heimdal stays heimdal).
NYNORSK_WORDS = tuple(
    tuple(pair.split("/"))
    for pair in (
        "sjuk/syk heime/hjemme heim/hjem utan/uten skule/skole auke/øke meir/mer heile/hele "
        "saman/sammen søkj/søk fleire/flere mjølk/melk kyrkje/kirke framleis/fremdeles "
        "veg/vei bustøtte/bostøtte bustad/bosted"
    ).split()
)


def _dictionary_lemma(word: str) -> str:
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
            return _dictionary_lemma(base)
    return _bokmal_spelling(word)


#: Nynorsk spellings of Bokmål endings: brukar → bruker, ledigheit → ledighet,
#: arbeidsløyse → arbeidsløshet.
_NYNORSK_ENDINGS = (
    ("heita", "het"), ("heite", "het"), ("heit", "het"), ("løyse", "løshet"), ("ar", "er")
)


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
    known = _stem_table.get(word) if _stem_table else None
    if known is not None:
        return known[0]
    base = lemma(word)
    stemmed = _snowball(base)
    if base in bokmal_headwords():
        if base[len(stemmed) :] not in _SNOWBALL_CUTS_FOR_HEADWORDS:
            return base
        return stemmed  # no undoubling: vann, vanne stay apart from vane
    return _DOUBLE_FINAL_CONSONANT.sub(r"\1", stemmed)


@lru_cache(maxsize=500_000)
def compound_part_terms(word: str) -> tuple[str, ...]:
    """The index terms of the parts of a normalised, lower-cased compound, else ``()``.

    arbeidsmarkedet → (arbeid, marked): the dictionary form is split (see
    :mod:`navsok.compounds`) and each part is stemmed like any other word.
    """
    from navsok.compounds import split_compound

    if not word.isalpha():
        return ()
    known = _stem_table.get(word) if _stem_table else None
    if known is not None:
        return known[1]
    whole = stem(word)
    found = (stem(part) for part in split_compound(lemma(word)))
    return tuple(dict.fromkeys(term for term in found if term != whole))


def surface_part_terms(surface: str) -> tuple[str, ...]:
    """:func:`compound_part_terms` of a word as written in the text (``Arbeidsmarkedet``)."""
    return compound_part_terms(normalise(surface.lower()))


#: The stem table of the index being searched (see :mod:`navsok.stemtable`), if any.
_stem_table = None
_LETTERS = re.compile(r"[^\W\d_]+")  # the words stem() does more than return as they are


def use_stem_table(index_dir) -> None:
    """Let :func:`stem` and :func:`compound_part_terms` look words up in the stem table of
    the index at ``index_dir`` before they load the lemmatiser (a query's cold start: see
    :mod:`navsok.stemtable`)."""
    from navsok.stemtable import StemTable, table_path

    global _stem_table
    _stem_table = StemTable(table_path(index_dir, ANALYSER_VERSION))


def save_stem_table(index_dir, words) -> int:
    """Add the stems and compound parts of ``words`` (from :func:`words_of`) to the stem
    table of the index at ``index_dir``; returns how many words were new."""
    from navsok.stemtable import add_words, table_path

    normalised = {normalise(word) for word in words}
    return add_words(
        table_path(index_dir, ANALYSER_VERSION),
        (word for word in normalised if word.isalpha() and word not in STOPWORDS),
        lambda word: (stem(word), compound_part_terms(word)),
    )


def load_tables() -> None:
    """Load the lemmatiser's Bokmål and Nynorsk tables, the headwords and the compound
    lexicon now. A parallel index run calls this before it starts its workers: forked,
    they share the tables (about 100 MB) instead of each loading its own copy."""
    import simplemma

    from navsok.compounds import lexicon

    for lang in ("nb", "nn"):
        simplemma.lemmatize("ord", lang=lang)
    bokmal_headwords()
    lexicon()


def words_of(text: str) -> set[str]:
    """The distinct lower-cased words of ``text``; fast, for :func:`save_stem_table`."""
    return set(_LETTERS.findall(text.lower()))


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


#: Snowball's Norwegian list, plus the Nynorsk twins of its Bokmål words that it lacks
#: (utan for uten, berre for bare, frå for fra, meir for mer), so phrases meet across forms.
STOPWORDS = frozenset(normalise(w) for w in stopwords_for_language("no")) | {
    "utan", "berre", "frå", "meir"
}


def norwegian_analyzer():
    """navsok's analyser for body and title text."""
    return _normalised_words() | NorwegianStemFilter()


def _normalised_words():
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | NormaliseFilter()
        | StopFilter(stoplist=STOPWORDS, minsize=1)
    )


def compound_parts_analyzer():
    """For the field of compound parts, searched beside title and body with a lower boost."""
    return CompoundPartsAnalyzer()


class CompoundPartsAnalyzer(Tokenizer):
    """The compound-parts field's analyser: each compound becomes the terms of its parts
    (arbeidsmarkedet → arbeid, marked), simple words nothing; a query word is stemmed like
    in title and body, so ``marked`` finds the compounds that contain it.

    Indexing is one pass over the text (the field reads all of title and body again), the
    query side is the ordinary chain.
    """

    _word = re.compile(TOKEN_PATTERN)

    def __init__(self):
        self._query_chain = _normalised_words() | NorwegianStemFilter()

    def __call__(self, value, positions=False, chars=False, mode="", start_pos=0, start_char=0,
                 **kwargs):
        if mode == "query":
            yield from self._query_chain(
                value, positions=positions, chars=chars, mode=mode, start_pos=start_pos,
                start_char=start_char, **kwargs
            )
            return
        token = Token(positions, chars, mode=mode, **kwargs)
        pos = start_pos
        for match in self._word.finditer(value):
            word = normalise(match.group().lower())
            if word in STOPWORDS:
                continue
            for term in compound_part_terms(word):
                token.text, token.stopped, token.boost = term, False, 1.0
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + match.start()
                    token.endchar = start_char + match.end()
                yield token
            pos += 1


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
