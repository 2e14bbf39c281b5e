"""`navsok query Q --by year|month|week|source` and `navsok stats --by`: exact counts per
period or source, gaps as zero, undated articles on their own row, in every output form."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from navsok.cli import main
from test_snapshots import ANSI, assert_snapshot

DATA = Path(__file__).parent / "data"
BAD_BY = [line for line in (DATA / "bad_by_values.txt").read_text("utf-8").splitlines() if line]

#: dagpenger in 2021 (twice), 2023 and an undated article; none in 2022 or 2024.
ARTICLES = [
    {"id": "d1", "title": "Dagpenger øker", "body": "Dagpengene øker fra mars.", "source": "NRK",
     "date": "2021-03-05"},
    {"id": "d2", "title": "Nye regler", "body": "Regler for dagpenger endres.", "source": "NTB",
     "date": "2021-11-30T10:15"},
    {"id": "s1", "title": "Sykepenger", "body": "Sykepengene kuttes.", "source": "VG",
     "date": "2022-02-02"},
    {"id": "d3", "title": "Dagpengesøknader", "body": "Flere søker dagpenger i juni.",
     "source": "NRK", "date": "2023-06-01"},
    {"id": "s2", "title": "Sykepenger igjen", "body": "Sykepenger uten kilde.", "date": "2024-01-01"},
    {"id": "u1", "title": "Udatert sak", "body": "Dagpenger uten dato.", "source": "NRK"},
]  # fmt: skip


@pytest.fixture
def run(runner, tmp_path, monkeypatch):
    """``navsok ARGS…`` against an index of :data:`ARTICLES` (saker.jsonl)."""
    corpus = tmp_path / "arkiv"
    corpus.mkdir()
    lines = [json.dumps(article, ensure_ascii=False) for article in ARTICLES]
    (corpus / "saker.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NAVSOK_INDEX", str(tmp_path / "ix"))
    monkeypatch.delenv("NO_COLOR", raising=False)

    def invoke(*args, **kwargs):
        return runner.invoke(main, list(args), **kwargs)

    assert invoke("index", "arkiv").exit_code == 0
    return invoke


def rows(result) -> list[tuple[str, int]]:
    return [(key, int(count)) for key, count in (line.split("\t") for line in result.stdout.splitlines())]


def test_by_year_in_a_pipe_has_every_year_a_gap_as_zero_and_the_undated_row(run):
    result = run("query", "dagpenger", "--by", "year")
    assert result.exit_code == 0
    assert rows(result) == [("2021", 2), ("2022", 0), ("2023", 1), ("2024", 0), ("undated", 1)]


def test_each_period_count_equals_the_query_count_over_that_period(run):
    for by, key in (("year", "2021"), ("month", "2021-11"), ("week", "2021-W48"), ("date:month", "2023-06")):
        counted = dict(rows(run("query", "dagpenger OR sykepenger", "--by", by)))
        start, end = _period(key)
        found = run("query", "dagpenger OR sykepenger", "-c", "--since", start, "--until", end)
        assert counted[key] == int(found.stdout) > 0, (by, key)


def _period(key: str) -> tuple[str, str]:
    from datetime import date, timedelta

    if "-W" in key:
        year, week = map(int, key.split("-W"))
        monday = date.fromisocalendar(year, week, 1)
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
    if "-" in key:
        year, month = map(int, key.split("-"))
        after = date(year + month // 12, month % 12 + 1, 1)
        return f"{key}-01", (after - timedelta(days=1)).isoformat()
    return f"{key}-01-01", f"{key}-12-31"


def test_months_between_fill_with_zero(run):
    months = rows(run("query", "dagpenger", "--by", "month"))
    assert months[0] == ("2021-03", 1) and ("2021-04", 0) in months
    assert [key for key, _ in months[:-1]] == sorted(key for key, _ in months[:-1])
    assert len(months) == 10 + 24 + 1 + 1  # 2021-03 … 2024-01, then undated


def test_filters_narrow_the_periods_and_leave_out_the_undated(run):
    result = run("query", "dagpenger", "--by", "year", "--since", "2022-01-01", "--source", "NRK")
    assert rows(result) == [("2022", 0), ("2023", 1), ("2024", 0)]


def test_by_source_lists_every_source_most_first_and_articles_without_one(run):
    assert rows(run("query", "dagpenger", "--by", "source")) == [
        ("NRK", 3), ("NTB", 1), ("VG", 0), ("(no source)", 0)]
    assert rows(run("query", "sykepenger", "--by", "source", "--source", "vg")) == [("VG", 1)]


def test_json_and_tsv(run):
    result = run("query", "dagpenger", "--by", "year", "--json")
    assert [json.loads(line) for line in result.stdout.splitlines()][-2:] == [
        {"year": "2024", "count": 0}, {"year": None, "count": 1}]
    tsv = run("query", "dagpenger", "--by", "source", "--format", "tsv").stdout.splitlines()
    assert tsv[0] == "source\tcount" and tsv[1] == "NRK\t3"


def test_no_matches_exit_1_with_every_row_zero(run):
    result = run("query", "ørret", "--by", "year")
    assert result.exit_code == 1
    assert {count for _, count in rows(result)} == {0}


def test_stats_by_counts_the_whole_index(run):
    years = rows(run("stats", "--by", "year"))
    assert years == [("2021", 2), ("2022", 1), ("2023", 1), ("2024", 1), ("undated", 1)]
    sources = [json.loads(line) for line in run("stats", "--by", "source", "--json").stdout.splitlines()]
    assert sources[0] == {"source": "NRK", "count": 3} and {"source": None, "count": 1} in sources


def test_counts_follow_deletions_and_new_segments(run, tmp_path):
    saker = tmp_path / "arkiv" / "saker.jsonl"
    kept = [line for line in saker.read_text("utf-8").splitlines() if '"d3"' not in line]
    saker.write_text("\n".join(kept) + "\n", "utf-8")
    (tmp_path / "arkiv" / "ny.md").write_text(
        "---\ntitle: Dagpenger i 2022\ndate: 2022-05-05\nsource: NTB\n---\nDagpenger igjen.\n", "utf-8")
    assert run("index", "arkiv").exit_code == 0
    assert rows(run("query", "dagpenger", "--by", "year")) == [
        ("2021", 2), ("2022", 1), ("2023", 0), ("2024", 0), ("undated", 1)]


@pytest.mark.parametrize("value", BAD_BY)
def test_a_bad_by_value_is_one_line_and_exit_2(run, value):
    result = run("query", "dagpenger", "--by", value)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("navsok: unknown --by")
    assert "Traceback" not in result.output
    assert run("stats", "--by", value).exit_code == 2


@pytest.mark.parametrize("extra", [("-c",), ("-l",), ("--format", "paths")])
def test_by_with_a_hit_list_option_is_one_line_and_exit_2(run, extra):
    result = run("query", "dagpenger", "--by", "year", *extra)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


@pytest.mark.parametrize("name, args", [
    ("by-year-terminal-60.txt", ("query", "dagpenger", "--by", "year")),
    ("by-source-terminal-50.txt", ("query", "dagpenger", "--by", "source")),
    ("by-month-plain.tsv", ("query", "dagpenger OR sykepenger", "--by", "month", "--since", "2021-10-01",
                           "--until", "2022-03-01")),
    ("stats-by-year.jsonl", ("stats", "--by", "year", "--json")),
])  # fmt: skip
def test_facet_output_matches_its_snapshot(run, name, args):
    width = re.search(r"-(\d+)\.txt$", name)
    terminal = ("--color", "always") if width else ()
    result = run(*args, *terminal, env={"COLUMNS": width.group(1) if width else "100"})
    assert result.exit_code == 0, result.output
    output = result.stdout
    if width:
        assert "\x1b[" in output
        output = ANSI.sub("", output)
        assert max(map(len, output.splitlines())) <= int(width.group(1))
    assert_snapshot(name, output)


def test_dates_read_as_one_array_equal_whooshs_own_column_reader(run, tmp_path):
    import numpy as np

    from navsok.columns import numeric_array
    from navsok.store import open_index

    (tmp_path / "arkiv" / "udatert.md").write_text("Uten dato\n\nDagpenger.\n", "utf-8")
    assert run("index", "arkiv").exit_code == 0  # a second segment, its last article undated
    with open_index(tmp_path / "ix").searcher() as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == 2
        column = reader.column_reader("date", translate=False)
        # By document number: Whoosh's own iteration skips a segment without the column.
        whoosh = [column[n] for n in range(reader.doc_count_all())]
        assert numeric_array(reader, "date", np).tolist() == whoosh
        assert len(set(whoosh)) == 6  # five dates and the undated value


def test_in_a_real_terminal_the_chart_has_bars_and_a_tall_one_goes_to_the_pager(tmp_path):
    from test_installed_program import NAVSOK, run_in_terminal

    if NAVSOK is None:
        pytest.skip("navsok is not installed")
    lines = [json.dumps({"id": n, "title": "Dagpenger", "body": "dagpenger", "date": f"{2000 + n}-05-01"})
             for n in range(21)]
    (tmp_path / "saker.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    env = {"NAVSOK_INDEX": str(tmp_path / "ix"), "PAGER": "sed s/^/PAGED:/"}
    subprocess.run([NAVSOK, "index", str(tmp_path / "saker.jsonl")], env={**os.environ, **env},
                   check=True, capture_output=True)
    screen = run_in_terminal("query", "dagpenger", "--by", "year", env=env, rows=10)
    assert "PAGED:" in screen and "█" in screen and "\x1b[" in screen
    screen = run_in_terminal("query", "dagpenger", "--by", "year", "--no-pager", env=env, rows=10)
    assert "PAGED:" not in screen and re.search(r"2020\S* \S*█+\S* +\S*1", screen)
