"""The config file: navsok.toml in the project, ~/.config/navsok/config.toml; flags > env > config."""

import json
from pathlib import Path

import pytest

from conftest import GJOVIK, HEIMDAL

ESC = "\x1b["


@pytest.fixture
def project(tmp_path: Path, index_dir: Path, monkeypatch) -> Path:
    """The working folder, holding the corpus and index; no $NAVSOK_INDEX."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NAVSOK_INDEX", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


@pytest.fixture
def cli(runner):
    from navsok.cli import main

    return lambda *args, **kwargs: runner.invoke(main, list(args), **kwargs)


def write_config(folder: Path, text: str, name: str = "navsok.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, "utf-8")
    return folder / name


def test_project_config_names_the_index(cli, project):
    assert cli("query", "kake").exit_code == 2  # no .navsok/ here
    write_config(project, 'index = "index"\n')
    result = cli("query", "kake", "-l")
    assert result.exit_code == 0
    assert [Path(p).name for p in result.output.split()] == [HEIMDAL]


def test_config_in_a_parent_folder_applies_with_paths_relative_to_it(cli, project, monkeypatch):
    write_config(project, 'index = "index"\n')
    (project / "corpus" / "sub").mkdir()
    monkeypatch.chdir(project / "corpus" / "sub")
    assert cli("query", "kake", "--count").output.strip() == "1"


def test_env_beats_config_and_flag_beats_env(cli, project, tmp_path, monkeypatch):
    write_config(project, 'index = "index"\n')
    monkeypatch.setenv("NAVSOK_INDEX", str(tmp_path / "nowhere"))
    assert "no index at" in cli("query", "kake").stderr
    assert cli("query", "kake", "--index", str(project / "index")).exit_code == 0


def test_user_config_under_xdg_config_home(cli, project, private_home):
    write_config(private_home / "config" / "navsok", f'index = "{project / "index"}"\n', "config.toml")
    assert cli("query", "kake", "--count").output.strip() == "1"


def test_project_config_overrides_the_user_config_key_by_key(cli, project, private_home):
    write_config(private_home / "config" / "navsok", '[query]\nlimit = 1\nformat = "tsv"\n', "config.toml")
    write_config(project, 'index = "index"\n[query]\nformat = "json"\n')
    lines = cli("query", "NAV").output.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["rank"] == 1


def test_corpus_is_what_index_indexes_without_paths(cli, project):
    write_config(project, 'index = "ix2"\ncorpus = ["corpus"]\n')
    result = cli("index")
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output and "ix2" in result.output
    assert cli("query", "NAV", "--count").output.strip() == "2"


def test_missing_corpus_folder_is_one_clear_error(cli, project):
    write_config(project, 'corpus = ["arkiv"]\n')
    result = cli("index")
    assert result.exit_code == 2
    assert result.stderr.startswith("navsok: no PATH given and no ")
    assert "arkiv" in result.stderr


def test_output_options_from_config_and_flags_over_them(cli, project):
    write_config(project, 'index = "index"\n[query]\nlimit = 1\nformat = "json"\ncontext = 15\nsnippets = 1\n')
    lines = cli("query", "NAV").output.splitlines()
    assert len(lines) == 1
    assert len(json.loads(lines[0])["snippet"]) <= 3 * 15 + 2
    assert len(cli("query", "NAV", "--limit", "2").output.splitlines()) == 2
    assert cli("query", "NAV", "-l", "-n", "1").output.strip().endswith((GJOVIK, HEIMDAL))
    assert cli("query", "NAV", "--format", "tsv").output.startswith("rank\tscore")


def test_sort_from_config_and_the_flag_over_it(cli, project):
    corpus = project / "corpus"
    (corpus / "gammel.txt").write_text("Bløtkake, bløtkake\n\nPublisert: 2020-01-01\nBløtkake til alle.", "utf-8")
    (corpus / "ny.txt").write_text("Nyheter\n\nPublisert: 2026-01-01\nDet var bløtkake.", "utf-8")
    write_config(project, 'index = "index"\n')
    assert cli("index", str(corpus)).exit_code == 0
    names = lambda *args: [Path(p).name for p in cli("query", "bløtkake", "-l", *args).output.split()]  # noqa: E731
    assert names() == ["gammel.txt", "ny.txt"]  # best match first
    write_config(project, 'index = "index"\n[query]\nsort = "date"\n')
    assert names() == ["ny.txt", "gammel.txt"]  # newest first
    assert names("--sort", "relevance") == ["gammel.txt", "ny.txt"]


def test_fields_from_config(cli, project):
    write_config(project, 'index = "index"\n[query]\nfields = ["title"]\n')
    assert cli("query", "kake").exit_code == 1
    assert cli("query", "kake", "--fields", "title,body").exit_code == 0


def test_color_from_config_yields_to_no_color_which_yields_to_the_flag(cli, project):
    write_config(project, 'index = "index"\n[query]\ncolor = "always"\n')
    assert ESC in cli("query", "kake").output
    assert ESC not in cli("query", "kake", env={"NO_COLOR": "1"}).output
    assert ESC in cli("query", "kake", "--color", "always", env={"NO_COLOR": "1"}).output


def test_navsok_config_names_the_one_file_to_use(cli, project, tmp_path, monkeypatch):
    write_config(project, 'index = "nowhere"\n')
    other = write_config(tmp_path / "elsewhere", f'index = "{project / "index"}"\n', "mine.toml")
    monkeypatch.setenv("NAVSOK_CONFIG", str(other))
    assert cli("query", "kake", "--count").output.strip() == "1"


@pytest.mark.parametrize(
    "text, message",
    [
        ("index = \n", "not valid TOML"),
        ('indeks = "x"\n', "unknown key 'indeks'"),
        ("[query]\nlimt = 3\n", "unknown key 'limt' in [query]"),
        ('[query]\nlimit = "ten"\n', "[query] limit must be a whole number ≥ 1, not 'ten'"),
        ("[query]\nlimit = 0\n", "[query] limit must be a whole number ≥ 1, not 0"),
        ('[query]\nformat = "xml"\n', "[query] format must be plain or json or tsv or paths, not 'xml'"),
        ('[query]\nsort = "title"\n', "[query] sort must be relevance or date, not 'title'"),
        ("[query]\npager = 1\n", "[query] pager must be true or false"),
        ("corpus = 3\n", "'corpus' must be a list of paths"),
        ("index = 3\n", "'index' must be a folder name"),
        ('query = "x"\n', "'query' must be a table"),
    ],
)
def test_bad_config_is_one_clear_line_and_exit_2(cli, project, text, message):
    path = write_config(project, text)
    result = cli("query", "kake")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"navsok: {path}: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_navsok_config_file_is_an_error(cli, project, tmp_path, monkeypatch):
    monkeypatch.setenv("NAVSOK_CONFIG", str(tmp_path / "gone.toml"))
    result = cli("query", "kake")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"navsok: {tmp_path / 'gone.toml'}: no such config file"
