"""The paths that keep navsok fast at scale: the stem table behind query analysis, and
the parallel writer for big batches. Both must give the same answers as the slow paths."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from navsok import postarrays, wordterms, writer
from navsok.cli import main
from conftest import GJOVIK, HEIMDAL


def stem_table(index_dir: Path) -> dict[str, tuple[str, str, str, int]]:
    path = index_dir / f"stems-v{wordterms.ANALYSER_VERSION}.sqlite"
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT word, query, readings, parts, known FROM words")
        return {w: (q, r, p, k) for w, q, r, p, k in rows}


def test_index_keeps_the_readings_and_parts_of_every_indexed_word(index_dir, monkeypatch):
    monkeypatch.setattr(wordterms, "_stem_table", None)  # compare with the lexicon itself
    monkeypatch.setattr(wordterms, "_common_words", None)
    table = stem_table(index_dir)
    # Unknown: read by its head (programmet) and stemmed.
    assert table["kvalifiseringsprogrammet"][:2] == (
        "kvalifiseringsprogram ~kvalifiseringsprogram ~kvalifiseringsprogrammet",
        "kvalifiseringsprogram ~kvalifiseringsprogram")
    assert not table["kvalifiseringsprogrammet"][3]
    assert table["arbeidsmarkedet"][:2] == ("arbeidsmarked", "arbeidsmarked")
    assert {"arbeid", "marked"} <= set(table["arbeidsmarkedet"][2].split())
    assert "og" not in table  # stopwords are never analysed
    for word, (query, readings, parts, known) in table.items():  # a cache of the analyser
        analysed = wordterms._lexicon_entry(word)
        assert (tuple(query.split()), tuple(readings.split()), bool(known)) == analysed, word
        assert tuple(parts.split()) == wordterms.compound_part_terms.__wrapped__(word), word


def test_the_common_words_an_index_run_looks_up_are_what_the_analyser_gives(monkeypatch):
    """A parallel index run's workers look the commonest words up in a table derived once
    (navsok.commonwords) instead of analysing them: every entry must be the analyser's."""
    from navsok.compounds import frequencies

    monkeypatch.setattr(wordterms, "_stem_table", None)
    monkeypatch.setattr(wordterms, "_common_words", None)
    wordterms.load_tables()
    common = wordterms._common_words
    monkeypatch.setattr(wordterms, "_common_words", None)  # the analyser itself from here
    words = sorted(frequencies())
    assert len(words) > 10_000
    for word in words[::40] + ["arbeidsmarkedet", "kommunen"]:
        query, readings, parts, known = common.get(word)
        assert (query, readings, known) == wordterms._lexicon_entry(word), word
        assert parts == wordterms.compound_part_terms.__wrapped__(word), word
    assert common.get("zorblaxene") is None  # no common word: analysed as before

QUERY_IN_FRESH_PROCESS = """
import json, sys
from click.testing import CliRunner
from navsok.cli import main
result = CliRunner().invoke(main, ["query", sys.argv[1], "--index", sys.argv[2], "--json"])
print(json.dumps({"exit": result.exit_code, "output": result.output,
                  "lemmatiser": any(name in sys.modules
                                    for name in ("navsok.lexicon", "simplemma", "wordfreq"))}))
"""


def query_in_fresh_process(query: str, index_dir: Path) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", QUERY_IN_FRESH_PROCESS, query, str(index_dir)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(run.stdout)


@pytest.mark.parametrize(
    "query, marked",
    [
        ("kvalifiseringsprogrammet", "kvalifiseringsprogrammet"),
        ("arbeid", "arbeids"),  # a compound (arbeidsrettede) marked through its parts
    ],
)
def test_query_of_indexed_words_loads_neither_lemmatiser_nor_lexicon(index_dir, query, marked):
    found = query_in_fresh_process(query, index_dir)
    assert found["exit"] == 0 and not found["lemmatiser"]
    hits = [json.loads(line) for line in found["output"].splitlines()]
    words = [hit["snippet"][start:end].lower() for hit in hits for start, end in hit["highlights"]]
    assert any(word.startswith(marked) for word in words), words


def test_query_of_a_word_never_indexed_falls_back_to_the_lemmatiser(index_dir):
    assert "kvalifiseringsprogrammene" not in stem_table(index_dir)
    found = query_in_fresh_process("kvalifiseringsprogrammene", index_dir)
    assert found["exit"] == 0 and found["lemmatiser"]
    assert json.loads(found["output"].splitlines()[0])["path"].endswith(GJOVIK)


