"""`navsok index` on a real-world corpus: every format, every bad file, filters and sorting."""

import json
import os
from pathlib import Path

import pytest

from navsok.cli import main
from corpora import RECORDS, write_bad_files, write_good_files


@pytest.fixture
def mixed(tmp_path, runner, monkeypatch):
    """Index a folder of good and bad files; returns (run, first index result)."""
    corpus = write_bad_files(write_good_files(tmp_path / "arkiv"))
    monkeypatch.setenv("NAVSOK_INDEX", str(tmp_path / "ix"))
    monkeypatch.chdir(tmp_path)

    def run(*args):
        return runner.invoke(main, list(args))

    return run, run("index", corpus.name)


def hits(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_format_is_indexed_and_every_bad_file_named_once(mixed):
    run, result = mixed
    assert result.exit_code == 1
    assert "6 added, 0 updated, 0 removed, 0 unchanged, 1 skipped (unknown file type), " \
           "7 failed" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 7 and all(line.startswith("navsok: arkiv/") for line in lines)
    for expected in (
        "arkiv/binær.txt: binary file, not text",
        "arkiv/tom.md: empty file",
        "arkiv/rør.txt: not a regular file",
        "arkiv/brutt.txt: broken symbolic link",
        "arkiv/mappe.txt/ulesbar.txt: ",
        "arkiv/saker.jsonl:2: malformed JSON line",
        "arkiv/saker.jsonl:3: a JSON list, not an object",
    ):
        assert sum(expected in line for line in lines) == 1, expected
    assert "Traceback" not in result.output
    found = {
        Path(hit["path"]).name: hit["title"]
        for hit in hits(run("query", "blåbær OR ørsta OR gjøvik OR torsk OR dagpenger OR "
                            "sykepenger", "--json"))
    }
    assert found == {
        "blåbær.txt": "Blåbær på Røros",
        "bom.md": "Møte i Ørsta",
        "side.html": "Ny pris til NAV Gjøvik",
        "liste.json#1": "Overskrift om torsk",
        "saker.jsonl#a1": RECORDS[0]["title"],
        "saker.jsonl#4": RECORDS[1]["title"],
    }


def test_boilerplate_of_a_web_page_is_not_searchable(mixed):
    run, _ = mixed
    for word in ("menyord", "skriptord", "bunnord"):
        assert run("query", word).exit_code == 1
    assert run("query", "kvalifiseringsprogram", "-l").stdout.strip() == "arkiv/side.html"


def test_json_hits_carry_date_and_url(mixed):
    run, _ = mixed
    (hit,) = hits(run("query", "dagpenger", "--json"))
    assert (hit["date"], hit["url"], hit["source"]) == ("2026-01-01", RECORDS[0]["url"], "NTB")


def test_date_filters_and_sorting(mixed):
    run, _ = mixed
    everything = "blåbær OR ørsta OR gjøvik OR torsk OR dagpenger OR sykepenger"

    def names(*options):
        return [Path(h["path"]).name for h in hits(run("query", everything, "--json", *options))]

    assert names("--sort", "date") == [
        "blåbær.txt", "side.html", "bom.md", "saker.jsonl#a1", "saker.jsonl#4", "liste.json#1"
    ]  # newest first, the undated article last
    by_score = {h["path"]: h["score"] for h in hits(run("query", everything, "--json"))}
    by_date = {h["path"]: h["score"] for h in hits(run("query", everything, "--json",
                                                       "--sort", "date"))}
    assert by_date == by_score and min(by_date.values()) > 0  # scores are still relevance
    assert sorted(names("--since", "2026-01-01", "--until", "2. januar 2026")) == [
        "bom.md", "saker.jsonl#a1"
    ]
    assert names("--until", "31.12.2025") == ["saker.jsonl#4"]
    assert run("query", everything, "--since", "2027-01-01").exit_code == 1
    bad = run("query", everything, "--since", "i fjor")
    assert bad.exit_code == 2 and "not a date" in bad.stderr


def test_source_filter(mixed):
    run, _ = mixed
    everything = "blåbær OR gjøvik OR dagpenger OR sykepenger"
    assert [Path(h["path"]).name for h in hits(run("query", everything, "--source", "nrk",
                                                   "--json"))] in (
        ["side.html", "saker.jsonl#4"], ["saker.jsonl#4", "side.html"]
    )
    assert run("query", everything, "--source", "Adresseavisen", "--count").stdout == "1\n"
    assert run("query", everything, "--source", "VG").exit_code == 1


def test_json_field_mapping_on_the_command_line(runner, tmp_path):
    (tmp_path / "eksport.jsonl").write_text('{"rubrikk": "Laks", "innhold": "Laksen er her."}\n')
    ix = str(tmp_path / "ix")
    plain = runner.invoke(main, ["index", str(tmp_path / "eksport.jsonl"), "--index", ix])
    assert plain.exit_code == 1 and "no title or body" in plain.stderr
    mapped = runner.invoke(main, ["index", str(tmp_path / "eksport.jsonl"), "--index", ix,
                                  "--json-fields", "title=rubrikk,body=innhold"])
    assert mapped.exit_code == 0 and "1 added" in mapped.stdout
    assert runner.invoke(main, ["query", "laks", "--index", ix, "--count"]).stdout == "1\n"
    wrong = runner.invoke(main, ["index", str(tmp_path), "--index", ix, "--json-fields", "x"])
    assert wrong.exit_code == 2 and "FIELD=KEY" in wrong.stderr


def test_max_bytes_skips_big_files_and_is_configurable(runner, tmp_path):
    (tmp_path / "stor.txt").write_text("Stor fil\n\n" + "laks " * 400, "utf-8")
    ix = str(tmp_path / "ix")
    small = runner.invoke(main, ["index", str(tmp_path / "stor.txt"), "--index", ix,
                                 "--max-bytes", "1k"])
    assert small.exit_code == 1
    assert "stor.txt: 2,010 bytes is over the 1,000-byte limit" in small.stderr
    big = runner.invoke(main, ["index", str(tmp_path / "stor.txt"), "--index", ix,
                               "--max-bytes", "3k"])
    assert big.exit_code == 0 and "1 added" in big.stdout


def test_a_folder_that_cannot_be_listed_is_named_and_the_rest_indexed(runner, corpus, tmp_path):
    locked = tmp_path / "låst"
    if os.geteuid() == 0:  # root lists anything but another process's memory mappings
        locked.symlink_to("/proc/1/map_files")
    else:
        locked.mkdir()
        locked.chmod(0)
    try:
        os.listdir(locked)
        pytest.skip("this system lets us list every folder")
    except PermissionError:
        pass
    result = runner.invoke(main, ["index", str(corpus), str(locked), "--index",
                                  str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert result.stderr == f"navsok: {locked}: cannot read the folder (Permission denied)\n"
    assert "2 added, 0 updated, 0 removed, 0 unchanged, 1 failed" in result.stdout
