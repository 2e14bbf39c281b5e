"""Word tables derived from the dictionaries once and kept on disk between runs.

Deriving, say, simplemma's 140,000 Bokmål headwords from its 640,000-entry table takes a
fifth of a second; reading them back from ``~/.cache/navsok`` (or ``$XDG_CACHE_HOME``)
takes a few milliseconds. A table's name carries whatever it depends on (package
versions, rule settings), so a change makes a new file rather than a stale read.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable, Iterable


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "navsok"


def cache_path(name: str, key: str, suffix: str) -> Path:
    """Where the cache file of table ``name`` for ``key`` is (whether or not it exists)."""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return cache_dir() / f"{name}-{digest}.{suffix}"


def cached_lines(name: str, key: str, compute: Callable[[], Iterable[str]]) -> list[str]:
    """The lines ``compute()`` returns, read from the cache file for ``name`` and ``key``
    when it exists; otherwise computed and written there (atomically, best effort)."""
    path = cache_path(name, key, "txt")
    try:
        return path.read_text("utf-8").split("\n")
    except OSError:
        pass
    lines = list(compute())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text("\n".join(lines), "utf-8")
        partial.replace(path)
    except OSError:
        pass  # a read-only home: compute again next time
    return lines


def cached_object(name: str, key: str, compute: Callable[[], object]):
    """Like :func:`cached_lines` for a table of strings, tuples, dicts and sets, stored with
    :mod:`marshal` (a million-entry dict loads in a fraction of a second)."""
    import marshal

    path = cache_path(name, key, "marshal")
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(value))
        partial.replace(path)
    except OSError:
        pass  # a read-only home: compute again next time
    return value


def cached_file(name: str, key: str, suffix: str, write: Callable[[Path], None]) -> Path | None:
    """The path of the cache file for ``name`` and ``key``, which ``write(path)`` creates
    (atomically) when it does not exist yet; None when it cannot be written."""
    path = cache_path(name, key, suffix)
    if path.is_file():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        write(partial)
        partial.replace(path)
    except OSError:
        return None  # a read-only home: the caller keeps the table in memory
    return path
