"""Start-up stays light: help texts load neither Whoosh nor the lemmatiser nor Rich."""

from __future__ import annotations

import json
import os
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


# A cold `navsok query` imports only what a query runs. Counted in modules beyond what a
# bare `python -c pass` holds (machine-independent, unlike milliseconds): 236 when this
# budget was set, from 302 before Whoosh's network and asyncio imports were avoided; 205
# since the stand-ins of navsok.standins (224 before them).
QUERY_MODULE_BUDGET = 215
#: Never needed to answer a query: indexing-only libraries, Rich for `-l`, and what
#: Whoosh would drag in (urllib.request → http.client, email, ssl; cached_property → asyncio;
#: English word variations, 79 regular expressions compiled at import; the English
#: stemmers, what writing and other output formats need: see navsok.whooshlean).
NOT_FOR_A_QUERY = (
    "trafilatura", "lxml", "charset_normalizer", "simplemma", "wordfreq", "rich",
    "urllib.request", "http", "email", "ssl", "asyncio", "multiprocessing",
    "whoosh.lang.morph_en", "whoosh.lang.porter", "whoosh.lang.dmetaphone",
    "tempfile", "shutil", "random", "calendar", "html", "hashlib", "signal",
    "navsok.articles", "navsok.dates",
)

QUERY_PROBE = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))
from navsok.cli import main
sys.argv = ["navsok", *sys.argv[1:]]
main()
"""


# (A pattern whose prefix is no indexed word, `kvalifiser*`, still loads the lemmatiser:
# the query parser stems the prefix, and the stem table only knows indexed words.)
@pytest.mark.parametrize("query", ["NAV", '"NAV Heimdal"', "prøveprosjekt*", "NAV OR kake"])
def test_a_cold_query_imports_only_what_it_needs(index_dir, query):
    bare = subprocess.run([sys.executable, "-c", "import sys; print(len(sys.modules))"],
                          capture_output=True, text=True, check=True)
    run = subprocess.run(
        [sys.executable, "-c", QUERY_PROBE, "query", query, "-l", "--index", str(index_dir)],
        capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip()  # it found the seeds' articles
    modules = json.loads(run.stderr.strip().splitlines()[-1])
    unneeded = [m for m in modules if any(m == n or m.startswith(n + ".") for n in NOT_FOR_A_QUERY)]
    assert unneeded == []
    assert len(modules) - int(bare.stdout) <= QUERY_MODULE_BUDGET


NUMPY_THREADS = """
import os, sys
from navsok.numpyload import load_numpy
load_numpy()
print(len(os.listdir("/proc/self/task")), os.environ.get("OPENBLAS_NUM_THREADS"))
"""


@pytest.mark.parametrize("chosen", [None, "2"])
def test_numpy_loads_without_blas_threads_unless_the_user_asks(chosen):
    """navsok's arrays need no BLAS: loading numpy starts no thread per core (a cold
    query's numpy import is shorter), and leaves the environment as it was."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if chosen:
        env["OPENBLAS_NUM_THREADS"] = chosen
    run = subprocess.run([sys.executable, "-c", NUMPY_THREADS], env=env, capture_output=True,
                         text=True, check=True)
    threads, variable = run.stdout.split()
    assert variable == (chosen or "None")
    if chosen is None:
        assert threads == "1"
    elif (os.cpu_count() or 1) > 1:
        assert int(threads) > 1  # the user's choice is OpenBLAS's
