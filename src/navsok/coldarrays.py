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
from navsok.arrayfile import file_name, key, open_file

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

        row = self.rows.get(key(field, term.encode("utf-8")))
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


def open_arrays(index_dir: str, segment_id: str, count: int) -> SegmentArrays | None:
    """The segment's arrays file if it is whole and for this segment of ``count``
    documents (:func:`navsok.arrayfile.open_file`) with types ``array`` reads, else None."""
    if sys.byteorder != "little":
        return None
    found = open_file(os.path.join(index_dir, file_name(segment_id)), segment_id, count)
    if found is None or any(kind not in _TYPES for kind in found[1]["types"]):
        return None
    return SegmentArrays(*found)
