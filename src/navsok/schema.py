"""navsok's Whoosh schema, and the fields of an article in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, TEXT, Schema

from navsok.analysis import compound_parts_analyzer, norwegian_analyzer, reading_text

if TYPE_CHECKING:  # a query needs no articles
    from navsok.articles import Article

TITLE_BOOST = 2.0
#: Compound parts count less than whole words: ``marked`` ranks an article about the
#: market above one that only mentions the labour market (arbeidsmarkedet).
PARTS_BOOST = 0.1


def build_schema(analyzer=None) -> Schema:
    """navsok's schema: title and body, and ``parts``, the parts of their compound words.
    Another ``analyzer`` gives a baseline schema with title and body only, to compare."""
    schema = Schema(
        path=ID(stored=True, unique=True, sortable=True),
        file=ID(stored=True, sortable=True),
        title=reading_text(analyzer=analyzer or norwegian_analyzer(), stored=True,
                           field_boost=TITLE_BOOST),
        body=reading_text(analyzer=analyzer or norwegian_analyzer(), stored=True),
        source=TEXT(stored=True, sortable=True),  # a column: `--by source` counts
        date=DATETIME(stored=True, sortable=True),
        url=ID(stored=True),
        # "mtime_ns size checksum": what the article's file looked like when it was read.
        state=COLUMN(VarBytesColumn()),
    )
    if analyzer is None:
        schema.add("parts", reading_text(analyzer=compound_parts_analyzer(), field_boost=PARTS_BOOST))
    return schema


def document_fields(article: Article, state: str = "0 0", schema: Schema | None = None) -> dict:
    """The Whoosh fields for an article (those in ``schema``, default :func:`build_schema`'s);
    ``state`` is its file's "mtime_ns size"."""
    text = f"{article.title}\n{article.body}"
    fields = {
        "path": article.path,
        "file": article.file,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "url": article.url,
        "state": f"{state} {article.checksum}".encode("ascii"),
    }
    if article.date is not None:
        fields["date"] = article.date
    if schema is None or "parts" in schema:
        fields["parts"] = text  # the compounds of title and body
    return fields
