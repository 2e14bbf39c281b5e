"""The index folder: opening it, its ``navsok.json``, creating it, and what killed runs leave.

Safety rests on Whoosh's commit: a run writes new segment files, and only the final rename
of the table of contents (TOC) makes them visible. Until then readers see the previous
index; a run that is killed leaves unreferenced files that the next commit deletes.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import Schema

from navsok import integrity
from navsok.wordterms import ANALYSER_VERSION
from navsok.errors import NavsokError
from navsok.locking import LOCK_FILE
from navsok.meta import INDEX_FORMAT, META_FILE, read_meta
from navsok.schema import build_schema

REBUILD_PREFIX = ".navsok-rebuild-"
#: The index opened last in this process (whose damage a failed read looks for).
last_opened: Path | None = None


def open_index(index_dir: Path):
    """Open an existing navsok index for reading, or raise :class:`NavsokError`."""
    if not has_toc(index_dir):
        if not is_empty(index_dir):
            raise NavsokError(f"{index_dir} is not a navsok index")
        raise NavsokError(f"no index at {index_dir} (run `navsok index` first)")
    meta = check_compatible(index_dir)
    found = integrity.damage(index_dir, meta.get("files"))
    if found:
        raise NavsokError(integrity.damaged_message(index_dir, found))
    global last_opened
    last_opened = index_dir
    try:
        ix = whoosh_index.open_dir(str(index_dir))
        ix.schema  # noqa: B018 - reads the table of contents now, not on the first query
        return ix
    except Exception as exc:  # noqa: BLE001 - a damaged TOC or an unknown pickled class
        raise NavsokError(
            integrity.damaged_message(index_dir, damage_found(index_dir) or _what(exc))
        ) from None


def damage_found(index_dir: Path | None = None) -> str | None:
    """After reading the index failed: the damaged file of the index at ``index_dir`` (by
    default the one opened last), found by its checksum; None if all are as written."""
    index_dir = index_dir or last_opened
    if index_dir is None:
        return None
    try:
        return integrity.damage(index_dir, read_meta(index_dir).get("files"), checksums=True)
    except OSError:
        return None


def _what(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def has_toc(index_dir: Path) -> bool:
    """Whether a Whoosh index lives here (without reading it, which may fail)."""
    return index_dir.is_dir() and any(index_dir.glob("_MAIN_*.toc"))


def commit_mark(index_dir: Path) -> tuple | None:
    """What tells one commit of the index at ``index_dir`` from any other (also from one
    a rebuild swapped in): its newest table of contents' name, inode and modification
    time; None where there is no index."""
    try:
        toc = integrity.newest_toc(integrity.index_files(index_dir))
        info = os.stat(index_dir / toc) if toc else None
    except OSError:
        return None
    return (toc, info.st_ino, info.st_mtime_ns) if info else None


def check_compatible(index_dir: Path) -> dict:
    """Refuse an index made by another navsok version (or by something else); its meta."""
    meta = read_meta(index_dir)
    if not meta:
        raise NavsokError(
            f"{index_dir} is not a navsok index (no readable {META_FILE}); "
            "run `navsok index --rebuild` to replace it"
        )
    if meta.get("format") != INDEX_FORMAT or meta.get("analyser") != ANALYSER_VERSION:
        raise NavsokError(
            f"the index at {index_dir} was built by another navsok version (index format "
            f"{meta.get('format')}, analyser {meta.get('analyser')}; this navsok uses "
            f"{INDEX_FORMAT} and {ANALYSER_VERSION}): run `navsok index --rebuild`"
        )
    return meta


def write_meta(index_dir: Path) -> None:
    """Write ``navsok.json`` atomically (a reader never sees half of it)."""
    files = integrity.fingerprints(index_dir, read_meta(index_dir).get("files") or {})
    meta = {
        "format": INDEX_FORMAT,
        "analyser": ANALYSER_VERSION,
        "indexed_at": time.time(),
        "files": files,  # what the commit wrote: see navsok.integrity
    }
    temporary = index_dir / f".{META_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(meta), "utf-8")
    os.replace(temporary, index_dir / META_FILE)


def is_empty_or_index(index_dir: Path) -> bool:
    if not index_dir.exists():
        return True
    if has_toc(index_dir) or (index_dir / META_FILE).exists():
        return True
    return is_empty(index_dir)


def is_empty(index_dir: Path) -> bool:
    """Whether the folder is missing or holds nothing but an index run's lock file."""
    return not index_dir.is_dir() or all(p.name == LOCK_FILE for p in index_dir.iterdir())


def create(index_dir: Path, schema: Schema | None = None):
    index_dir.mkdir(parents=True, exist_ok=True)
    write_meta(index_dir)  # first, so a run killed after its commit leaves a usable index
    return whoosh_index.create_in(str(index_dir), schema or build_schema())




def remove_stale_rebuilds(index_dir: Path) -> None:
    """Folders left by rebuilds that were killed (we hold the lock, so none is running)."""
    import shutil

    for stale in index_dir.parent.glob(f"{REBUILD_PREFIX}{index_dir.name}-*"):
        shutil.rmtree(stale, ignore_errors=True)


def remove_uncommitted(index_dir: Path) -> None:
    """After a cancelled run (we hold the lock): the segment files it wrote and its
    temporary folder, which Whoosh's cancel leaves when the disk is full."""
    recorded = read_meta(index_dir).get("files")
    if not isinstance(recorded, dict) or not recorded:
        return
    names = integrity.index_files(index_dir)
    if integrity.newest_toc(names) not in recorded:  # committed after all: keep it
        return
    for name in names:
        if name not in recorded:
            (index_dir / name).unlink(missing_ok=True)
    import shutil

    shutil.rmtree(index_dir / "MAIN.tmp", ignore_errors=True)
