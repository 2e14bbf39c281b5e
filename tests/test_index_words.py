"""An index run reads each word's terms in one pass (``index_words``), not token by token
through Whoosh's chain: it must index exactly what the chain gives, or a query (which
goes through the chain) would miss words or score them otherwise."""

from pathlib import Path

import pytest

from navsok.analysis import ReadingPositions
from navsok.schema import build_schema

ARTICLES = [
    *(Path(__file__).parent.parent / "seeds").glob("*.txt"),
    *(Path(__file__).parent / "relevance" / "corpus").glob("*.txt"),  # Bokmål and Nynorsk
]
TRICKY = [
    "Det er bra. Og så: NAV-kontorene i Gjøvik, 2,5 % og 1.000 kroner!",  # stopwords first
    "og i på",  # only stopwords
    "",
    "Søknadane om kvalifiseringsprogrammet og Stasjoner langs veien i Tromsø",
    "Ærfugl ÖRE café naïve aa Aasen İstanbul ﬁnans",  # normalised and odd letters
    "hus" * 3000,  # a run too long for a word
]


def _chain(analyzer):
    """The same analyser seen by Whoosh's generic path: token by token."""
    return lambda value, **kwargs: analyzer(value, **kwargs)


def _values(field, text, analyzer):
    return sorted(field.format.word_values(text, analyzer, mode="index"))


@pytest.mark.parametrize("name", ["title", "body", "parts"])
def test_one_pass_indexes_exactly_what_the_chain_gives(name):
    field = build_schema()[name]
    assert isinstance(field.format, ReadingPositions)
    assert hasattr(field.analyzer, "index_words")  # else this compares the chain to itself
    texts = TRICKY + [path.read_text("utf-8") for path in sorted(ARTICLES)]
    for text in texts:
        assert _values(field, text, field.analyzer) == _values(field, text, _chain(field.analyzer))


@pytest.mark.parametrize("name", ["title", "body"])
def test_the_highlighter_marks_the_same_words_in_one_pass_as_through_the_chain(name):
    from navsok.analysis import terms
    from navsok.highlight import marked_tokens
    from navsok.wordterms import surface_part_terms

    analyzer = build_schema()[name].analyzer
    assert hasattr(analyzer, "word_spans")  # else this compares the chain to itself
    texts = TRICKY + [path.read_text("utf-8") for path in sorted(ARTICLES)]
    for text in texts:
        found = terms(text, analyzer)
        words = frozenset(found[::5])  # some of the text's terms matched, some not
        parts = frozenset(term for word in text.split()[::7] for term in surface_part_terms(word))
        for wanted in (words, frozenset()):
            marks = [(t.startchar, t.endchar, t.matched)
                     for t in marked_tokens(analyzer, text, wanted, parts)]
            chain = [(t.startchar, t.endchar, t.matched)
                     for t in marked_tokens(_chain(analyzer), text, wanted, parts)]
            assert marks == chain
            assert any(matched for *_, matched in marks) or not (wanted or parts) or not text


def test_a_worker_that_forgets_its_words_still_indexes_the_same_terms():
    """A parallel index worker empties its word caches before it writes its segment (for
    the memory); words analysed after that must get the same terms as before."""
    from navsok.analysis import forget_words
    from navsok.spelling import word_of
    from navsok.wordterms import _entry

    field = build_schema()["body"]
    texts = TRICKY + [path.read_text("utf-8") for path in sorted(ARTICLES)[:20]]
    before = [_values(field, text, field.analyzer) for text in texts]
    assert word_of.cache_info().currsize and _entry.cache_info().currsize
    forget_words()
    assert not word_of.cache_info().currsize and not _entry.cache_info().currsize
    assert [_values(field, text, field.analyzer) for text in texts] == before
