"""`navsok query` options: --format, --context, --snippets, --fields, --explain, help."""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GJOVIK, HEIMDAL, records
from navsok.cli import main

ESC = "\x1b["


# --format


def test_format_tsv_has_a_header_and_six_columns_per_hit(navsok):
    result = navsok("query", "NAV", "--format", "tsv")
    header, *rows = result.output.splitlines()
    assert header.split("\t") == ["rank", "score", "path", "title", "source", "snippet"]
    assert len(rows) == 2
    for rank, row in enumerate(rows, 1):
        columns = row.split("\t")
        assert len(columns) == 6
        assert columns[0] == str(rank) and float(columns[1]) > 0
    assert {Path(row.split("\t")[2]).name for row in rows} == {GJOVIK, HEIMDAL}
    assert ESC not in result.output


def test_format_tsv_escapes_tabs_inside_fields(navsok, corpus):
    (corpus / "tab.txt").write_text("Budsjett\t2025 for NAV\n\nBudsjettet er lagt fram.", "utf-8")
    navsok("index", str(corpus))
    rows = navsok("query", "budsjett", "--format", "tsv").output.splitlines()[1:]
    assert len(rows) == 1
    columns = rows[0].split("\t")
    assert len(columns) == 6
    assert columns[3] == "Budsjett\\t2025 for NAV"


def test_format_json_and_paths_match_their_aliases(navsok):
    assert navsok("query", "NAV", "--format", "json").output == navsok("query", "NAV", "--json").output
    assert navsok("query", "NAV", "--format", "paths").output == navsok("query", "NAV", "-l").output


@pytest.mark.parametrize("query", ["NAV", "kake OR arbeid", '"NAV Heimdal"', "prøveprosjekt*"])
def test_paths_list_the_hits_of_the_full_output_in_its_order(navsok, query):
    """-l marks no words (it prints none), but lists the same articles, best first."""
    listed = navsok("query", query, "-l", "-n", "50").output.split()
    assert listed and listed == [record["path"] for record in records(navsok("query", query, "--json", "-n", "50"))]


def test_format_plain_is_the_default(navsok):
    assert navsok("query", "NAV", "--format", "plain").output == navsok("query", "NAV").output


def test_contradicting_formats_are_one_clear_error(navsok):
    result = navsok("query", "NAV", "--json", "--format", "tsv")
    assert result.exit_code == 2
    assert result.stderr.strip() == "navsok: choose one output format, not json and tsv"


