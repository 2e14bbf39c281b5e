"""Articles from files: finding the files, and reading each with the reader for its format.

The readers live in :mod:`navsok.formats`, the records in :mod:`navsok.articles`, decoding
in :mod:`navsok.decoding` and dates in :mod:`navsok.dates`; the names callers use are
importable from here too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable, Iterable, Iterator

from navsok.articles import (  # noqa: F401 - re-exported for callers
    DEFAULT_MAX_BYTES,
    JSON_KEYS,
    Article,
    DocumentError,
    FileArticles,
    ReadOptions,
    parse_json_fields,
)
from navsok.dates import find_date, parse_date  # noqa: F401 - re-exported
from navsok.decoding import checksum, decode_text, too_big  # noqa: F401 - re-exported
from navsok.formats import READERS, parse_text, read_jsonl, record_article  # noqa: F401
from navsok.paths import to_index


def find_files(
    paths: Iterable[Path], on_error: Callable[[str, str], None] | None = None
) -> Iterator[Path]:
    """Every file below ``paths`` (files are yielded as given), sorted, hidden ones skipped.

    A folder that cannot be listed is passed to ``on_error(path, reason)`` and skipped.
    """

    def walk_error(exc: OSError) -> None:
        if on_error is not None:
            on_error(exc.filename, f"cannot read the folder ({exc.strerror or exc})")

    for root in paths:
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root, onerror=walk_error):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        yield Path(dirpath) / name
        else:
            yield root


def is_article_file(path: Path) -> bool:
    """Whether navsok knows how to read this file (by its ending)."""
    return path.suffix.lower() in READERS


def stat_file(path: Path) -> os.stat_result:
    """``os.stat`` for a file navsok may read; :class:`DocumentError` says why not."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        reason = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
        raise DocumentError(reason) from None
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError("not a regular file (a pipe, socket or device)")
    return info


def read_file(path: Path, options: ReadOptions = ReadOptions()) -> FileArticles:
    """Read every article in one file; raises :class:`DocumentError` when none can be used."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DocumentError(f"unknown file type {path.suffix or '(no ending)'!r}")
    info = stat_file(path)
    if reader is not read_jsonl and info.st_size > options.max_bytes:
        raise DocumentError(too_big(info.st_size, options.max_bytes))
    return reader(path, to_index(str(path.resolve())), options)


def read_article(path: Path, options: ReadOptions = ReadOptions()) -> Article:
    """The first article in a file (the only one for .txt, .md and .html)."""
    found = read_file(path, options)
    if not found.articles:
        raise DocumentError(found.problems[0][1] if found.problems else "no articles")
    return found.articles[0]
