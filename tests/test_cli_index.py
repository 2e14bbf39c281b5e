"""`navsok index`: building, re-running and updating an index through the CLI."""

import json
from pathlib import Path

from navsok.cli import main
from conftest import GJOVIK, HEIMDAL


def paths_for(navsok, query: str) -> list[str]:
    result = navsok("query", query, "-l")
    return [Path(line).name for line in result.output.splitlines()]


def test_index_reports_what_it_did(runner, corpus, tmp_path):
    result = runner.invoke(main, ["index", str(corpus), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert "2 added, 0 updated, 0 removed, 0 unchanged" in result.output


def test_rerunning_the_index_never_duplicates(navsok, corpus, index_dir):
    rerun = navsok("index", str(corpus))
    assert "0 added, 0 updated, 0 removed, 2 unchanged" in rerun.output
    assert navsok("query", "NAV", "--count").output.strip() == "2"


def test_changed_file_replaces_its_stale_document(navsok, corpus):
    # (Not bløtkake: a compound is found by its parts, so "kake" would still find it.)
    (corpus / HEIMDAL).write_text("Vafler på kontoret\n\nI dag ble det servert vafler.", "utf-8")
    assert "1 updated" in navsok("index", str(corpus)).output
    assert paths_for(navsok, "kake") == []
    assert paths_for(navsok, "vafler") == [HEIMDAL]
    assert navsok("query", "NAV", "--count").output.strip() == "1"


def test_deleted_file_is_removed_from_the_index(navsok, corpus):
    (corpus / GJOVIK).unlink()
    assert "1 removed" in navsok("index", str(corpus)).output
    assert navsok("query", "kvalifiseringsprogram").exit_code == 1


def test_index_defaults_to_seeds_folder_and_dot_navsok(runner, corpus, monkeypatch):
    monkeypatch.chdir(corpus.parent)
    corpus.rename(corpus.parent / "seeds")
    monkeypatch.delenv("NAVSOK_INDEX", raising=False)
    result = runner.invoke(main, ["index"])
    assert result.exit_code == 0, result.output
    assert (corpus.parent / ".navsok" / "navsok.json").exists()
    assert json.loads(runner.invoke(main, ["query", "kake", "--json"]).output)["title"]


def test_missing_path_is_reported_and_the_rest_indexed(runner, corpus, tmp_path):
    result = runner.invoke(
        main, ["index", str(corpus), str(tmp_path / "finnes-ikke"), "--index", str(tmp_path / "ix")]
    )
    assert result.exit_code == 1
    assert "finnes-ikke: no such file or directory" in result.stderr
    assert "2 added" in result.stdout


def test_index_folder_that_is_not_an_index_is_refused(runner, corpus, tmp_path):
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "viktig.txt").write_text("ikke slett meg")
    result = runner.invoke(main, ["index", str(corpus), "--index", str(occupied)])
    assert result.exit_code == 2
    assert "not a navsok index" in result.stderr
    assert (occupied / "viktig.txt").read_text() == "ikke slett meg"


def test_an_article_with_a_run_of_thousands_of_letters_indexes(runner, tmp_path):
    # A pasted hash or a garbled paste: one "word" of 9,000 letters beside real text.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lim.txt").write_text(f"Limt inn\n\nTeksten {'hus' * 3000} og husene.", "utf-8")
    index = str(tmp_path / "ix")
    result = runner.invoke(main, ["index", str(corpus), "--index", index])
    assert result.exit_code == 0, result.output
    found = runner.invoke(main, ["query", "hus", "--index", index, "-l"])
    assert found.output.strip().endswith("lim.txt")
