"""Cold queries: ``navsok query Q -l -n 20`` from process start to exit, beside ``rg -il``
over the same files, per query class, in alternating runs (the median of each)."""

from __future__ import annotations

import os
import shutil
import statistics
from pathlib import Path

from measure import measure
from queries import COLD

NO_HITS_OK = (0, 1)  # navsok and grep exit 1 when nothing matches


def grep_command() -> list[str] | None:
    """``rg -i -l -F`` if ripgrep is installed, else ``grep -r -i -l -F``."""
    if shutil.which("rg"):
        return ["rg", "-i", "-l", "-F"]
    if shutil.which("grep"):
        return ["grep", "-r", "-i", "-l", "-F"]
    return None


def query_args(query, index_dir) -> list[str]:
    """The timed command's arguments: ``query Q -l -n 20`` on ``index_dir``."""
    return ["query", query.text, "-l", "-n", "20", "--index", str(index_dir)]


def cold_queries(navsok: Path, index_dir: Path, corpus: Path, opts) -> dict[str, float]:
    """``cold_navsok_<kind>_ms`` and ``cold_grep_<kind>_ms`` per class, their overall
    medians and slowest runs, and both programs' peak RSS."""
    m: dict[str, float] = {}
    grep = grep_command() if opts.grep else None
    navsok_runs, grep_runs = [], []
    # As installed, Python keeps navsok's compiled modules in __pycache__; where the
    # environment forbids that (PYTHONDONTWRITEBYTECODE, as in some sandboxes) every cold
    # run would compile them from source first. Keep the caches, and write them once.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    for query in COLD[: opts.cold_queries]:
        measure([str(navsok), *query_args(query, index_dir)], ok=NO_HITS_OK)
    for query in COLD[: opts.cold_queries]:
        mine, theirs = [], []
        for _ in range(opts.cold_repeat):
            mine.append(measure([str(navsok), *query_args(query, index_dir)], ok=NO_HITS_OK))
            if grep:
                words = [arg for literal in query.literals for arg in ("-e", literal)]
                theirs.append(measure([*grep, *words, str(corpus)], ok=NO_HITS_OK))
        m[f"cold_navsok_{query.kind}_ms"] = statistics.median(r.seconds for r in mine) * 1000
        navsok_runs += mine
        if theirs:
            m[f"cold_grep_{query.kind}_ms"] = statistics.median(r.seconds for r in theirs) * 1000
            grep_runs += theirs
    for name, runs in (("navsok", navsok_runs), ("grep", grep_runs)):
        if runs:
            m[f"cold_{name}_ms"] = statistics.median(r.seconds for r in runs) * 1000
            m[f"cold_{name}_max_ms"] = max(r.seconds for r in runs) * 1000
            m[f"rss_query_{name}_mb"] = max(r.peak_rss_mb for r in runs)
    return m
