"""A segment's posting arrays file (see :mod:`navsok.postarrays`) read without numpy, for
the cold query path (:mod:`navsok.coldread`): a frequent term's document numbers, weights
and positions as lists, taken from the file's plain arrays with ``array`` instead of
unpickling Whoosh's blocks (a word in every one of 10,000 articles: 80 blocks).

The same checks as :class:`navsok.postarrays.SegmentArrays`: the file must be whole and
for this segment, each array must have its checksum, and the list must have the length
Whoosh's term info gives; anything else means "read Whoosh's blocks" (``None``).
"""

from __future__ import annotations

import os
import struct
import sys

from navsok.arrayfile import MAGIC as _MAGIC
from navsok.arrayfile import ROW as _ROW
from navsok.arrayfile import TAIL as _TAIL
from navsok.arrayfile import file_name

#: numpy's type strings of the arrays, as ``array`` type codes (this machine's byte order
#: must be little-endian, as the file is).
_TYPES = {"|u1": "B", "<u2": "H", "<u4": "I", "<f4": "f", "<f8": "d"}
_TABLE_ROW = struct.Struct(f"<{_ROW}Q")


class SegmentArrays:
    """One segment's arrays file, mapped; a term's arrays decoded when asked for."""

    def __init__(self, data, directory: dict):
        self.data = data
        self.rows = {key: i for i, key in enumerate(directory["keys"])}
        self.types = [_TYPES[kind] for kind in directory["types"]]
        self.table = directory["table"]

    def get(self, field: str, term: str, documents: int, count: int):
        """(ids, weights, (position counts, positions)) of a term in ``documents``
        postings of a segment of ``count`` documents (see :func:`positions`), or None: no
        arrays, or not sound."""
        from array import array
        from itertools import accumulate
        from zlib import crc32

        row = self.rows.get(key(field, term))
        if row is None:
            return None
        start, *rest = _TABLE_ROW.unpack_from(self.data, self.table + row * _TABLE_ROW.size)
        lengths, crcs, kinds = rest[:4], rest[4:8], rest[8:]
        if start < len(_MAGIC) or max(kinds) >= len(self.types):
            return None
        found, at = [], start
        for length, crc, kind in zip(lengths, crcs, kinds):
            values = array(self.types[kind])
            end = at + length * values.itemsize
            if end > len(self.data):
                return None
            raw = self.data[at:end]
            if crc32(raw) != crc:
                return None
            values.frombytes(raw)
            found.append(values)
            at = end + (-end % 8)
        deltas, weights, counts, flat = found
        if not len(deltas) == len(weights) == len(counts) == documents:
            return None
        ids = list(accumulate(deltas))
        if ids and ids[-1] >= count or sum(counts) != len(flat):
            return None
        return ids, list(map(float, weights)), (counts, flat)


def positions(found) -> list[list[int]]:
    """Each posting's positions, from the ``(counts, flat)`` that :meth:`SegmentArrays.get`
    gives (made only when a phrase asks: a word's query needs none)."""
    counts, flat = found
    flat, places, at = flat.tolist(), [], 0
    for n in counts:
        places.append(flat[at:at + n])
        at += n
    return places


def key(field: str, term: str) -> str:
    """A term's key in the file's directory (its UTF-8 bytes as Latin-1 characters, as
    :mod:`navsok.postarrays` writes them)."""
    return f"{field} {term.encode('utf-8').decode('latin-1')}"


def open_arrays(index_dir: str, segment_id: str, count: int) -> SegmentArrays | None:
    """The segment's arrays file if it is whole and for this segment of ``count``
    documents, else None."""
    import json
    import mmap

    if sys.byteorder != "little":
        return None
    try:
        with open(os.path.join(index_dir, file_name(segment_id)), "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        size = len(data)
        if size < len(_MAGIC) + _TAIL or data[:len(_MAGIC)] != _MAGIC or data[-len(_MAGIC):] != _MAGIC:
            return None
        length = int.from_bytes(data[size - _TAIL:size - _TAIL + 8], "little")
        if length > size - len(_MAGIC) - _TAIL:
            return None
        directory = json.loads(data[size - _TAIL - length:size - _TAIL])
        if (directory.get("segment") != segment_id or directory.get("docs") != count
                or any(kind not in _TYPES for kind in directory["types"])):
            return None
        if directory["table"] + len(directory["keys"]) * _TABLE_ROW.size > size:
            return None
        return SegmentArrays(data, directory)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
