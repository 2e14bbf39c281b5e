"""More like this: `navsok similar ARTICLE`, `query --like ARTICLE` and the shell's
`:like ARTICLE`, over the judged corpus in tests/relevance/corpus (real Norwegian news)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT
from navsok.cli import main

CORPUS = ROOT / "tests" / "relevance" / "corpus"
DAGPENGER = "r01_dagpengesatsen_okes.txt"  # the unemployment benefit rate goes up
#: Articles about dagpenger, one in Nynorsk (dagpengar, dagpengane).
ABOUT_DAGPENGER = {"r02_soknader_om_dagpenger.txt", "r48_nn_dagpengar_permitterte.txt"}
RECORDS = [
    {"id": "a1", "title": "Dagpenger øker", "body": "Dagpengene øker for arbeidsledige.", "source": "NTB"},
    {"id": "a2", "title": "Flere arbeidsledige", "body": "Arbeidsledige får dagpengar.", "source": "NRK"},
    {"id": "a3", "title": "Blåbær", "body": "Blåbærsesongen er god i år.", "source": "NRK"},
]  # fmt: skip


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The judged corpus and a .jsonl of three records, indexed once for the module."""
    folder = tmp_path_factory.mktemp("similar")
    shutil.copytree(CORPUS, folder / "corpus")
    lines = "\n".join(json.dumps(record, ensure_ascii=False) for record in RECORDS)
    (folder / "corpus" / "saker.jsonl").write_text(lines + "\n", "utf-8")
    result = CliRunner().invoke(main, ["index", str(folder / "corpus"), "--index", str(folder / "ix")])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def run(folder, monkeypatch, runner):
    monkeypatch.chdir(folder)
    monkeypatch.setenv("NAVSOK_INDEX", str(folder / "ix"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return lambda *args, **kwargs: runner.invoke(main, list(args), **kwargs)


def hits(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_most_similar_articles_share_the_topic_and_not_the_article_itself(run):
    result = run("similar", DAGPENGER, "--json", "-n", "3")
    assert result.exit_code == 0
    names = [record["path"].rsplit("/", 1)[-1] for record in hits(result)]
    assert DAGPENGER not in names and len(names) == 3
    assert ABOUT_DAGPENGER <= set(names)  # the Nynorsk one too: dagpengar meets dagpenger
    assert [record["rank"] for record in hits(result)] == [1, 2, 3]


def stored_text(run, path: str) -> str:
    article = json.loads(run("show", path, "--json").stdout)
    return f"{article['title']}\n{article['body']}".lower()


def test_explain_names_words_the_article_and_each_hit_share(run):
    source = stored_text(run, DAGPENGER)
    for record in hits(run("similar", DAGPENGER, "--json", "--explain", "-n", "8")):
        assert record["explain"], record["path"]
        text = stored_text(run, record["path"])
        for match in record["explain"]:
            assert match["query"] in source  # the article's word …
            assert all(form.lower() in text for form in match["forms"])  # … the hit's words


def test_query_like_is_similar(run):
    assert run("query", "--like", DAGPENGER).stdout == run("similar", DAGPENGER).stdout


def test_filters_apply_to_the_similar_articles(run):
    found = hits(run("similar", DAGPENGER, "--json", "--source", "NTB", "-n", "50"))
    assert found and {record["source"] for record in found} == {"NTB"}


@pytest.mark.parametrize("filters", [
    (), ("--source", "NTB"), ("--source", "Framtida.no"), ("--since", "2024-01-01"),
    ("--until", "2023-12-31"), ("--since", "2024-01-01", "--source", "nrk")])  # fmt: skip
def test_the_total_counts_the_listed_articles_whatever_the_filters(run, filters):
    shown = run("similar", DAGPENGER, "-n", "100", "--color", "always", *filters,
                env={"COLUMNS": "100"})
    listed = len(re.findall(r"^\S*\s*\d+\. ", shown.stdout, re.M))
    total = re.search(r"(\d+) hits? for 'like ", shown.stdout)
    assert total and int(total.group(1)) == listed, filters  # the article itself left out
    assert listed > 3 or filters


def test_a_record_of_a_json_lines_file_by_its_id(run):
    found = run("similar", "corpus/saker.jsonl#a1", "-l", "-n", "100").stdout.splitlines()
    assert "corpus/saker.jsonl#a2" in found  # arbeidsledige, dagpengar
    assert "corpus/saker.jsonl#a1" not in found and "corpus/saker.jsonl#a3" not in found


@pytest.mark.parametrize("args, message", [
    (("similar", "nope.txt"), "no article 'nope.txt'"),
    (("similar", "corpus/saker.jsonl"), "holds 3 articles"),
    (("query", "dagpenger", "--like", DAGPENGER), "give no QUERY"),
    (("query", "--like", DAGPENGER, "--by", "year"), "give no QUERY"),
])  # fmt: skip
def test_bad_articles_and_combinations_are_one_line_and_exit_2(run, args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_the_shell_answers_like(run):
    result = run("shell", "-l", input=f":like {DAGPENGER}\n:like\n:like nope.txt\nkake\n")
    lines = result.stdout.splitlines()
    assert ABOUT_DAGPENGER <= {line.rsplit("/", 1)[-1] for line in lines}
    assert ":like needs an article" in result.stderr and "no article 'nope.txt'" in result.stderr
