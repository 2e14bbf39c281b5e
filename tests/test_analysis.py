"""The Norwegian analyser, checked against word lists in tests/data (one case per line)."""

from pathlib import Path

import pytest

from navsok.analysis import normalise, snowball_analyzer, surface_part_terms, terms

DATA = Path(__file__).parent / "data"


def word_lines(name: str) -> list[str]:
    lines = (DATA / name).read_text("utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("family", word_lines("word_families.txt"))
def test_word_family_meets_one_term(family):
    assert len(set(terms(family))) == 1, terms(family)


@pytest.mark.parametrize("pair", word_lines("distinct_words.txt"))
def test_unrelated_words_stay_apart(pair):
    first, second = terms(pair)
    assert first != second


def test_plain_snowball_splits_the_definite_form_that_navsok_joins():
    # The reason navsok has its own chain: Snowball leaves "…programm" for the definite form.
    assert len(set(terms("kvalifiseringsprogram kvalifiseringsprogrammet", snowball_analyzer()))) == 2
    assert len(set(terms("kvalifiseringsprogram kvalifiseringsprogrammet"))) == 1


def test_norwegian_letters_survive_every_step():
    assert terms("Gjøvik Ørland Ærfugl Åsen") == ["gjøvik", "ørland", "ærfugl", "ås"]


@pytest.mark.parametrize(
    "word, expected",
    [("aasen", "åsen"), ("björn", "bjørn"), ("mäkinen", "mækinen"), ("kafé", "kafe"), ("søknad", "søknad")],
)
def test_normalise_folds_variants_onto_norwegian_spelling(word, expected):
    assert normalise(word) == expected


def test_stopwords_are_dropped_and_numbers_kept():
    assert terms("det er 2,5 prosent og 1.000 kroner i 2010") == ["2,5", "prosent", "1.000", "kron", "2010"]


def test_hyphenated_words_are_searchable_by_each_part():
    assert terms("NAV-kontorene") == ["nav", "kontor"]


def test_analyser_keeps_character_offsets_of_the_original_words():
    from navsok.analysis import norwegian_analyzer

    text = "Arbeidet med kvalifiseringsprogrammet"
    tokens = [(t.text, text[t.startchar : t.endchar]) for t in norwegian_analyzer()(text, chars=True)]
    assert tokens == [("arbeid", "Arbeidet"), ("kvalifiseringsprogram", "kvalifiseringsprogrammet")]


@pytest.mark.parametrize("line", word_lines("compounds.txt"))
def test_compound_is_indexed_under_the_terms_of_its_parts(line):
    compound, parts = line.split(":")
    assert set(surface_part_terms(compound.strip())) == set(terms(parts)), surface_part_terms(compound)


@pytest.mark.parametrize("word", word_lines("not_compounds.txt"))
def test_simple_word_is_not_split(word):
    assert surface_part_terms(word) == ()


def test_compound_parts_field_holds_parts_only_and_keeps_offsets():
    from navsok.analysis import compound_parts_analyzer

    text = "Arbeidsmarkedet og politikken"
    tokens = [(t.text, text[t.startchar : t.endchar]) for t in compound_parts_analyzer()(text, chars=True)]
    assert tokens == [("arbeid", "Arbeidsmarkedet"), ("marked", "Arbeidsmarkedet")]
    # A query word is only stemmed, never split: "marked" looks for the part "marked".
    assert [t.text for t in compound_parts_analyzer()("markedet", mode="query")] == ["marked"]


def test_nynorsk_twins_of_stopwords_are_stopwords_too():
    assert terms("ungdom utan jobb") == terms("ungdom uten jobb") == ["ungdom", "jobb"]
