"""The Nynorsk strong verbs' table (data/strong_verbs_nn.txt) and the verbs with a prefix
that inflect as its verbs; the families a search finds are in data/word_families.txt."""

from navsok import strongverbs


def nynorsk_words() -> set[str]:
    """Every word the lexicon's Nynorsk sources list: the spell-checker's entries and their
    inflections, and simplemma's forms and lemmas."""
    from navsok.lexbuild import _simplemma_forms
    from navsok.paradigms import hunspell_entries, source_table

    words = {word for word, _ in hunspell_entries("nn_NO")[1]}
    for table in source_table("hunspell-nn").values():
        for forms in table.values():
            words |= forms
    simplemma = _simplemma_forms("nn")
    return words | set(simplemma) | set(simplemma.values())


def test_every_form_of_the_table_is_a_nynorsk_word():
    words = nynorsk_words()
    unknown = [form for parts in strongverbs.principal_parts() for form in parts
               if form not in words]
    assert unknown == []


def test_a_participle_has_its_masculine_and_plural():
    assert strongverbs.participle_forms("frose") == ["frose", "frosen", "frosne"]
    assert strongverbs.participle_forms("funne") == ["funne", "funnen", "funne"]
    assert strongverbs.participle_forms("gått") == ["gått"]


def forms_of(verbs: set[str], known: set[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for form, verb in strongverbs.verb_forms(verbs, known):
        found.setdefault(verb, set()).add(form)
    return found


def test_a_verb_with_a_prefix_inflects_as_its_strong_verb():
    known = {"skriven", "beskriven", "frosen", "barbar", "bevart", "bom", "bombede"}
    found = forms_of({"beskrive", "barbere", "beverte", "bombe"}, known)
    assert {"beskriv", "beskreiv", "beskrive", "beskriven"} <= found["beskrive"]
    assert {"fryse", "frys", "fraus", "frose", "frosen"} <= found["fryse"]
    # Not a strong verb with a prefix: a loan in -ere, a weak-looking past, a short verb.
    assert "barbere" not in found and "beverte" not in found and "bombe" not in found


def test_a_participle_form_the_dictionary_lacks_is_not_made_up():
    found = forms_of(set(), known=set())
    assert "frose" in found["fryse"] and "frosen" not in found["fryse"]
