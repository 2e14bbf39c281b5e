"""Word tables derived from the dictionaries once and kept on disk between runs.

Deriving, say, simplemma's 140,000 Bokmål headwords from its 640,000-entry table takes a
fifth of a second; reading them back from ``~/.cache/navsok`` (or ``$XDG_CACHE_HOME``)
takes a few milliseconds. A table's name carries whatever it depends on (package
versions, rule settings), so a change makes a new file rather than a stale read; once it
is written, the files of that table older than the :data:`KEPT` newest are removed (the
lexicon's alone take some 120 MB for each version of navsok that built one).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Callable, Iterable


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "navsok"


#: How many files of one table (one name and suffix, any key) the cache keeps: the one
#: just written and the one before it (a second navsok version run beside it, say).
KEPT = 2


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
        _publish(path, lambda partial: partial.write_text("\n".join(lines), "utf-8"))
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
        _publish(path, lambda partial: partial.write_bytes(marshal.dumps(value)))
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
        _publish(path, write)
    except OSError:
        return None  # a read-only home: the caller keeps the table in memory
    return path


def _publish(path: Path, write: Callable[[Path], None]) -> None:
    """Write a cache file atomically (``write`` fills a partial file that then replaces
    ``path``), and remove its table's older files; raises ``OSError`` when it cannot."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    write(partial)
    partial.replace(path)
    _remove_older(path)


#: A table's file name (:func:`cache_path`): its name, a digest of its key, its suffix.
_TABLE_FILE = re.compile(r"(.+)-[0-9a-f]{12}(\.[a-z]+)")


def _remove_older(written: Path) -> None:
    """Remove the files of ``written``'s table (its name and suffix, another key) older
    than the :data:`KEPT` newest: the tables of navsok versions no longer run. A process
    that has one open keeps reading it (the file is gone only once it is closed)."""
    table = _TABLE_FILE.fullmatch(written.name)
    if table is None:
        return
    found = []
    for path in written.parent.iterdir():
        other = _TABLE_FILE.fullmatch(path.name)
        if other is not None and other.groups() == table.groups():
            try:
                found.append((path.stat().st_mtime, path))
            except OSError:
                continue
    found.sort(reverse=True)
    for _, path in found[KEPT:]:
        if path != written:
            path.unlink(missing_ok=True)