def test_unknown_format_is_a_usage_error(navsok):
    result = navsok("query", "NAV", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'plain', 'json', 'tsv', 'paths'" in result.stderr


# --context, --snippets


def test_context_sets_the_snippet_length(navsok):
    short = records(navsok("query", "kvalifiseringsprogram", "--json", "--context", "15"))[0]
    long = records(navsok("query", "kvalifiseringsprogram", "--json", "--context", "150"))[0]
    assert len(short["snippet"]) <= 3 * 15 + 2  # the fragment plus an ellipsis each side
    assert len(long["snippet"]) > len(short["snippet"])
    for hit in (short, long):
        marked = {hit["snippet"][a:b] for a, b in hit["highlights"]}
        assert "kvalifiseringsprogrammet" in marked


def test_snippets_sets_how_many_pieces_of_text_a_hit_shows(navsok):
    def pieces(n: str) -> int:
        hit = records(navsok("query", "NAV", "--json", "--context", "20", "--snippets", n))[0]
        return hit["snippet"].count(" … ") + 1

    assert pieces("1") == 1
    assert 1 < pieces("3") <= 3


@pytest.mark.parametrize("option", ["--context", "--snippets", "--limit"])
def test_numbers_below_one_are_rejected(navsok, option):
    result = navsok("query", "NAV", option, "0")
    assert result.exit_code == 2
    assert "0 is not in the range x>=1" in result.stderr


# --fields


def test_fields_restricts_where_words_are_searched(navsok):
    # "kake" is only in the body of the Heimdal article, "pris" in the Gjøvik title.
    assert navsok("query", "kake", "--fields", "title").exit_code == 1
    assert [Path(p).name for p in navsok("query", "kake", "--fields", "body", "-l").output.split()] == [HEIMDAL]
    assert [Path(p).name for p in navsok("query", "pris", "--fields", "title", "-l").output.split()] == [GJOVIK]
    assert navsok("query", "NRK", "--fields", "source", "--count").output.strip() == "1"


def test_fields_applies_to_count(navsok):
    assert navsok("query", "kake", "--fields", "title", "-c").output.strip() == "0"


def test_unknown_field_is_one_clear_error(navsok):
    result = navsok("query", "NAV", "--fields", "title,forfatter")
    assert result.exit_code == 2
    assert result.stderr.strip() == "navsok: unknown field 'forfatter' (fields: title, body, source, path)"


# --explain


def test_explain_in_json_names_fields_words_and_stem_matches(navsok):
    hit = records(navsok("query", "kvalifiseringsprogram", "--json", "--explain"))[0]
    by_term = {(entry["field"], entry["term"]): entry for entry in hit["explain"]}
    # The lexicon does not know kvalifiseringsprogrammet: it is read by its head (programmet:
    # a lemma) and stemmed.
    for term, via in (("kvalifiseringsprogram", "lemma"), ("~kvalifiseringsprogram", "stem")):
        body = by_term[("body", term)]
        assert body["query"] == "kvalifiseringsprogram" and body["via"] == via
        assert "kvalifiseringsprogrammet" in body["forms"]
    assert by_term[("title", "kvalifiseringsprogram")]["via"] == "exact"
    # The breakdown adds up to the hit's score.
    assert sum(entry["score"] for entry in hit["explain"]) == pytest.approx(hit["score"], abs=1e-3)


def test_explain_marks_wildcard_and_fuzzy_matches(navsok):
    hit = records(navsok("query", "kvalifiser* gjovik~", "--json", "--explain"))[0]
    via = {(entry["query"], entry["via"]) for entry in hit["explain"]}
    assert ("kvalifiser*", "wildcard") in via
    assert ("gjovik~", "fuzzy") in via
    assert any("Gjøvik" in entry["forms"] for entry in hit["explain"])


def test_explain_marks_compound_part_matches(navsok):
    # "prosjekt" is a word of the Heimdal article and a part of its "prøveprosjekt".
    hit = records(navsok("query", "prosjekt", "--json", "--explain"))[0]
    assert Path(hit["path"]).name == HEIMDAL
    compound = [entry for entry in hit["explain"] if entry["via"] == "compound"]
    assert compound and "prøveprosjekt" in compound[0]["forms"]
    whole = [entry for entry in hit["explain"] if entry["field"] == "body"]
    assert whole[0]["score"] > compound[0]["score"]  # the word itself counts more


def test_json_without_explain_keeps_the_stable_fields(navsok):
    assert "explain" not in records(navsok("query", "NAV", "--json"))[0]


def test_explain_in_plain_and_tsv_is_one_extra_column(navsok):
    plain = navsok("query", "kvalifiseringsprogram", "--explain").output.splitlines()[0]
    assert len(plain.split("\t")) == 4
    assert "body:kvalifiseringsprogram→kvalifiseringsprogrammet stem" in plain.split("\t")[3]
    header, row = navsok("query", "kvalifiseringsprogram", "--format", "tsv", "--explain").output.splitlines()[:2]
    assert header.endswith("\texplain") and len(row.split("\t")) == 7


def test_explain_for_people_adds_up_terms_that_say_the_same(navsok):
    # The title word typed as written matches both its lemma and its stem: one line, whose
    # share is both terms' (JSON keeps one object per term).
    hit = records(navsok("query", "kvalifiseringsprogram", "--json", "--explain"))[0]
    exact = [e["score"] for e in hit["explain"] if e["field"] == "title" and e["via"] == "exact"]
    assert len(exact) == 2
    column = navsok("query", "kvalifiseringsprogram", "--explain").output.splitlines()[0].split("\t")[3]
    title = [entry for entry in column.split("; ") if entry.startswith("title:")]
    assert len(title) == 1 and title[0].endswith(f" exact {sum(exact):.2f}")


def test_explain_on_a_terminal_shows_a_breakdown_per_hit(navsok):
    screen = navsok("query", "kvalifiseringsprogram", "--explain", "--color", "never").output
    assert screen == navsok("query", "kvalifiseringsprogram", "--explain", "--color", "never").output
    result = navsok("query", "kvalifiseringsprogram", "--explain", "--color", "always",
                    env={"COLUMNS": "100"})
    lines = [line for line in _strip_ansi(result.output).splitlines() if "→" in line]
    assert any(line.split()[:5] == ["body", "kvalifiseringsprogram", "→", "kvalifiseringsprogrammet", "stem"] for line in lines)


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\", "", text)


# Rich layout: truncation


def test_long_titles_are_cut_to_the_terminal_width(navsok):
    result = navsok("query", "kvalifiseringsprogram", "--color", "always", env={"COLUMNS": "40"})
    heading = _strip_ansi(result.output).splitlines()[0]
    assert heading.startswith(" 1. NAV Gjøvik får pris")
    assert heading.endswith("…") and len(heading) == 40


def test_snippets_wrap_with_an_indent_at_the_terminal_width(navsok):
    result = navsok("query", "kvalifiseringsprogram", "--color", "always", env={"COLUMNS": "60"})
    lines = _strip_ansi(result.output).splitlines()
    assert all(len(line) <= 60 for line in lines)
    snippet_lines = lines[2 : lines.index("")]
    assert len(snippet_lines) > 1
    assert all(line.startswith("    ") for line in snippet_lines)


# help and version


def test_main_help_shows_examples_in_both_languages(runner):
    text = runner.invoke(main, ["--help"]).output
    for expected in ("Examples · eksempler", "navsok query kvalifiseringsprogram",
                     "alle bøyingsformer", "navsok.toml", "navsok completion bash", "shell"):
        assert expected in text


def test_query_help_shows_syntax_examples_and_every_option(runner):
    text = runner.invoke(main, ["query", "--help"]).output
    for expected in ("Query syntax · spørresyntaks", '"NAV Heimdal"', "title:pris", "gjovik~",
                     "kvalifiser*", "navsok query prøveprosjekt --explain", "--format",
                     "--context", "--snippets", "--fields", "--explain", "--no-pager",
                     "Exit status: 0 hits, 1 no hits, 2 error"):
        assert expected in text


def test_version(runner):
    from navsok import __version__

    assert runner.invoke(main, ["--version"]).output.strip() == f"navsok, version {__version__}"


def test_help_does_not_import_whoosh_or_rich():
    code = (
        "import sys\n"
        "from navsok.cli import main\n"
        "for args in (['--help'], ['query', '--help'], ['shell', '--help']):\n"
        "    try: main(args)\n"
        "    except SystemExit: pass\n"
        "print(sorted(m for m in ('whoosh', 'rich', 'simplemma') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
