"""Output snapshots: every format, byte for byte, at a fixed terminal width.

The snapshots live in tests/snapshots/. When output changes on purpose (a new analyser
scores differently, a layout change), rewrite them and review the diff:

    NAVSOK_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_snapshots.py && git diff tests/snapshots
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("NAVSOK_UPDATE_SNAPSHOTS") == "1"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

CASES = {
    "plain.txt": ("query", "NAV"),
    "json.jsonl": ("query", "NAV", "--format", "json"),
    "tsv.tsv": ("query", "NAV", "--format", "tsv"),
    "paths.txt": ("query", "NAV", "--format", "paths"),
    "explain.jsonl": ("query", "kvalifiseringsprogram", "--json", "--explain"),
    "explain.tsv": ("query", "kvalifiseringsprogram", "--format", "tsv", "--explain"),
    "terminal-100.txt": ("query", "NAV", "--color", "always", "--snippets", "2"),
    "terminal-50.txt": ("query", "NAV", "--color", "always", "--snippets", "2"),
    "terminal-explain-100.txt": ("query", "kvalifiseringsprogram", "--color", "always", "--explain"),
    "similar.txt": ("similar", "corpus/000_bf70088b4fb49da5.txt", "--explain"),
    "terminal-similar-100.txt": ("similar", "000_bf70088b4fb49da5.txt", "--color", "always", "--explain"),
}


@pytest.fixture
def at_home(navsok, tmp_path, monkeypatch):
    """Run from the folder holding the corpus, so paths print as corpus/NAME."""
    monkeypatch.chdir(tmp_path)
    return navsok


@pytest.mark.parametrize("name", CASES)
def test_output_matches_its_snapshot(at_home, name):
    width = re.search(r"-(\d+)\.txt$", name)
    result = at_home(*CASES[name], env={"COLUMNS": width.group(1) if width else "100"})
    assert result.exit_code == 0, result.output
    output = result.stdout
    if name.startswith("terminal"):
        assert ANSI.search(output), "terminal output should be highlighted"
        output = ANSI.sub("", output)  # the layout is the snapshot; colours are tested apart
        assert max(map(len, output.splitlines())) <= int(width.group(1))
    assert_snapshot(name, output)


def assert_snapshot(name: str, output: str) -> None:
    """``output`` is byte for byte the snapshot ``tests/snapshots/NAME`` (or becomes it,
    with NAVSOK_UPDATE_SNAPSHOTS=1)."""
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(output, "utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with NAVSOK_UPDATE_SNAPSHOTS=1"
    assert output == path.read_text("utf-8"), (
        f"{name} differs from its snapshot; if on purpose, see this module's docstring"
    )
