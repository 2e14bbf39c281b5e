"""Start-up stays light: help texts load neither Whoosh nor the lemmatiser nor Rich."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("whoosh", "simplemma", "rich")

PROBE = """
import json, sys
from click.testing import CliRunner
from navsok.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
assert result.exit_code == 0, result.output
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize("args", [["--help"], ["query", "--help"], ["index", "--help"]])
def test_help_does_not_import_heavy_modules(args):
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    modules = json.loads(run.stdout)
    assert "navsok.cli" in modules
    assert [m for m in modules if m.split(".")[0] in HEAVY] == []
