"""The layout of a segment's posting arrays file (written by :mod:`navsok.postarrays`,
read by it with numpy and by :mod:`navsok.coldarrays` without): its name, the magic line
at both ends, the tail, the table's row, a term's key, and opening a file with its
checks. Only the standard library, imported when a file is opened, for both to share."""

from __future__ import annotations

PREFIX, SUFFIX = "arrays-", ".bin"
MAGIC = b"NAVARR3\n"
TAIL = 8 + len(MAGIC)  # the directory's length, then the magic
ROW = 13  # a term's row of the table: start, 4 lengths, 4 CRC-32s, 4 types


def file_name(segment_id: str) -> str:
    return f"{PREFIX}{segment_id}{SUFFIX}"


def key(fieldname: str, text: bytes) -> str:
    """A term's key in a file's directory: its field and its bytes, one character each."""
    return f"{fieldname} {text.decode('latin-1')}"


def open_file(path, segment_id: str, docs: int):
    """``(the file mapped, its directory)`` when the arrays file at ``path`` is whole and
    for segment ``segment_id`` of ``docs`` documents: the magic at both ends, a directory
    that parses, names this segment and fits with its table in the file; else ``None``."""
    import json
    import mmap

    try:
        with open(path, "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable, or empty (nothing to map)
        return None
    directory = _directory(data, json)
    if directory is None or directory.get("segment") != segment_id or directory.get("docs") != docs:
        data.close()
        return None
    return data, directory


def _directory(data, json) -> dict | None:
    size = len(data)
    if size < len(MAGIC) + TAIL or data[:len(MAGIC)] != MAGIC or data[-len(MAGIC):] != MAGIC:
        return None
    length = int.from_bytes(data[size - TAIL:size - TAIL + 8], "little")
    if length > size - len(MAGIC) - TAIL:
        return None
    try:
        directory = json.loads(data[size - TAIL - length:size - TAIL])
    except ValueError:
        return None
    if not (isinstance(directory, dict) and isinstance(directory.get("keys"), list)
            and isinstance(directory.get("types"), list) and isinstance(directory.get("table"), int)):
        return None
    if directory["table"] + len(directory["keys"]) * ROW * 8 > size:
        return None
    return directory
