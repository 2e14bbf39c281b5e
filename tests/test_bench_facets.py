"""bench/facets.py (`--by year` beside the query) runs end to end on a tiny corpus; its
table parses and its per-year counts add up (the script checks that). No timings here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.bench

ROW = re.compile(r"\| `.+` \| [\d,]+ \| (?:[\d.]+ ms \| ){3}[\d.]+× \| \d+ ms \| \d+ ms \| [\d.]+× \|")


def test_facet_benchmark_prints_one_row_per_query(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "facets.py"), "--size", "100",
         "--corpus-cache", str(tmp_path / "corpus"), "--work", str(tmp_path / "work"),
         "--repeat", "1", "--cold-repeat", "1"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| `")]
    assert len(rows) == 6 and all(ROW.fullmatch(row) for row in rows), result.stdout
    assert "| `publisert` | 100 |" in result.stdout  # in every generated article
