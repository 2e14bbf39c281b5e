"""`navsok shell` fed through standard input, and shell completion through Click."""

import json
from pathlib import Path

import pytest

from conftest import GJOVIK, HEIMDAL
from navsok.cli import main


def test_shell_answers_each_line_until_quit(navsok):
    result = navsok("shell", "-l", input="kake\nkvalifiseringsprogram\n:q\nNAV\n")
    assert result.exit_code == 0
    assert [Path(p).name for p in result.output.split()] == [HEIMDAL, GJOVIK]


def test_shell_ends_at_end_of_input(navsok):
    result = navsok("shell", "--json", input="kake\n")
    assert result.exit_code == 0
    assert [json.loads(line)["rank"] for line in result.output.splitlines()] == [1]


def test_shell_shows_errors_and_goes_on(navsok):
    result = navsok("shell", "-l", input='"NAV Heimdal\n:nonsense\nkake\n')
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "navsok: malformed query '\"NAV Heimdal': unbalanced quote",
        "navsok: unknown command :nonsense (:help lists them)",
    ]
    assert [Path(p).name for p in result.stdout.split()] == [HEIMDAL]


def test_shell_commands_change_limit_and_explain(navsok):
    result = navsok("shell", "--json", input=":limit 1\nNAV\n:explain\nNAV\n:limit x\n:help\n")
    lines = result.stdout.splitlines()
    assert lines[0] == "limit 1"
    first = json.loads(lines[1])
    assert "explain" not in first
    assert lines[2] == "explain on"
    second = json.loads(lines[3])
    assert second["explain"] and len(lines) > 5
    assert "navsok: :limit needs a whole number ≥ 1, e.g. :limit 5" in result.stderr
    assert ":q          leave (or Ctrl-D)" in result.output


def test_shell_uses_the_query_options(navsok):
    result = navsok("shell", "--format", "tsv", "--fields", "title", input="pris\nkake\n")
    lines = result.output.splitlines()
    assert lines[0].startswith("rank\t") and Path(lines[1].split("\t")[2]).name == GJOVIK
    assert lines[2].startswith("rank\t") and len(lines) == 3  # kake is not in a title


def test_shell_on_a_missing_index_is_one_clear_error(runner, tmp_path):
    result = runner.invoke(main, ["shell", "--index", str(tmp_path / "ingen")], input="kake\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("navsok: no index at")


def test_query_without_query_in_a_pipe_is_an_error(navsok):
    result = navsok("query", input="kake\n")
    assert result.exit_code == 2
    assert result.stderr.strip() == "navsok: no QUERY given (run `navsok shell` for the interactive prompt)"


# completion


@pytest.mark.parametrize(
    "shell, marker",
    [("bash", "complete -o nosort -F"), ("zsh", "compdef"), ("fish", "complete --no-files --command navsok")],
)
def test_completion_prints_the_script_for_each_shell(runner, shell, marker):
    result = runner.invoke(main, ["completion", shell])
    assert result.exit_code == 0
    assert marker in result.output
    assert "_NAVSOK_COMPLETE" in result.output


def complete(runner, words: str) -> list[str]:
    """What bash completion offers for the last of ``words``."""
    env = {"_NAVSOK_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    result = runner.invoke(main, [], env=env, prog_name="navsok")
    return [line.split(",", 1)[1] for line in result.output.splitlines()]


def test_completion_offers_commands_options_and_values(runner):
    assert complete(runner, "navsok q") == ["query"]
    assert set(complete(runner, "navsok ")) >= {"index", "query", "shell", "completion"}
    assert "--explain" in complete(runner, "navsok query kake --ex")
    assert complete(runner, "navsok query kake --format ") == ["plain", "json", "tsv", "paths"]
    assert complete(runner, "navsok query kake --fields title,b") == ["title,body"]
    assert complete(runner, "navsok completion ") == ["bash", "zsh", "fish"]
