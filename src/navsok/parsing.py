"""Reading a query: Whoosh query syntax checked and parsed, and the fields words search."""

from __future__ import annotations

import re
from typing import Sequence

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
    parser = qparser.MultifieldParser(searched_fields(fields, schema), schema)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    return parser.parse(query)


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