def test_big_batches_are_indexed_in_parallel_with_the_same_results(
    runner, corpus, tmp_path, monkeypatch
):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert runner.invoke(main, ["index", str(corpus), "--index", str(serial)]).exit_code == 0
    monkeypatch.setattr(writer, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(writer, "PARALLEL_BATCH", 1)  # one job per file: both workers busy
    monkeypatch.setattr(writer.os, "cpu_count", lambda: 2)
    monkeypatch.setenv(postarrays.MIN_DOCS_ENV, "1")
    result = runner.invoke(main, ["index", str(corpus), "--index", str(parallel)])
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    segments = {p.stem for p in parallel.glob("*.pst")}
    assert len(segments) == 2  # one segment (postings file) per worker, each with its arrays
    assert {p.name for p in parallel.glob("arrays-*")} == {postarrays.file_name(s) for s in segments}
    for query in ("NAV", "kvalifiseringsprogram", "kake", '"NAV Heimdal"'):
        hits = [
            runner.invoke(main, ["query", query, "-l", "--index", str(ix)]).output
            for ix in (serial, parallel)
        ]
        assert hits[0] == hits[1] != "", query
    assert HEIMDAL in runner.invoke(main, ["query", "kake", "-l", "--index", str(parallel)]).output
    assert stem_table(parallel) == stem_table(serial)


def test_the_total_counts_every_match_however_few_are_shown(runner, tmp_path):
    """Whoosh drops a field's postings once they cannot reach the top ``limit`` any more:
    articles matching only there (here: only a compound's part) must still be counted."""
    from navsok.search import Session

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(40):
        title = "Kake til alle" if n < 8 else f"Nyhet nummer {n}"
        body = ("kake " * 6 if n < 8 else "sjokoladekake ") + "og annet " * (1 + n % 7)
        (corpus / f"{n:03d}.txt").write_text(f"{title}\n\n{body}\n", "utf-8")
    index_dir = tmp_path / "ix"
    assert runner.invoke(main, ["index", str(corpus), "--index", str(index_dir)]).exit_code == 0
    with Session(index_dir) as session:
        for limit in (1, 3, 10, 50):
            assert session.search("kake", limit=limit).total == 40, limit
        assert session.count("kake") == 40


COUNTED_QUERIES = (
    "kake", "NAV", "marked", "gang", "kake OR NAV", "kake AND NAV", "kake NAV", "NAV Heimdal",
    '"første gang"', '"NAV Heimdal"', "title:kake", "kake NOT NAV", "prøveprosjekt*",
    "NAV OR (kake AND sjokolade)", "dagpenger OR sykepenger OR marked", "ukjentordxyz",
    "kak* OR NAV", "sykepenge~ dagpenger", "ukjentord*", "dagpeng?r",
)


def generated_articles(folder: Path, count: int) -> None:
    """``count`` small articles over a few words, some of them compounds, in three
    sources and three years, so the queries above match in title, body and parts."""
    import random

    words = ("kake sjokoladekake NAV Heimdal arbeidsmarkedet marked dagpenger sykepenger "
             "første gang prøveprosjektet og det er på i år").split()
    chooser = random.Random(7)
    folder.mkdir()
    for n in range(count):
        title = " ".join(chooser.choices(words, k=chooser.randint(1, 4)))
        body = " ".join(chooser.choices(words, k=chooser.randint(3, 40)))
        source, year = chooser.choice(("NRK", "NTB", "VG")), chooser.choice((2019, 2022, 2025))
        (folder / f"{n:04d}.txt").write_text(
            f"{title}\n\nKilde: {source}\nPublisert: {year}-03-04\n\n{body}\n", "utf-8"
        )


@pytest.mark.parametrize("articles", ["seeds", "generated"])
def test_the_cheap_total_equals_every_match_scored(runner, corpus, tmp_path, articles):
    """navsok counts plain words, ORs and ANDs from the posting lists instead of Whoosh's
    second pass over the matches: the totals must equal those of scoring every match,
    with filters, and after a file is removed (deleted articles left in the index)."""
    from datetime import date

    from navsok.index import open_index
    from navsok.search import Filters, Session, parse_query

    if articles == "generated":
        corpus = tmp_path / "generated"
        generated_articles(corpus, 300)
    index_dir = tmp_path / "ix"
    filters = (Filters(), Filters(source="NRK"), Filters(since=date(2021, 1, 1)))

    def check() -> int:
        matched = 0
        with Session(index_dir) as session, open_index(index_dir).searcher() as searcher:
            for query in COUNTED_QUERIES:
                parsed = parse_query(query, searcher.schema)
                for allowed in filters:
                    scored = len(searcher.search(parsed, limit=None, filter=allowed.query(searcher.schema)))
                    assert session.count(query, filters=allowed) == scored, (query, allowed)
                    for limit in (1, 10):
                        found = session.search(query, limit=limit, filters=allowed)
                        assert found.total == scored, (query, allowed, limit)
                    matched += scored
        return matched

    assert runner.invoke(main, ["index", str(corpus), "--index", str(index_dir)]).exit_code == 0
    assert check() > 0
    sorted(corpus.glob("*.txt"))[0].unlink()
    result = runner.invoke(main, ["index", str(corpus), "--index", str(index_dir)])
    assert "1 removed" in result.output, result.output
    assert check() > 0
