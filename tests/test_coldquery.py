"""The cold query path (navsok.coldquery, navsok.launch): the same paths as the full
program for the queries it answers, the full program for everything else, and a start
that imports neither Click nor Whoosh."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from navsok import coldquery
from navsok.cli import main

BENCH = Path(__file__).resolve().parent.parent / "bench"

#: Words, ORs and phrases of the generated articles: frequent, rare, inflected, Nynorsk,
#: compounds, and words several readings join.
QUERIES = (
    "publisert", "år", "barn", "dagpenger", "ørret", "kvalifiseringsprogram", "arbeidsmarked",
    "ytringsfriheten", "søknader", "stasjoner", "brukere", "kommunen", "sjukepengar",
    "nav kontor", "barn familie", "sykepenger heimdal", "barn barn", "2024",
    "dagpenger OR sykepenger", "barn OR barnehage OR skole",
    '"første gang"', '"nav gjøvik"', '"i dag"', '"ny rapport"',
    "prøveprosjekt*", "arbeid*", "barn*", "kvalifiser*",
)
#: One query of each class the benchmark times cold (bench/queries.py): all answered here.
COLD_CLASSES = ("ørret", "publisert", '"første gang"', "dagpenger OR sykepenger", "prøveprosjekt*")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, Path]:
    """(corpus, index) of 2,400 generated articles of 200 words in two segments (the parallel writer),
    then 40 of them changed and 10 removed: deleted documents in both."""
    sys.path.insert(0, str(BENCH))
    try:
        from make_corpus import generate
    finally:
        sys.path.remove(str(BENCH))
    root = tmp_path_factory.mktemp("cold")
    corpus, index = root / "corpus", root / "index"
    generate(corpus, 2400, words=200)
    runner = CliRunner()
    done = runner.invoke(main, ["index", str(corpus), "--index", str(index)])
    assert done.exit_code == 0, done.output
    files = sorted(corpus.rglob("*.txt"))
    for changed in files[::60]:
        changed.write_text(changed.read_text("utf-8") + "\nEndret: ny rapport om dagpenger.\n", "utf-8")
    for removed in files[7::240]:
        removed.unlink()
    done = runner.invoke(main, ["index", str(corpus), "--index", str(index)])
    assert done.exit_code == 0, done.output
    return corpus, index


def full_paths(index: Path, query: str, limit: int) -> str:
    done = CliRunner().invoke(main, ["query", query, "-l", "-n", str(limit), "--index", str(index)])
    assert done.exit_code in (0, 1), done.output
    return done.output


@pytest.mark.parametrize("query", QUERIES)
def test_a_cold_query_prints_the_paths_the_full_program_prints(generated, query):
    _, index = generated
    for limit in (10, 50):
        quick = coldquery.answer(["query", query, "-l", "-n", str(limit), "--index", str(index)])
        if quick is not None:
            assert quick == full_paths(index, query, limit)


def test_every_class_of_the_benchmark_is_answered_quickly(generated):
    _, index = generated
    for query in COLD_CLASSES:
        assert coldquery.answer(["query", query, "-l", "--index", str(index)]), query


@pytest.mark.parametrize("query", ["publisert", '"første gang"', "dagpenger OR sykepenger",
                                   "nav kontor", "stasjoner", "barn barn", "prøveprosjekt*"])
def test_the_query_searches_the_terms_the_parser_makes(generated, query):
    from whoosh import query as q

    from navsok.parsing import parse_query
    from navsok.store import open_index
    from navsok.wordterms import use_stem_table

    _, index = generated
    use_stem_table(index)
    parsed = parse_query(query, open_index(index).schema)

    def leaf(node):
        if type(node) is q.Phrase:
            return node.fieldname, tuple(node.words)
        if type(node) is q.Prefix:
            return node.fieldname, node.text
        return node.fieldname, node.text, node.boost

    groups = parsed.children() if type(parsed) is q.And else [parsed]
    expected = [[leaf(node) for node in (g.children() if type(g) is q.Or else [g])] for g in groups]
    assert coldquery.plan(coldquery.parse(query)) == expected


@pytest.mark.parametrize("argv", [
    ["query", "publisert", "--index", "IX"],  # not -l: Rich or plain lines with snippets
    ["query", "publisert", "-l", "--json", "--index", "IX"],
    ["query", "publisert", "-l", "--since", "2020", "--index", "IX"],
    ["query", "publis?rt", "-l", "--index", "IX"],
    ["query", "nav publiser*", "-l", "--index", "IX"],
    ["query", "title:publisert", "-l", "--index", "IX"],
    ["query", "publisert NOT barn", "-l", "--index", "IX"],
    ["query", "barn OR skole publisert", "-l", "--index", "IX"],
    ["query", '"det er"', "-l", "--index", "IX"],  # stopwords
    ["query", "NAV-kontor", "-l", "--index", "IX"],  # two words to the analyser
    ["query", "kvalifiseringsprogam", "-l", "--index", "IX"],  # no hits: a suggestion
    ["query", "publisert", "-l", "-n", "0", "--index", "IX"],
    ["stats", "--index", "IX"],
])
def test_everything_else_is_left_to_the_full_program(generated, argv):
    _, index = generated
    argv = [str(index) if arg == "IX" else arg for arg in argv]
    assert coldquery.answer(argv) is None


def test_a_config_file_or_another_index_version_leaves_it_to_the_full_program(
        generated, tmp_path, monkeypatch):
    _, index = generated
    argv = ["query", "publisert", "-l", "--index", str(index)]
    assert coldquery.answer(argv) is not None
    config = tmp_path / "navsok.toml"
    config.write_text("[query]\nlimit = 3\n")
    monkeypatch.setenv("NAVSOK_CONFIG", str(config))
    assert coldquery.answer(argv) is None
    monkeypatch.delenv("NAVSOK_CONFIG")
    monkeypatch.setenv("_NAVSOK_COMPLETE", "bash_complete")  # shell completion: Click's
    assert coldquery.answer(argv) is None
    monkeypatch.delenv("_NAVSOK_COMPLETE")
    meta = index / "navsok.json"
    kept = meta.read_text()
    try:
        meta.write_text(json.dumps({**json.loads(kept), "analyser": 1}))
        assert coldquery.answer(argv) is None
    finally:
        meta.write_text(kept)


# The program as installed runs navsok.launch.main; at os._exit it reports the modules.
LAUNCH_PROBE = """
import json, os, sys
real_exit = os._exit
def report(status):
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
    sys.stderr.flush()
    real_exit(status)
