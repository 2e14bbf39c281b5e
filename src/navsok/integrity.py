"""Telling a damaged index from a sound one, and naming the damage.

After each commit ``navsok.json`` records every file of the index with its size and
checksum (a file Whoosh wrote is never changed again, so only new files are read). Opening
an index compares the sizes (a few ``stat`` calls: a truncated or missing file is caught
before Whoosh reads it); when reading the index fails anyway, the checksums name the file
that changed. Either way the way out is ``navsok index --rebuild``.
"""

from __future__ import annotations

import os

REBUILD_HINT = "run `navsok index --rebuild`"
_CHUNK = 1 << 20


def index_files(index_dir: str | os.PathLike) -> list[str]:
    """The files of the Whoosh index in ``index_dir``: its TOCs and segment files."""
    return sorted(
        entry.name
        for entry in os.scandir(index_dir)
        if entry.is_file()
        and entry.name.startswith(("MAIN_", "_MAIN_"))
        and not entry.name.endswith("WRITELOCK")
    )


def fingerprints(index_dir: str | os.PathLike, previous: dict) -> dict[str, list]:
    """``name → [size, mtime_ns, checksum]`` for every index file. Files recorded before
    keep their record (Whoosh never rewrites a file: a change is damage, not news)."""
    found = {}
    for name in index_files(index_dir):
        known = previous.get(name)
        if isinstance(known, list) and len(known) == 3:
            found[name] = known
        else:
            info = os.stat(os.path.join(index_dir, name))
            found[name] = [info.st_size, info.st_mtime_ns, _checksum(os.path.join(index_dir, name))]
    return found


def damage(index_dir: str | os.PathLike, recorded: dict, checksums: bool = False) -> str | None:
    """What is wrong with the files ``recorded`` for the index (None: nothing found).

    Sizes only, unless ``checksums``. An index whose newest TOC is not recorded is being
    committed by a run right now and is not judged.
    """
    if not isinstance(recorded, dict) or not recorded:
        return None
    toc = newest_toc(index_files(index_dir))
    if toc and toc not in recorded:
        return None
    for name, entry in sorted(recorded.items()):
        try:
            size = os.stat(os.path.join(index_dir, name)).st_size
        except FileNotFoundError:
            return f"{name} is missing"
        except OSError as exc:
            return f"{name} cannot be read ({exc.strerror})"
        if size != entry[0]:
            return f"{name} is {size:,} bytes, not the {entry[0]:,} written"
        if checksums and _checksum(os.path.join(index_dir, name)) != entry[2]:
            return f"{name} has changed since it was written"
    return None


def damaged_message(index_dir: str | os.PathLike, what: str) -> str:
    return f"the index at {index_dir} is damaged ({what}): {REBUILD_HINT}"


def newest_toc(names: list[str]) -> str | None:
    """The table of contents of the newest generation among ``names``."""
    return max((n for n in names if n.endswith(".toc")), key=generation, default=None)


def generation(toc_name: str) -> int:
    """A TOC file's generation number (-1 for a name without one)."""
    digits = toc_name.rsplit("_", 1)[-1].split(".")[0]
    return int(digits) if digits.isdigit() else -1


def _checksum(path: str | os.PathLike) -> str:
    import hashlib  # only when looking for damage: OpenSSL's library costs a query 3 ms

    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
