"""The benchmark (bench/run.py) runs end to end on a tiny corpus and its output parses.

Only the shape of the output is checked here, never timings.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.bench

CELL = re.compile(r"n/a|[\d,.]+ (?:s|ms|MB|pages/s)(?:, [\d,]+ docs/s)?(?: \([\d.]+×\))?")


def test_benchmark_runs_and_prints_a_table_that_parses(tmp_path: Path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "100",
         "--corpus-cache", str(tmp_path / "corpus"), "--work", str(tmp_path / "work"),
         "--repeat", "1", "--cold-repeat", "1",
         "--cold-queries", "1", "--no-tantivy", "--no-grep", "--json", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = lines.index("| measure | 100 articles | target |")
    rows = []
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    assert len(rows) >= 15
    for label, *cells, target in rows:
        assert len(cells) == 1, label
        for text in cells:
            assert CELL.fullmatch(text), (label, text)
    measured = {label: cells for label, *cells, _ in rows}
    assert all(c != "n/a" for c in measured["index: `navsok index`"])
    assert all(c == "n/a" for c in measured["index: tantivy, pre-stemmed"])  # --no-tantivy

    results = json.loads(out.read_text())["results"]
    assert list(results) == ["100"]
    for size, measures in results.items():
        assert measures["docs"] == int(size)
        assert measures["size_navsok_mb"] > 0 and measures["warm_navsok_p95_ms"] > 0
        # Same analyser, same terms: navsok and FTS5 find the same articles for each query.
        totals = measures["totals"]
        assert totals["navsok"] == totals["fts5"]
        assert sum(totals["navsok"].values()) > 0
