"""What the benchmark's child processes do: index and query with navsok, plain Whoosh,
SQLite FTS5 and tantivy (``run.py _child NAME ARGS``)."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path
from typing import Callable

from queries import QUERIES

FIELDS = ("title", "body", "parts")  # parts: the terms of compound parts, as navsok indexes


def plain_index(corpus: str, index_dir: str) -> None:
    """The baseline: one Whoosh writer with default settings and navsok's schema/analyser."""
    from whoosh import index

    from navsok.documents import find_files, read_article
    from navsok.schema import build_schema, document_fields

    ix = index.create_in(index_dir, build_schema())
    writer = ix.writer()
    for path in find_files([Path(corpus)]):
        article = read_article(path)
        writer.add_document(**document_fields(article))
    writer.commit()


def stem_corpus(corpus: str, out: str) -> None:
    """Write ``path<TAB>title terms<TAB>body terms<TAB>compound part terms`` per article:
    the engines' shared input."""
    from navsok.analysis import compound_parts_analyzer, terms
    from navsok.documents import find_files, read_article

    parts_analyzer = compound_parts_analyzer()
    with open(out, "w", encoding="utf-8") as f:
        for path in find_files([Path(corpus)]):
            article = read_article(path)
            title, body = (" ".join(terms(text)) for text in (article.title, article.body))
            parts = " ".join(terms(f"{article.title}\n{article.body}", parts_analyzer))
            f.write(f"{article.path}\t{title}\t{body}\t{parts}\n")


def stemmed_rows(tsv: str):
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n").split("\t")


def fts5_index(tsv: str, db: str) -> None:
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE docs USING fts5("
        "path UNINDEXED, title, body, parts, "
        # ~ marks a stem (~ør is not the word ør): a letter of the term, as in navsok.
        "tokenize=\"unicode61 remove_diacritics 0 tokenchars '~'\")"
    )
    with con:
        con.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", stemmed_rows(tsv))
    con.close()


def tantivy_index(tsv: str, index_dir: str) -> None:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    for name in FIELDS:
        builder.add_text_field(name, tokenizer_name="whitespace")
    index = tantivy.Index(builder.build(), path=index_dir)
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    for path, title, body, parts in stemmed_rows(tsv):
        writer.add_document(tantivy.Document(path=path, title=title, body=body, parts=parts))
    writer.commit()
    writer.wait_merging_threads()


def engine_query(query: str, dialect: str) -> str | None:
    """``query`` (navsok syntax) over the stemmed terms, in FTS5's or tantivy's syntax."""
    import itertools

    from navsok.analysis import norwegian_analyzer

    def readings_by_word(text: str) -> list[list[str]]:
        words: dict[tuple[int, int], list[str]] = {}
        for token in norwegian_analyzer()(text, chars=True, mode="query"):
            words.setdefault((token.startchar, token.endchar), []).append(token.text)
        return list(words.values())

    def any_of(options: list[str]) -> str:
        quoted = [f'"{option}"' for option in options]
        return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"

    out = []
    for match in re.finditer(r'"([^"]*)"|(\S+)', query):
        phrase, word = match.groups()
        if word == "OR":
            out.append("OR")
        elif word and word.endswith("*"):
            prefix = word[:-1].lower()
            out.append(f'"{prefix}"*')
        elif phrase is not None:
            # A word's readings sit at one place: the phrase of each combination of them.
            words = readings_by_word(phrase)
            if words:
                out.append(any_of([" ".join(c) for c in itertools.product(*words)]))
        else:
            out.extend(any_of(readings) for readings in readings_by_word(word))
    if dialect == "tantivy" and "OR" not in out:
        out = ["+" + part for part in out]  # tantivy's parser ORs by default
    if dialect == "fts5" and "OR" not in out:
        return " AND ".join(out) or None  # FTS5 wants AND spelt out beside a bracket
    return " ".join(out) or None


def time_queries(run_query: Callable[[str], int], repeat: int, out: str) -> None:
    """Write the milliseconds per run of each query of the mix (after one warm-up run each),
    pooled and per query, and each query's number of matching articles, as JSON to ``out``."""
    latencies, per_query, totals = [], {}, {}
    for query in QUERIES:
        totals[query.text] = run_query(query.text)
        runs = per_query[query.text] = []
        for _ in range(int(repeat)):
            started = time.perf_counter()
            run_query(query.text)
            runs.append((time.perf_counter() - started) * 1000)
        latencies += runs
    Path(out).write_text(json.dumps({"latencies": latencies, "per_query": per_query,
                                     "totals": totals}))


def warm_navsok(index_dir: str, repeat: str, out: str) -> None:
    """navsok's queries through one open session, as the interactive shell runs them."""
    from navsok.search import Session

    with Session(Path(index_dir)) as session:
        time_queries(lambda q: session.search(q, limit=10).total, repeat, out)


def warm_fts5(db: str, repeat: str, out: str) -> None:
    con = sqlite3.connect(db)

    def run(query: str):
        match = engine_query(query, "fts5")
        total = con.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()
        rows = con.execute(
            "SELECT path FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10", (match,)
        ).fetchall()
        return total[0] if rows else 0

    time_queries(run, repeat, out)


def tantivy_query(index, query: str):
    """The tantivy query for ``query``; a prefix becomes a regex (its parser has none)."""
    import tantivy

    if query.endswith("*") and " " not in query:
        pattern = re.escape(query[:-1].lower()) + ".*"
        return tantivy.Query.boolean_query([
            (tantivy.Occur.Should, tantivy.Query.regex_query(index.schema, name, pattern))
            for name in FIELDS
        ])
    return index.parse_query(engine_query(query, "tantivy"), list(FIELDS))


def warm_tantivy(index_dir: str, repeat: str, out: str) -> None:
    import tantivy

    index = tantivy.Index.open(index_dir)
    searcher = index.searcher()

    def run(query: str):
        found = searcher.search(tantivy_query(index, query), 10)
        [searcher.doc(address)["path"] for _, address in found.hits]
        return found.count

    time_queries(run, repeat, out)


CHILDREN: dict[str, Callable[..., None]] = {
    "plain-index": plain_index,
    "stem": stem_corpus,
    "fts5-index": fts5_index,
    "tantivy-index": tantivy_index,
    "warm-navsok": warm_navsok,
    "warm-fts5": warm_fts5,
    "warm-tantivy": warm_tantivy,
}
