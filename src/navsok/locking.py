"""The index's write lock: one run writes at a time, and a dead run never blocks the next.

The lock is a POSIX record lock (``fcntl.lockf``) on ``navsok.lock`` in the index folder.
The kernel drops it when its holder dies, whatever kills it, and a forked child does not
share it: the parallel writer's workers cannot keep it alive after the run is gone (a
``flock`` lock, which Whoosh's own writers take, is shared with every forked child).
The holder writes its PID into the file, so a run that waits can name it, and the next run
can tell that the previous holder died without releasing it.
"""

from __future__ import annotations

import errno
import os
import time
from dataclasses import dataclass
from pathlib import Path

from navsok.errors import NavsokError

#: Seconds a run waits for another run's write lock before giving up.
DEFAULT_LOCK_WAIT = 5.0
LOCK_FILE = "navsok.lock"

#: Descriptors of the locks this process holds: a forked child closes them first thing.
_held: set[int] = set()


@dataclass
class Lock:
    """A held write lock; ``stale_pid`` is the PID of a holder that died without releasing."""

    fd: int
    path: Path
    stale_pid: int | None = None

    def release(self) -> None:
        if self.fd < 0:
            return
        try:
            os.ftruncate(self.fd, 0)  # a clean end: no PID left behind
        except OSError:
            pass
        finally:
            _held.discard(self.fd)
            os.close(self.fd)  # closing drops the lock
            self.fd = -1

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def hold_lock(index_dir: Path, lock_wait: float = DEFAULT_LOCK_WAIT) -> Lock:
    """Take the write lock of the index at ``index_dir`` (created if need be), waiting up to
    ``lock_wait`` seconds; :class:`NavsokError` names the running holder's PID."""
    import fcntl

    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / LOCK_FILE
    deadline = time.monotonic() + lock_wait
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise NavsokError(f"cannot lock the index at {index_dir} ({exc.strerror})") from None
            if time.monotonic() >= deadline:
                holder = holder_pid(index_dir)
                who = f" (PID {holder})" if holder else ""
                raise NavsokError(
                    f"another navsok index{who} is running on {index_dir} "
                    f"(waited {lock_wait:g} s)"
                ) from None
            time.sleep(0.1)
            continue
        if not _same_file(fd, path):  # a --rebuild swapped the folder away meanwhile
            os.close(fd)
            continue
        stale = _read_pid(fd)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError:  # a full disk: the lock holds all the same, without a PID to name
            pass
        _held.add(fd)
        return Lock(fd, path, stale if stale != os.getpid() else None)


def holder_pid(index_dir: Path) -> int | None:
    """The PID the lock's holder wrote into the lock file (None if none is written)."""
    try:
        text = (index_dir / LOCK_FILE).read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def close_inherited_locks() -> None:
    """In a forked child: close the parent's lock descriptors (the child holds no lock,
    but it has no use for them either)."""
    for fd in list(_held):
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


def _read_pid(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


def _same_file(fd: int, path: Path) -> bool:
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino)
