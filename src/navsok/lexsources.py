"""Reading the sources of the lexicon :mod:`navsok.lexbuild` builds, as plain tables:
Norsk Ordbank Bokmål (``spacy-lookups-data``) and the suffix rules for the regular forms
its table leaves out, simplemma's form → lemma tables, and the Nynorsk spell-checker's
paradigms (read by :mod:`navsok.paradigms`). Each word as the analyser sees it
(:func:`clean`)."""

from __future__ import annotations

import re
from functools import lru_cache

from navsok.spelling import has_vowel, normalise


def simplemma_table(lang: str) -> dict[str, str]:
    """simplemma's own form → lemma table for ``lang`` (nb, nn)."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    return DefaultDictionaryFactory().get_dictionary(lang)


#: Regular endings Ordbank's table leaves to rules: (ending, what replaces it), per part
#: of speech. A reading is kept only when the result is a lemma of that part of speech.
RULES = {
    "noun": (("", ""), ("en", ""), ("et", ""), ("a", ""), ("a", "e"), ("er", ""), ("ene", ""),
             ("en", "e"), ("er", "e"), ("ene", "e"), ("e", ""), ("et", "e")),
    "verb": (("", ""), ("", "e"), ("r", ""), ("s", ""), ("es", "e"), ("et", "e"), ("a", "e"),
             ("te", "e"), ("t", "e"), ("vde", "ve"), ("gde", "ge"), ("dde", ""), ("dd", ""),
             ("ende", "e")),
    "adj": (("", ""), ("e", ""), ("t", ""), ("ere", ""), ("est", ""), ("este", "")),
}
#: The rule of an agent noun's plural (lærere: lærer), which makes no noun of a verb's
#: infinitive (skape is no plural of skap).
AGENT_PLURAL = ("noun", "e", "")
#: A noun's genitive -s, a rule apart: only for a word that is no lemma itself (hunds is
#: hund's; kurs is no genitive of kur). A verb's s-passive is a rule for every word (ros:
#: ro's too).
GENITIVE = ("s", "")
#: Endings of a definite singular: not cut from a word that is a lemma of the same part
#: of speech itself (planet, not plan), unlike plural endings (veier: also vei).
DEFINITE_ENDINGS = frozenset({"en", "et", "a"})
#: A rule never leads to a lemma shorter than this (open is no form of op).
MIN_RULE_LEMMA = 2
#: Only m doubles before an ending where the lemma has one (program, programmet; ungdom,
#: ungdommen); other doubled consonants are the lemma's own (ørret is no form of ør).
_DOUBLED = re.compile(r"(m)\1$")
_PLAIN = re.compile(r"[a-zæøå]+")


def simplemma_forms(lang: str) -> dict[str, str]:
    """simplemma's form → lemma table for ``lang``, lower-case entries only (its
    capitalised entries are mostly names and would overwrite the word: Set → sjå)."""
    return {
        clean(form): clean(lemma)
        for form, lemma in simplemma_table(lang).items()
        if form.islower()
    }


def clean(word: str) -> str:
    """A dictionary word as the analyser sees it (normalised), or "" for a phrase,
    abbreviation or number."""
    if _PLAIN.fullmatch(word):
        return word
    word = normalise(word.lower())
    return word if word.isalpha() else ""


def rule_lemmas(form: str, rules: dict[str, list[tuple[str, set[str]]]]):
    """The lemmas ``form`` reaches by a rule: an ending replaced, and a doubled consonant
    the cut leaves undoubled (programmet → program, but vannet stays vann); ``rules`` maps
    an ending to (replacement, the lemmas of a part of speech) pairs. An ending is never
    the word's only vowel: a word of one syllable is no regular form (sta is no form of
    ste, bra of bre, gret of gre, trene of tre; ser is se's by its -r)."""
    for cut in range(0, min(len(form) - 1, 5)):
        ending = form[len(form) - cut :] if cut else ""
        stem = form[: len(form) - cut]
        if cut and not has_vowel(stem):
            break  # a longer ending leaves no vowel either
        for replacement, lemmas in rules.get(ending, ()):
            if ending in DEFINITE_ENDINGS and form in lemmas:
                continue  # planet is the planet, not the level (et plan, planet)
            candidate = stem + replacement
            if candidate not in lemmas and cut and not replacement:
                candidate = _DOUBLED.sub(r"\1", stem)
            if candidate in lemmas and len(candidate) >= MIN_RULE_LEMMA:
                yield candidate


def definite_form(form: str, lemma: str) -> bool:
    """True when ``form`` reads as ``lemma`` with a definite singular ending (plan·et)."""
    return form.startswith(lemma) and form[len(lemma) :] in DEFINITE_ENDINGS


@lru_cache(maxsize=1)
def ordbank() -> dict[str, dict[str, list[str]]]:
    """Norsk Ordbank Bokmål's full forms per part of speech, from spacy-lookups-data: read
    once for the lexicon and its parts of speech (:func:`navsok.lexicon.load` lets it go)."""
    import gzip
    import json
    from importlib.resources import files

    raw = (files("spacy_lookups_data") / "data" / "nb_lemma_exc.json.gz").read_bytes()
    tables = {}
    for pos, forms in json.loads(gzip.decompress(raw)).items():
        cleaned: dict[str, list[str]] = {}
        for form, lemmas in forms.items():
            form = clean(form)
            if form:
                cleaned.setdefault(form, []).extend(
                    lemma for lemma in map(clean, lemmas) if lemma
                )
        tables[pos] = cleaned
    return tables


def hunspell_nynorsk(*pos: str) -> list[tuple[str, frozenset[str]]]:
    """(headword, its forms) of the Nynorsk spell-checker dictionary (of the parts of
    speech ``pos``, or all), each part of speech of an entry expanded by that part of
    speech's inflection flags only (see :mod:`navsok.paradigms`, which reads it for the
    conflation report too)."""
    from navsok.paradigms import source_table

    tables = source_table("hunspell-nn")
    return [item for name in (pos or tables) for item in tables.get(name, {}).items()]
