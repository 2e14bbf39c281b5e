"""A damaged index (real truncated or garbled files) is one line naming the damage and
`navsok index --rebuild`, for every command; the rebuild recovers it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from navsok.cli import main
from conftest import GJOVIK

DAMAGED = re.compile(
    r"navsok: the index at (?P<ix>\S+) is damaged \((?P<what>[^\n]+)\): "
    r"run `navsok index --rebuild`\n"
)
#: The index files damaged, by ending: the table of contents, postings, terms, stored fields.
ENDINGS = (".toc", ".pst", ".trm", "._stored.col")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, Path]:
    from click.testing import CliRunner
    from conftest import SEEDS

    root = tmp_path_factory.mktemp("pristine")
    shutil.copytree(SEEDS, root / "corpus")
    result = CliRunner().invoke(main, ["index", str(root / "corpus"), "--index", str(root / "ix")])
    assert result.exit_code == 0, result.output
    return root / "corpus", root / "ix"


def truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def garble(data: bytes) -> bytes:  # same size: only a checksum tells
    return data[:16] + bytes([0xA5]) * (len(data) - 32) + data[-16:]


@pytest.mark.parametrize("damage", [truncate, garble])
@pytest.mark.parametrize("ending", ENDINGS)
def test_every_command_names_the_damage_and_rebuild_recovers(
    pristine, tmp_path, runner, ending, damage
):
    corpus, original = pristine
    index_dir = tmp_path / "ix"
    shutil.copytree(original, index_dir)
    (damaged,) = [p for p in index_dir.iterdir() if p.name.endswith(ending)]
    damaged.write_bytes(damage(damaged.read_bytes()))
    # Sizes are checked whenever an index is opened; checksums by `stats`, `index`, and
    # any command that fails to read a file (a garbled file it never reads does it no harm).
    commands = [["query", "NAV"], ["stats"], ["index", str(corpus)]]
    if damage is truncate:
        commands += [["query", "NAV", "--count"], ["show", str(corpus / GJOVIK)]]
    for args in commands:
        result = runner.invoke(main, [*args, "--index", str(index_dir)])
        assert result.exit_code == 2, (args, result.output)
        found = DAMAGED.fullmatch(result.stderr)
        assert found, (args, result.stderr)
        assert found["what"].startswith(damaged.name), result.stderr
    rebuilt = runner.invoke(main, ["index", str(corpus), "--rebuild", "--index", str(index_dir)])
    assert rebuilt.exit_code == 0, rebuilt.output
    counted = runner.invoke(main, ["query", "NAV", "--count", "--index", str(index_dir)])
    assert counted.exit_code == 0 and int(counted.stdout) > 0
