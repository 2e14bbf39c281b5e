"""`navsok stats` and `navsok show`: what the index holds, read back through the CLI."""

import json
from datetime import datetime
from pathlib import Path

import pytest

from navsok.wordterms import ANALYSER_VERSION, readings
from navsok.cli import main
from navsok.index import INDEX_FORMAT
from corpora import RECORDS, write_good_files
from conftest import GJOVIK, HEIMDAL


@pytest.fixture
def run(runner, tmp_path, monkeypatch):
    write_good_files(tmp_path / "arkiv")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NAVSOK_INDEX", str(tmp_path / "ix"))

    def invoke(*args):
        return runner.invoke(main, list(args))

    assert invoke("index", "arkiv").exit_code == 1  # saker.jsonl has two bad lines
    return invoke


def test_stats_counts_what_the_index_holds(run, tmp_path):
    stats = json.loads(run("stats", "--json").stdout)
    size = sum(p.stat().st_size for p in (tmp_path / "ix").rglob("*") if p.is_file())
    assert stats["documents"] == 6 and stats["files"] == 5
    assert stats["size_bytes"] == size
    assert (stats["oldest"], stats["newest"]) == ("2025-11-24", "2026-11-24")
    assert (stats["analyser"], stats["index_format"]) == (ANALYSER_VERSION, INDEX_FORMAT)
    assert stats["terms"] > 30
    (tmp_path / "arkiv" / "ny.txt").write_text("Zorblax\n\nquibbix og fnordle", "utf-8")
    started = datetime.now().replace(microsecond=0)
    run("index", "arkiv")
    after = json.loads(run("stats", "--json").stdout)
    new_terms = {term for word in ("zorblax", "quibbix", "fnordle") for term in readings(word)}
    # their stems and the lemmas their endings suggest (fnordle itself: -le verbs)
    assert {"~zorblax", "~quibbix", "~fnordl", "~fnordle"} <= new_terms
    assert (after["documents"], after["terms"]) == (7, stats["terms"] + len(new_terms))
    assert datetime.fromisoformat(after["last_indexed"]) >= started


def test_stats_for_people_names_each_fact(run):
    result = run("stats")
    assert result.exit_code == 0
    labels = [line.split("  ")[0] for line in result.stdout.splitlines()]
    assert labels == ["index", "documents", "terms", "size", "dates", "last indexed",
                      "analyser", "index format"]
    assert "6 (from 5 files)" in result.stdout


def test_show_prints_a_stored_article_with_its_metadata(run):
    result = run("show", "arkiv/saker.jsonl#a1")
    assert result.exit_code == 0
    head, body = result.stdout.split("\n\n", 1)
    assert head.splitlines() == [
        "path:   arkiv/saker.jsonl#a1",
        f"title:  {RECORDS[0]['title']}",
        "source: NTB",
        "date:   2026-01-01",
        f"url:    {RECORDS[0]['url']}",
    ]
    assert body == RECORDS[0]["body"] + "\n"


@pytest.mark.parametrize(
    "key, titles",
    [
        ("arkiv/saker.jsonl", [RECORDS[0]["title"], RECORDS[1]["title"]]),  # a whole file
        ("https://example.no/a1", [RECORDS[0]["title"]]),  # by url
        ("side.html", ["Ny pris til NAV Gjøvik"]),  # by the end of its path
        ("arkiv/blåbær.txt", ["Blåbær på Røros"]),
    ],
)
def test_show_finds_articles_by_file_url_or_path_ending(run, key, titles):
    result = run("show", key, "--json")
    assert result.exit_code == 0
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == titles


def test_show_of_something_not_indexed_is_one_clear_error(run):
    result = run("show", "arkiv/notat.docx")
    assert result.exit_code == 2
    assert result.stderr.startswith("navsok: no article 'arkiv/notat.docx' in the index at ")


def test_show_takes_what_query_lists(navsok, corpus, monkeypatch):
    monkeypatch.chdir(corpus.parent)
    paths = navsok("query", "NAV", "-l").stdout.split()
    shown = navsok("show", *paths, "--json")
    assert [Path(json.loads(line)["path"]).name for line in shown.stdout.splitlines()] == [
        HEIMDAL, GJOVIK
    ]
    assert navsok("show", GJOVIK).stdout.startswith(f"path:   corpus/{GJOVIK}\ntitle:  NAV Gjøvik")


def test_stats_and_show_without_an_index_fail_clearly(runner, tmp_path):
    for args in (["stats"], ["show", "x.txt"]):
        result = runner.invoke(main, [*args, "--index", str(tmp_path / "ingen")])
        assert result.exit_code == 2
        assert result.stderr.startswith("navsok: no index at ")
