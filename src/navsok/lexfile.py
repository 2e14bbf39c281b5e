"""The lexicon as one sorted file, mapped into memory and binary searched.

As a Python dict, the 900,000-form lexicon takes about a second and 200 MB to load, in
every process: a forked index worker that looks words up touches the dict's objects
(reference counts), so the pages it shares with its parent are copied. Mapped from a
file, the table costs nothing to open, its pages are the operating system's page cache,
shared by every process that reads it, and a process reads only the pages its words are
on (a lookup is a hash and one or two probes).

The file: ``MAGIC``; the number of entries ``n`` and of hash slots ``m`` (a power of two);
``n + 1`` offsets of the entries; ``m`` slots, each 0 or 1 + the number of an entry, at
the CRC-32 of its form (linear probing); then the entries, sorted by the UTF-8 bytes of
their form, each ``form\\tK\\treading reading …\\n`` for a table entry
``form → (K, *readings)``. Numbers are unsigned 32-bit in this machine's byte order (it
is a cache file of this machine).
"""

from __future__ import annotations

import mmap
import struct
from pathlib import Path
from typing import Mapping
from zlib import crc32

MAGIC = b"navsok-lexicon-2\n"
_COUNTS = struct.Struct("=II")


def write(path: Path, table: Mapping[str, tuple]) -> None:
    """Write ``table`` (form → (int, *readings)) to ``path`` in the format above."""
    lines = []
    for form, entry in table.items():
        readings = " ".join(entry[1:])
        if any(c in form or c in readings for c in "\t\n") or " " in form:
            raise ValueError(f"a lexicon entry the file cannot hold: {form!r}")
        lines.append(f"{form}\t{entry[0]}\t{readings}\n".encode("utf-8"))
    lines.sort()
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line)
    offsets.append(at)
    size = 1 << max(4, (2 * len(lines)).bit_length())  # under half full
    slots = [0] * size
    for number, line in enumerate(lines, 1):
        slot = crc32(line[: line.index(b"\t")]) & (size - 1)
        while slots[slot]:
            slot = (slot + 1) & (size - 1)
        slots[slot] = number
    with open(path, "wb") as out:
        out.write(MAGIC)
        out.write(_COUNTS.pack(len(lines), size))
        out.write(struct.pack(f"={len(offsets)}I", *offsets))
        out.write(struct.pack(f"={size}I", *slots))
        out.writelines(lines)


class LexiconFile:
    """Read access to a file :func:`write` made: :meth:`get` is ``dict.get``."""

    def __init__(self, path: Path):
        with open(path, "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if self._map[: len(MAGIC)] != MAGIC:
            raise ValueError(f"{path} is not a navsok lexicon file")
        count, size = _COUNTS.unpack_from(self._map, len(MAGIC))
        view = memoryview(self._map)
        start = len(MAGIC) + _COUNTS.size
        self._offsets = view[start : start + 4 * (count + 1)].cast("I")
        start += 4 * (count + 1)
        self._slots = view[start : start + 4 * size].cast("I")
        self._base = start + 4 * size
        self._count, self._mask = count, size - 1
        if self._base + self._offsets[count] != len(self._map):
            raise ValueError(f"{path} is truncated")

    def __len__(self) -> int:
        return self._count

    def get(self, word: str, default=None):
        key = word.encode("utf-8")
        data, offsets, slots, mask = self._map, self._offsets, self._slots, self._mask
        slot = crc32(key) & mask
        while number := slots[slot]:
            at = self._base + offsets[number - 1]
            if data[at : at + len(key) + 1] == key + b"\t":
                end = self._base + offsets[number] - 1
                own, _, readings = data[at + len(key) + 1 : end].decode("utf-8").partition("\t")
                return (int(own), *readings.split(" ")) if readings else (int(own),)
            slot = (slot + 1) & mask
        return default
