"""The layout of a segment's posting arrays file (written by :mod:`navsok.postarrays`,
read by it with numpy and by :mod:`navsok.coldarrays` without): its name, the magic line
at both ends, the tail, the table's row. Nothing but constants, for both to import."""

from __future__ import annotations

PREFIX, SUFFIX = "arrays-", ".bin"
MAGIC = b"NAVARR3\n"
TAIL = 8 + len(MAGIC)  # the directory's length, then the magic
ROW = 13  # a term's row of the table: start, 4 lengths, 4 CRC-32s, 4 types


def file_name(segment_id: str) -> str:
    return f"{PREFIX}{segment_id}{SUFFIX}"
