"""Measuring child processes: wall time, peak RSS, and the PSS of a whole process tree."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


#: How often :func:`measure` samples the memory of a process tree.
SAMPLE_SECONDS = 0.25


@dataclass
class Run:
    """What one child process cost."""

    seconds: float
    peak_rss_mb: float


def tree_memory_bytes(root: int) -> int:
    """Memory of ``root`` and all its descendants, from /proc: the sum of their PSS
    (proportional set size: pages shared after a fork count once, not once per process)."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_bytes(pid)
        todo.extend(_children(pid))
    return total


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (read from its threads' ``children`` lists)."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", "rb") as f:
                found.extend(int(child) for child in f.read().split())
    except OSError:
        pass
    return found


def _pss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(cmd: list[str], sample_tree: bool = False, ok=(0,)) -> Run:
    """Run ``cmd`` to its end; its wall time and peak RSS (MB).

    The peak is the largest RSS of one process (``wait4``) or, when ``sample_tree``, the
    largest memory of the whole process tree (:func:`tree_memory_bytes`) if that is more.
    Raises if it exits with a status not in ``ok``.
    """
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)
        peak_tree, ended = [0], threading.Event()

        def sample() -> None:
            while True:
                peak_tree[0] = max(peak_tree[0], tree_memory_bytes(proc.pid))
                if ended.wait(SAMPLE_SECONDS):
                    return

        # The tree is sampled beside the wait, not between polls: a poll every quarter
        # second added up to 0.25 s to the wall time (a tenth of a 300-page HTML run).
        sampler = threading.Thread(target=sample, daemon=True) if sample_tree else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        ended.set()
        if sampler:
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            errors.seek(0)
            raise RuntimeError(f"{cmd} failed ({proc.returncode}): {errors.read().decode()}")
    peak = max(usage.ru_maxrss * 1024, peak_tree[0])
    return Run(seconds, peak / 1e6)


def folder_bytes(path: Path) -> int:
    """The size of a file, or of all files below a folder."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)
