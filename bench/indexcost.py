"""What ``navsok index`` of one corpus costs, for one or more navsok programs (say, before
and after a change) in alternating runs: wall time, CPU of all its processes, peak PSS of
the process tree.

Usage: python bench/indexcost.py --corpus DIR --navsok OLD --navsok NEW [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import measure  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--navsok", type=Path, action="append", required=True)
    parser.add_argument("--repeat", type=int, default=1)
    opts = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="navsok-indexcost-") as work:
        for round_ in range(opts.repeat):
            for program in opts.navsok:
                index_dir = Path(work) / "ix"
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                run = measure([str(program), "index", str(opts.corpus), "--index", str(index_dir)],
                              sample_tree=True)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = sum(getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
                print(f"{program} (run {round_ + 1}): wall {run.seconds:.1f} s, CPU {cpu:.1f} s, "
                      f"peak memory of all processes {run.peak_rss_mb:.0f} MB", flush=True)
                shutil.rmtree(index_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