os._exit = report
from navsok.launch import main
sys.argv = ["navsok", *sys.argv[1:]]
main()
"""


def test_the_program_answers_a_plain_query_without_click_or_whoosh(generated):
    _, index = generated
    run = subprocess.run([sys.executable, "-c", LAUNCH_PROBE, "query", "publisert", "-l",
                          "--index", str(index)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout == full_paths(index, "publisert", 10)
    modules = json.loads(run.stderr.strip().splitlines()[-1])
    # Of Whoosh only its stop word list (navsok.spelling reads it).
    assert not [m for m in modules if m.split(".")[0] in ("click", "numpy", "rich")
                or (m.startswith("whoosh.") and not m.startswith("whoosh.lang"))]


def test_the_program_runs_the_full_command_line_for_the_rest(generated):
    _, index = generated
    run = subprocess.run([sys.executable, "-c", LAUNCH_PROBE, "query", "publisert", "--json",
                          "-n", "2", "--index", str(index)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert [json.loads(line)["rank"] for line in run.stdout.splitlines()] == [1, 2]
    run = subprocess.run([sys.executable, "-c", LAUNCH_PROBE, "query", "zzzqqq", "-l",
                          "--index", str(index)], capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (1, "")


def test_random_queries_from_the_articles_words_print_the_same_paths(generated):
    """Words, pairs, ORs, phrases and patterns drawn from the articles themselves: every
    one the cold path answers prints what the full program prints."""
    import random
    import re

    corpus, index = generated
    words = [w for path in sorted(corpus.rglob("*.txt"))[:150]
             for w in re.findall(r"[^\W\d_]{3,}", path.read_text("utf-8"))]
    rng = random.Random(11)
    queries = [rng.choice(words) for _ in range(40)]
    queries += [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(15)]
    queries += [f"{rng.choice(words)} OR {rng.choice(words)}" for _ in range(15)]
    starts = [rng.randrange(len(words) - 1) for _ in range(15)]
    queries += [f'"{words[i]} {words[i + 1]}"' for i in starts]
    queries += [rng.choice(words)[:5] + "*" for _ in range(10)]
    answered = 0
    for query in queries:
        quick = coldquery.answer(["query", query, "-l", "-n", "20", "--index", str(index)])
        if quick is not None:
            answered += 1
            assert quick == full_paths(index, query, 20), query
    assert answered >= len(queries) // 3, answered  # the others: stopwords, few hits
