"""search's --explain breakdown on an index with a compound-parts field (as issue 3 adds)."""

import pytest
from whoosh import fields, index, qparser
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer

from navsok.explain import explain, term_origins


class SplitCompounds(Filter):
    """Stands in for a decompounder: a compound gives its parts, at the compound's offsets;
    a query word stays itself, so it can meet the parts."""

    PARTS = {"prøveprosjekt": ("prøve", "prosjekt"), "arbeidsmarkedet": ("arbeid", "marked")}

    def __call__(self, tokens):
        for token in tokens:
            if token.mode == "query":
                yield token
                continue
            for part in self.PARTS.get(token.text, ()):
                token.text = part
                yield token


def test_a_match_through_the_parts_field_is_explained_as_compound(tmp_path):
    words = RegexTokenizer() | LowercaseFilter()
    schema = fields.Schema(
        path=fields.ID(stored=True),
        title=fields.TEXT(analyzer=words, stored=True),
        body=fields.TEXT(analyzer=words, stored=True),
        parts=fields.TEXT(analyzer=words | SplitCompounds()),  # not stored
    )
    ix = index.create_in(str(tmp_path), schema)
    writer = ix.writer()
    text = "NAV Heimdal fikk fortsette med prøveprosjektet. Et prøveprosjekt og et prosjekt."
    writer.add_document(path="a.txt", title="Heimdal", body=text, parts=text)
    writer.commit()

    query = "prosjekt"
    parsed = qparser.MultifieldParser(["body", "parts"], schema).parse(query)
    with ix.searcher() as searcher:
        hit = searcher.search(parsed, terms=True)[0]
        matches = explain(searcher, hit, term_origins(parsed, query, searcher.reader()), {"prosjekt"})
    by_field = {m.field: m for m in matches}
    assert by_field["parts"].via == "compound"
    assert by_field["parts"].forms == ("prøveprosjekt",)
    assert by_field["body"].via == "exact" and by_field["body"].forms == ("prosjekt",)
    assert sum(m.score for m in matches) == pytest.approx(hit.score)
