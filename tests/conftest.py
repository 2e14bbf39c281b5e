"""Shared fixtures: the seed articles, a built index over them, and a CLI runner."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from navsok.cli import main

# The Ctrl-C tests send SIGINT to real navsok processes. A test run started in the
# background of a non-interactive shell (`make test &`) inherits SIGINT ignored, and a
# child would inherit that too and never see the Ctrl-C: start from the default.
signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GJOVIK = "000_bf70088b4fb49da5.txt"  # NAV Gjøvik wins a prize for kvalifiseringsprogrammet
HEIMDAL = "002_f1514c5b6195a86b.txt"  # NAV Heimdal's prøveprosjekt, celebrated with kake


#: What the conflation tests' report reads first on a fresh machine: the held-out
#: lexicon (its child run's), then the dictionaries' paradigm tables (Apertium's take
#: ten seconds to read). Each command builds and caches them, in that order.
_REPORT_TABLES = (
    (["--split", "holdout"], {"NAVSOK_LEXICON_HOLDOUT": "1"}),
    (["--split", "none"], {}),
)
_warming: dict = {}


def _warm_report_tables() -> None:
    for args, env in _REPORT_TABLES:
        if _warming.get("stop"):
            return
        _warming["process"] = subprocess.Popen(
            [sys.executable, "-m", "navsok.conflation", *args, "--size", "1", "--json"],
            env=dict(os.environ, **env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _warming["process"].wait()


def pytest_collection_finish(session) -> None:
    """When the conflation tests will run, build the tables their report needs now, in the
    background on the other core, while the first tests build the whole lexicon: on a
    fresh machine each build takes half a minute. With the tables cached, the background
    only reads them and ends."""
    if any(item.path.name == "test_conflation.py" for item in session.items):
        _warming["thread"] = threading.Thread(target=_warm_report_tables, daemon=True)
        _warming["thread"].start()


def pytest_sessionfinish(session) -> None:
    """An interrupted run leaves no process behind."""
    _warming["stop"] = True
    process = _warming.get("process")
    if process is not None and process.poll() is None:
        process.kill()
        process.wait()


@pytest.fixture
def report_tables() -> None:
    """Wait for the tables of the conflation report, if they are being built."""
    if "thread" in _warming:
        _warming["thread"].join()


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory, monkeypatch) -> Path:
    """Keep every test away from the user's own config file and shell history."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    for name in ("NAVSOK_CONFIG", "NAVSOK_HISTORY", "NAVSOK_INDEX", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    return home


def records(result) -> list[dict]:
    """The JSON lines a `navsok query --json` run printed."""
    return [json.loads(line) for line in result.stdout.splitlines()]


def names(result) -> list[str]:
    """The file names of the hits of a `navsok query --json` run, best first."""
    return [Path(record["path"]).name for record in records(result)]


def highlighted(record: dict) -> set[str]:
    """The words a JSON hit marks as matched, as they stand in its snippet."""
    return {record["snippet"][start:end] for start, end in record["highlights"]}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the seed articles that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def index_dir(tmp_path: Path, corpus: Path, runner: CliRunner) -> Path:
    """An index built over :func:`corpus` through the CLI."""
    target = tmp_path / "index"
    result = runner.invoke(main, ["index", str(corpus), "--index", str(target)])
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def navsok(runner: CliRunner, index_dir: Path, monkeypatch):
    """Run ``navsok ARGS…`` against the seed index; returns Click's result."""
    monkeypatch.setenv("NAVSOK_INDEX", str(index_dir))
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*args: str, **kwargs):
        return runner.invoke(main, list(args), **kwargs)

    return run
