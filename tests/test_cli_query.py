"""`navsok query`: ranking on the seeds, highlighting, every output mode and exit codes."""

from pathlib import Path

import pytest

from conftest import GJOVIK, HEIMDAL, records

ESC = "\x1b["


def test_base_form_ranks_the_gjovik_article_first(navsok):
    hits = records(navsok("query", "kvalifiseringsprogram", "--json"))
    assert Path(hits[0]["path"]).name == GJOVIK


def test_snippet_highlights_the_word_as_written_not_its_stem(navsok):
    hit = records(navsok("query", "kvalifiseringsprogram", "--json"))[0]
    marked = {hit["snippet"][start:end] for start, end in hit["highlights"]}
    assert "kvalifiseringsprogrammet" in marked
    assert marked <= {"kvalifiseringsprogram", "kvalifiseringsprogrammet"}


def test_word_only_in_one_article_finds_only_that_article(navsok):
    hits = records(navsok("query", "kake", "--json"))
    assert [Path(h["path"]).name for h in hits] == [HEIMDAL]


def test_json_lines_carry_the_stable_fields(navsok):
    hit = records(navsok("query", "NAV", "--json"))[0]
    assert set(hit) == {
        "rank", "score", "path", "title", "source", "date", "url", "snippet", "highlights"
    }
    assert hit["rank"] == 1 and hit["score"] > 0


def test_plain_output_in_a_pipe_has_one_tab_separated_line_per_hit(navsok):
    result = navsok("query", "NAV")
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert ESC not in result.output
    assert all(len(line.split("\t")) == 3 for line in lines)


def test_files_with_matches_prints_paths_only(navsok):
    assert [Path(p).name for p in navsok("query", "prøveprosjekt", "-l").output.split()] == [HEIMDAL]


def test_count_prints_number_of_matching_articles(navsok):
    assert navsok("query", "NAV", "--count").output.strip() == "2"
    assert navsok("query", "kake", "-c").output.strip() == "1"


def test_limit_caps_the_number_of_hits(navsok):
    assert len(records(navsok("query", "NAV", "--json", "--limit", "1"))) == 1


def test_color_always_highlights_with_escape_codes(navsok):
    result = navsok("query", "kake", "--color", "always")
    assert ESC in result.output
    assert "Dette er fremtiden for NAV" in result.output


def test_color_flag_overrides_no_color_env(navsok):
    # no-color.org: an explicit command-line flag wins over $NO_COLOR.
    assert ESC in navsok("query", "kake", "--color", "always", env={"NO_COLOR": "1"}).output


@pytest.mark.parametrize(
    "query, code",
    [("kake", 0), ("pannekake", 1), ("og", 1)],
)
def test_exit_status_follows_grep(navsok, query, code):
    assert navsok("query", query).exit_code == code


def test_query_syntax_phrase_field_boolean(navsok):
    names = lambda q: [Path(h["path"]).name for h in records(navsok("query", q, "--json"))]  # noqa: E731
    assert names('"NAV Heimdal"') == [HEIMDAL]
    assert names('"Heimdal NAV"') == []
    assert names("title:pris") == [GJOVIK]
    assert names("NAV NOT kake") == [GJOVIK]
    assert sorted(names("kake OR kvalifiseringsprogrammene")) == sorted([GJOVIK, HEIMDAL])
    assert names("kvalifiser*") == [GJOVIK]
    assert names("gjovik~") == [GJOVIK]


@pytest.mark.parametrize(
    "query, message",
    [
        ('"NAV Heimdal', "unbalanced quote"),
        ("(NAV OR kake", "unbalanced parenthesis"),
        ("forfatter:Lund", "unknown field 'forfatter'"),
        ("   ", "empty query"),
    ],
)
def test_malformed_query_is_one_clear_line_and_exit_2(navsok, query, message):
    result = navsok("query", query)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_word_with_a_minus_before_it_is_told_how_to_leave_a_word_out(navsok):
    # Some search engines read -kake as "without kake"; here it is an unknown option.
    result = navsok("query", "-kake")
    assert result.exit_code == 2
    assert "write NOT before it: 'arbeid NOT kake'" in result.stderr
    assert "NOT" not in navsok("query", "--kake").stderr  # a mistyped long option: no hint


def test_missing_index_is_one_clear_line_and_exit_2(runner, tmp_path):
    from navsok.cli import main

    result = runner.invoke(main, ["query", "kake", "--index", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"navsok: no index at {tmp_path / 'nowhere'} (run `navsok index` first)"
