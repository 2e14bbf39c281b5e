"""The index's write lock: one run writes at a time."""

from __future__ import annotations

import time
from pathlib import Path

from navsok.errors import NavsokError

#: Seconds a run waits for another run's write lock before giving up.
DEFAULT_LOCK_WAIT = 5.0
WRITE_LOCK = "MAIN_WRITELOCK"  # the lock file Whoosh's writers take in the default index


def hold_lock(index_dir: Path, lock_wait: float):
    """Hold the index's write lock (the one Whoosh's writers take) without opening it."""
    from whoosh.filedb.filestore import FileStorage

    lock = FileStorage(str(index_dir)).lock(WRITE_LOCK)
    deadline = time.monotonic() + lock_wait
    while not lock.acquire(blocking=False):
        if time.monotonic() >= deadline:
            raise NavsokError(
                f"another navsok index is running on {index_dir} (waited {lock_wait:g} s)"
            )
        time.sleep(0.1)
    return lock
