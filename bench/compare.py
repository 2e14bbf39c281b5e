"""Two navsok checkouts side by side, in alternating runs: cold ``navsok query Q -l -n 20``
per query class beside ``rg -il`` (as ``bench/run.py`` measures it), and the warm mix.

Each side is a source folder and an index of the same corpus built by that checkout
(analyser versions may differ between them)::

    python bench/compare.py --corpus bench/.corpus/100000 \\
        --old /path/to/old/src:/path/to/old-index --new src:/path/to/new-index

Each side's ``navsok`` program (:data:`PROGRAM`) runs its code through ``PYTHONPATH``. Rounds
alternate rg, old, new, so both sides meet the same machine load; medians are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cold import grep_command, query_args
from measure import percentile
from queries import COLD

HERE = Path(__file__).resolve().parent
#: The ``navsok`` program as each side's code has it: ``navsok.launch`` (the cold query
#: path) where the checkout has one, else ``navsok.cli``.
PROGRAM = """import sys
try:
    from navsok.launch import main
except ImportError:
    from navsok.cli import main
sys.argv[0] = "navsok"
sys.exit(main())
"""


def query_command(query, index: str) -> list[str]:
    """The timed command: one side's ``navsok query Q -l -n 20`` on ``index``."""
    return [sys.executable, "-c", PROGRAM, *query_args(query, index)]


def side(text: str) -> tuple[str, str]:
    source, _, index = text.partition(":")
    if not index:
        raise argparse.ArgumentTypeError("give SRC:INDEX")
    return str(Path(source).resolve()), index


def milliseconds(cmd: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    run = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if run.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed: {run.stderr.decode(errors='replace')[-400:]}")
    return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--old", type=side, required=True, help="SRC:INDEX")
    parser.add_argument("--new", type=side, required=True, help="SRC:INDEX")
    parser.add_argument("--rounds", type=int, default=5, help="cold runs per class and side [5]")
    parser.add_argument("--warm-rounds", type=int, default=2, help="warm mixes per side [2]")
    opts = parser.parse_args()
    sides = {"old": opts.old, "new": opts.new}
    # Compiled modules kept and written once, as an installed program has them (see cold.py).
    env = {name: {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
                  "PYTHONPATH": source} for name, (source, _) in sides.items()}
    for name, (_, index) in sides.items():
        for query in COLD:
            milliseconds(query_command(query, index), env[name])
    grep = grep_command()
    print(f"load average at the start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| class | rg -il | old | new |\n|---|---|---|---|")
    for query in COLD:
        runs: dict[str, list[float]] = {"rg": [], "old": [], "new": []}
        words = [arg for literal in query.literals for arg in ("-e", literal)]
        for _ in range(opts.rounds):
            if grep:
                runs["rg"].append(milliseconds([*grep, *words, str(opts.corpus)]))
            for name, (_, index) in sides.items():
                runs[name].append(milliseconds(query_command(query, index), env[name]))
        rg = statistics.median(runs["rg"]) if runs["rg"] else None
        cells = []
        for name in ("old", "new"):
            ms = statistics.median(runs[name])
            cells.append(f"{ms:,.0f} ms" + (f" ({ms / rg:.2f}×)" if rg else ""))
        print(f"| {query.kind} | {rg:,.0f} ms | {' | '.join(cells)} |" if rg else
              f"| {query.kind} | n/a | {' | '.join(cells)} |")
    warm: dict[str, list[dict]] = {"old": [], "new": []}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(opts.warm_rounds):
            for name, (_, index) in sides.items():
                out = Path(scratch) / f"{name}.json"
                subprocess.run([sys.executable, str(HERE / "run.py"), "_child", "warm-navsok", index,
                                "5", str(out)], env=env[name], check=True)
                warm[name].append(json.loads(out.read_text()))
    print("\n| warm | old | new |\n|---|---|---|")
    for share, label in ((0.5, "p50"), (0.95, "p95")):
        cells = [statistics.median(percentile(r["latencies"], share) for r in warm[name])
                 for name in ("old", "new")]
        print(f"| {label} of {len(warm['old'][0]['latencies'])} runs | "
              f"{cells[0]:.1f} ms | {cells[1]:.1f} ms |")
    for query in warm["old"][0]["per_query"]:
        cells = [statistics.median(statistics.median(r["per_query"][query]) for r in warm[name])
                 for name in ("old", "new")]
        print(f"| `{query}` | {cells[0]:.1f} ms | {cells[1]:.1f} ms |")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
