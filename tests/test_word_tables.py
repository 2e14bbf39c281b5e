"""The closed classes' tables (data/strong_verbs_nb.txt, data/strong_verbs_nn.txt,
data/irregular_forms.txt) and the verbs with a prefix that inflect as a strong verb;
the families a search finds are in data/word_families.txt."""

from functools import lru_cache

import pytest

from navsok import strongverbs


@lru_cache(maxsize=1)
def nynorsk_words() -> frozenset[str]:
    """Every word the lexicon's Nynorsk sources list: the spell-checker's entries and their
    inflections, and simplemma's forms and lemmas."""
    from navsok.paradigms import source_table
    from navsok.spellcheckers import hunspell_entries

    words = {word for word, _ in hunspell_entries("nn_NO")[1]}
    for table in source_table("hunspell-nn").values():
        for forms in table.values():
            words |= forms
    return frozenset(words | simplemma_words("nn"))


@lru_cache(maxsize=1)
def bokmal_words() -> frozenset[str]:
    """Every word the lexicon's Bokmål sources list: Ordbank's forms and lemmas, and
    simplemma's."""
    from navsok.lexsources import ordbank

    words: set[str] = set()
    for forms in ordbank().values():
        words |= set(forms)
        words |= {lemma for lemmas in forms.values() for lemma in lemmas}
    return frozenset(words | simplemma_words("nb"))


def simplemma_words(lang: str) -> set[str]:
    from navsok.lexsources import simplemma_forms

    forms = simplemma_forms(lang)
    return set(forms) | set(forms.values())


@pytest.mark.parametrize("standard, words", [("nb", bokmal_words), ("nn", nynorsk_words)])
def test_every_form_of_a_table_is_a_word_of_its_standard(standard, words):
    known = words()
    unknown = [form for parts in strongverbs.principal_parts(standard) for form in parts
               if form not in known]
    assert unknown == []


def test_every_irregular_form_is_a_word():
    from navsok import datafiles

    known = bokmal_words() | nynorsk_words()
    unknown = [form for row in datafiles.rows("irregular_forms.txt") for form in row
               if form not in known]
    assert unknown == []


def test_a_participle_has_its_masculine_and_plural():
    assert strongverbs.participle_forms("frose") == ["frose", "frosen", "frosne"]
    assert strongverbs.participle_forms("funne") == ["funne", "funnen", "funne"]
    assert strongverbs.participle_forms("gått") == ["gått"]
    assert strongverbs.participle_forms("falle") == ["falle", "fallen", "falne"]
    assert strongverbs.participle_forms("drukke") == ["drukke", "drukken", "drukne"]
    assert strongverbs.adjective_forms("brukket") == ["brukken", "brukne"]  # Bokmål
    assert strongverbs.adjective_forms("frose") == ["frosen", "frosne"]  # Nynorsk
    assert strongverbs.participle_forms("lagt") == ["lagt", "lagd", "lagde"]


def forms_of(verbs: set[str], known: set[str], pastless=frozenset()) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for verb, _, forms in strongverbs.verb_paradigms(verbs, known, pastless):
        found.setdefault(verb, set()).update(forms)
    return found


def test_a_verb_with_a_prefix_inflects_as_its_strong_verb():
    known = {"skriven", "beskriven", "beskrev", "frosen", "barbar", "bevart", "bom",
             "bombede", "silo", "si"}
    found = forms_of({"beskrive", "barbere", "beverte", "bombe", "sile"}, known)
    beskrive = {"beskriv", "beskreiv", "beskrive", "beskriven", "beskrev", "beskrevet"}
    assert beskrive <= found["beskrive"]
    assert {"fryse", "frys", "fraus", "frose", "frosen", "frøs", "frosset"} <= found["fryse"]
    # Not a strong verb with a prefix: a loan in -ere, a weak verb's past or participle,
    # a short past (silo is a noun).
    assert not {"barbere", "beverte", "bombe", "sile"} & set(found)


def test_a_short_past_and_a_tt_participle_tell_a_prefix_together_not_alone():
    known = {"an", "ro", "hund", "over", "anså", "ansett", "rosett", "hundsett", "overså"}
    found = forms_of({"anse", "rose", "hundse", "overse"}, known)
    assert {"anse", "ansett", "anså"} <= found["anse"]
    assert "rose" not in found and "hundse" not in found  # rosett is a noun, hundsett weak
    assert "overse" not in found  # overså alone: a past of two letters tells nothing


def test_a_weak_participle_with_its_past_tells_a_prefix_and_brings_its_d_forms():
    known = {"kart", "kartla", "kartlagt", "lagd", "lagde", "hand", "handlagt"}
    found = forms_of({"kartleggje", "handleggje"}, known)
    assert {"kartleggje", "kartla", "kartlagt", "kartlagd", "kartlagde"} <= found["kartleggje"]
    assert "handleggje" not in found  # handlagt alone: made by hand (lage), no past with it


def test_a_verb_with_no_past_of_its_own_inflects_as_the_long_verb_it_ends_in():
    verbs = {"synleggjere", "vantrive", "regjere"}
    found = forms_of(verbs, known={"synleg", "vant", "re"}, pastless={"synleggjere", "vantrive"})
    assert {"synleggjer", "synleggjorde", "synleggjort"} <= found["synleggjere"]
    assert "vantrive" not in found  # rive is short: van·trive, not vant·rive
    assert "regjere" not in found  # a loan with its own past (regjerte)


def test_a_strong_participle_has_every_form_a_weak_one_only_those_the_dictionary_knows():
    found = forms_of(set(), known=set())
    assert {"frose", "frosen", "frosne"} <= found["fryse"]  # older ones the sources lack too
    assert "tort" in found["tore"] and "tord" not in found["tore"]  # Tord is a name
    assert "lagd" in forms_of(set(), known={"lagd"})["leggje"]
    assert "fald" not in forms_of(set(), known={"fald"})["falle"]  # Bokmål writes falt only
