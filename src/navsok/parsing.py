"""Reading a query: Whoosh query syntax checked and parsed, and the fields words search."""

from __future__ import annotations

import re
from collections.abc import Sequence

from navsok.errors import NavsokError

#: Fields a query searches when it names none, and the ones it may name (``title:nav``).
DEFAULT_FIELDS = ("title", "body")
QUERY_FIELDS = ("title", "body", "source", "path")

_FIELD_PREFIX = re.compile(r"(?:^|[\s(])([A-Za-z_]+):(?=[^\s/])")


def parse_query(query: str, schema, fields: Sequence[str] = DEFAULT_FIELDS):
    """Parse Whoosh query syntax (AND/OR/NOT, "phrases", field:term, wild*, fuzzy~).

    Words without a field name are searched in ``fields``. Raises :class:`NavsokError`
    for queries the parser would silently misread and for unknown field names.
    """
    from whoosh import qparser

    check_query_syntax(query)
    check_fields(fields)
    parser = _readings_parser()(None, schema)
    parser.add_plugin(qparser.MultifieldPlugin(searched_fields(fields, schema)))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.phraseclass = _phrase_of_readings
    return _spread_offsets(parser.parse(query, normalize=False)).normalize()


#: The weight of a query word's other readings beside its first (its own lemma): the word
#: itself outranks its other readings (bruker the noun before forms of bruke).
OTHER_READINGS = 0.3
#: A phrase whose words have several readings each becomes an OR of at most this many
#: phrases; beyond that only each word's first reading is kept.
MAX_PHRASE_READINGS = 32


def _readings_parser():
    """A Whoosh multifield parser that ORs the readings of one word (tokens the analyser
    puts at one place: ``stasjoner`` → stasjon OR stasjonere) and ANDs the words one query
    word splits into (``NAV-kontor`` needs both parts); Whoosh would AND them all."""
    from whoosh import qparser
    from whoosh import query as q

    class ReadingsParser(qparser.QueryParser):
        def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True,
                       removestops=True):
            field = self.schema[fieldname] if self.schema and fieldname in self.schema else None
            if field is not None and termclass in (q.Prefix, q.Wildcard, q.FuzzyTerm):
                # A pattern is matched against the terms as they are, not read as a word
                # (kvalifiser* is no form of kvalifisere; it starts kvalifiseringsprogram).
                from navsok.stems import STEM_MARK
                from navsok.spelling import normalise

                # Lemmas and the stems of words the lexicon does not know (marked).
                text = normalise(text.lower())
                return q.Or([termclass(fieldname, text, boost=boost),
                             termclass(fieldname, STEM_MARK + text, boost=boost)])
            if (field is None or not tokenize or termclass is not q.Term
                    or field.self_parsing() or not getattr(field, "analyzer", None)):
                return super().term_query(fieldname, text, termclass, boost, tokenize,
                                          removestops)
            words = _readings_by_word(
                field.tokenize(text, mode="query", chars=True, removestops=removestops)
            )
            groups = [
                [termclass(fieldname, reading, boost=boost * (1.0 if i == 0 else OTHER_READINGS))
                 for i, reading in enumerate(readings)]
                for readings in words
            ]
            found = [group[0] if len(group) == 1 else q.Or(group) for group in groups]
            if not found:
                return None
            return found[0] if len(found) == 1 else q.And(found)

    return ReadingsParser


def _readings_by_word(tokens) -> list[list[str]]:
    """The token texts grouped by the word (character range) they come from, in order."""
    words: dict[tuple[int, int], list[str]] = {}
    for token in tokens:
        words.setdefault((token.startchar, token.endchar), []).append(token.text)
    return [list(dict.fromkeys(texts)) for texts in words.values()]


def _phrase_of_readings(fieldname, words, slop=1, boost=1.0, char_ranges=None):
    """Whoosh's phrase query, for words that may have several readings at one place: an
    OR of the phrases of each combination of readings (``"brukte bilen"`` meets
    ``"bruker bilen"``)."""
    import itertools

    from whoosh import query as q

    if not char_ranges:
        return q.Phrase(fieldname, words, slop=slop, boost=boost, char_ranges=char_ranges)
    grouped: dict[tuple, list[str]] = {}
    for word, place in zip(words, char_ranges):
        grouped.setdefault(tuple(place), []).append(word)
    places, readings = list(grouped), [phrase_readings(r) for r in grouped.values()]
    combinations = 1
    for options in readings:
        combinations *= len(options)
    if combinations > MAX_PHRASE_READINGS:
        readings = [options[:1] for options in readings]
    phrases = [
        q.Phrase(fieldname, list(choice), slop=slop, boost=boost, char_ranges=places)
        for choice in itertools.product(*readings)
    ]
    return phrases[0] if len(phrases) == 1 else q.Or(phrases)


def phrase_readings(readings: list[str]) -> list[str]:
    """A phrase word's readings: its lemmas, or its stem when the lexicon does not know it
    (a known word's stem, searched beside its lemmas by a word query, is left out of
    phrases: it would multiply the phrases to check for little gain)."""
    from navsok.stems import STEM_MARK

    lemmas = [reading for reading in readings if not reading.startswith(STEM_MARK)]
    return list(dict.fromkeys(lemmas or readings[:1]))


def _spread_offsets(parsed):
    """Give the terms under an OR of readings the query offsets of their word (Whoosh
    records them on the OR only), so ``--explain`` can name the word a term came from."""
    from whoosh import query as q

    def spread(node, start, end):
        if getattr(node, "startchar", None) is not None:
            start, end = node.startchar, node.endchar
        if isinstance(node, q.Term) and getattr(node, "startchar", None) is None:
            node.startchar, node.endchar = start, end
        for child in node.children():
            spread(child, start, end)

    spread(parsed, None, None)
    return parsed


def check_query_syntax(query: str) -> None:
    """Reject empty queries, unbalanced quotes and brackets, and unknown field names."""
    if not query.strip():
        raise NavsokError("empty query")
    if query.count('"') % 2:
        raise NavsokError(f"malformed query {query!r}: unbalanced quote")
    depth = 0
    for char in query.replace('"', " "):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth:
        raise NavsokError(f"malformed query {query!r}: unbalanced parenthesis")
    _check_field_names(_FIELD_PREFIX.findall(query), " in query")


def searched_fields(fields: Sequence[str], schema) -> list[str]:
    """``fields`` plus, when title or body is among them and the index has it, ``parts``:
    the parts of their compound words, boosted lower (``marked`` finds *arbeidsmarkedet*)."""
    searched = list(fields)
    if "parts" in schema and {"title", "body"} & set(fields):
        searched.append("parts")
    return searched


def check_fields(fields: Sequence[str]) -> None:
    """Reject an empty or unknown list of fields to search (``--fields title,body``)."""
    if not fields:
        raise NavsokError(f"no fields to search (fields: {', '.join(QUERY_FIELDS)})")
    _check_field_names(fields, "")


def _check_field_names(names: Sequence[str], where: str) -> None:
    for name in names:
        if name not in QUERY_FIELDS:
            raise NavsokError(
                f"unknown field {name!r}{where} (fields: {', '.join(QUERY_FIELDS)})"
            )


def term_text(term) -> str:
    """An index term as text (Whoosh hands out terms as bytes or as str)."""
    return term.decode("utf-8") if isinstance(term, bytes) else term
