"""A navsok index read without Whoosh: what a command-line query needs, from the files
Whoosh 2.7's ``W3Codec`` writes, for a fast cold start (importing Whoosh costs ~60 ms).

It reads the TOC (through :mod:`navsok.coldtoc`: each segment's document count, deleted
documents and field lengths), and of a segment when first needed: the terms file (``.trm``, an
ordered hash file: a term is found by binary search of its sorted key index, no MD5), the
posting blocks (``.pst``), the field-length columns and the stored fields. Files are
memory-mapped; importing this module reads nothing. Anything unexpected (another codec or
TOC version, a compound segment, a short or garbled file, an unknown class in a pickle)
raises :class:`ColdUnsupported`: the caller opens the index with Whoosh instead.
"""

from __future__ import annotations

import os
import struct

from navsok.coldtoc import INDEX_NAME, INT, ColdUnsupported, guarded, loads, toc_segments, unpickler

#: Whoosh's field length of each length byte (``whoosh.util.numeric.byte_to_length``).
BYTE_TO_LENGTH = tuple(int(round((pow(1.033, n) - 1) * 27)) for n in range(256))

_TERM_INFO = struct.Struct(">BfIBBfII")  # W3TermInfo: flags, weight, documents, ...
_EXTENT = struct.Struct(">qi")  # ... then where its postings are in the .pst file
_ENTRY = struct.Struct(">ii")  # an entry of a hash file: key length, value length
_ARRAY_TYPES = "BHiIq"  # GrowableArray's type codes (big-endian, standard sizes)


def _map(path: str):
    """The file at ``path``, memory-mapped read-only."""
    import mmap

    with open(path, "rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


# -- the index --------------------------------------------------------------------------

@guarded
def open_index(index_dir) -> ColdIndex:
    """The index's latest generation, as Whoosh's ``index.open_dir(index_dir)`` would
    open it (the TOC file with the highest generation number of the index name navsok
    uses, 'MAIN')."""
    from navsok.integrity import generation, index_files, newest_toc

    toc = newest_toc(index_files(index_dir))
    if toc is None or not toc.startswith(f"_{INDEX_NAME}_") or generation(toc) < 0:
        raise ColdUnsupported(f"no {INDEX_NAME} index in {index_dir}")
    with open(os.path.join(index_dir, toc), "rb") as handle:
        data = handle.read()
    return ColdIndex(os.fspath(index_dir), toc_segments(data, generation(toc)))


class ColdIndex:
    """An index's segments as Whoosh's reader combines them."""

    def __init__(self, index_dir: str, segments: list) -> None:
        self.index_dir = index_dir
        self.segments: list[ColdSegment] = []
        offset = 0
        for segment in segments:
            self.segments.append(ColdSegment(index_dir, segment, offset))
            offset += segment._doccount
        self._doc_count_all = offset

    def doc_count_all(self) -> int:
        return self._doc_count_all

    def field_length(self, field: str) -> int:
        """The field's words in all documents (deleted ones too), as Whoosh counts them."""
        return sum(segment.field_lengths.get(field, 0) for segment in self.segments)

    def doc_frequency(self, field: str, term: str) -> int:
        return sum(segment.doc_frequency(field, term) for segment in self.segments)

    @guarded
    def stored_path(self, docnum: int) -> str:
        """The stored ``path`` of the document at global number ``docnum``."""
        if not 0 <= docnum < self._doc_count_all:
            raise ColdUnsupported(f"no document {docnum}")
        segment = next(s for s in reversed(self.segments) if s.offset <= docnum)
        return segment.stored_path(docnum - segment.offset)


class ColdSegment:
    """One segment: its terms, posting lists, field lengths and stored paths."""

    def __init__(self, index_dir: str, segment, offset: int) -> None:
        self.segment_id = f"{segment.indexname}_{segment.segid}"
        self.offset = offset
        self.doc_count_all: int = segment._doccount
        self.deleted: frozenset[int] = frozenset(segment._deleted or ())
        #: The words of each field in the segment's documents (Whoosh's field_length).
        self.field_lengths: dict = segment.__dict__.get("_fieldlengths") or {}
        self._base = os.path.join(index_dir, self.segment_id)
        self._index_dir = index_dir
        self._terms = self._postings = self._stored = None
        self._arrays = False  # the posting arrays file: not looked for yet
        self._read_before: dict = {}  # (field, term, arrays) → what _read gave

    # -- terms ------------------------------------------------------------------------

    def _open_terms(self) -> None:
        """Map the terms file and find its key index (``OrderedHashReader``)."""
        data = _map(self._base + ".trm")
        end = len(data) - 4
        if data[:4] != b"HSH3":
            raise ColdUnsupported("not a Whoosh hash file")
        extras_at = end - INT.unpack_from(data, end)[0]
        extras = loads(data[extras_at:end])  # then the key index, to the end
        kind, count = extras["indextype"], extras["indexlen"]
        if kind not in _ARRAY_TYPES or not isinstance(extras["fieldmap"], dict):
            raise ColdUnsupported(f"unknown key index type {kind!r}")
        self._position = struct.Struct(">" + kind)
        self._index_at = end - count * self._position.size
        if self._index_at < extras_at:
            raise ColdUnsupported("a short terms file")
        self._fields, self._count, self._terms = extras["fieldmap"], count, data

    def _key_at(self, i: int) -> tuple[bytes, int]:
        """The ``i``-th key (in order) and where its entry is."""
        data = self._terms
        pos = self._position.unpack_from(data, self._index_at + i * self._position.size)[0]
        return data[pos + 8:pos + 8 + _ENTRY.unpack_from(data, pos)[0]], pos

    def _first(self, field: str, text: str) -> tuple[bytes, int] | None:
        """The key of ``text`` in ``field`` and the index of the first key at or after
        it; None when the segment has no terms in the field."""
        if self._terms is None:
            self._open_terms()
        number = self._fields.get(field)
        if number is None:
            return None
        key = struct.pack(">H", number) + text.encode("utf-8")
        lo, hi = 0, self._count
        while lo < hi:
            mid = (lo + hi) // 2
            if self._key_at(mid)[0] < key:
                lo = mid + 1
            else:
                hi = mid
        return key, lo

    def _term_info(self, field: str, term: str) -> int | None:
        """Where the term's info is in the terms file; None when the segment lacks it."""
        found = self._first(field, term)
        if found is None or found[1] == self._count:
            return None
        key, pos = self._key_at(found[1])
        return pos + 8 + len(key) if key == found[0] else None

    @guarded
    def doc_frequency(self, field: str, term: str) -> int:
        at = self._term_info(field, term)
        return 0 if at is None else _TERM_INFO.unpack_from(self._terms, at)[2]

    @guarded
    def terms_with_prefix(self, field: str, prefix: str) -> list[str]:
        """The field's terms starting with ``prefix``, in Whoosh's order."""
        found = self._first(field, prefix)
        if found is None:
            return []
        head, terms = found[0], []
        for i in range(found[1], self._count):
            key = self._key_at(i)[0]
            if not key.startswith(head):
                break
            terms.append(key[2:].decode("utf-8"))
        return terms

    # -- postings ---------------------------------------------------------------------

    @guarded
    def postings(self, field: str, term: str) -> tuple[list[int], list[float]] | None:
        """The term's document numbers (ascending, deleted ones too) and weights (as
        Whoosh's matcher gives them); None when the segment lacks the term."""
        found = self._read(field, term)
        return None if found is None else (found[0][:], found[1][:])  # the cache's own kept

    @guarded
    def values(self, field: str, term: str) -> list[bytes]:
        """Each posting's value (Whoosh's encoded positions), as :meth:`postings` orders
        them; [] when the segment lacks the term."""
        found = self._read(field, term, arrays=False)
        return [] if found is None else found[2][:]

    @guarded
    def positions(self, field: str, term: str) -> list[list[int]]:
        """Each posting's word positions, as :meth:`postings` orders them (from the
        posting arrays file where it has the term, else decoded from the values)."""
        found = self._read(field, term)
        if found is None:
            return []
        if found[2] is None:
            from navsok.coldarrays import positions

            return positions(found[3])
        from _pickle import loads as unrestricted

        positions = []
        for value in found[2]:
            total, places = 0, []
            for delta in unrestricted(value[4:]):
                total += delta
                places.append(total)
            positions.append(places)
        return positions

    def _read(self, field: str, term: str, arrays: bool = True):
        """(ids, weights, values, positions) of the term's posting list: from the posting
        arrays file (values None) when it has the term and ``arrays``, else from Whoosh's
        blocks (positions None)."""
        known = self._read_before.get((field, term, arrays))
        if known is not None:
            return known
        at = self._term_info(field, term)
        if at is None:
            return None
        found = None
        if arrays:
            if self._arrays is False:
                from navsok.coldarrays import open_arrays

                self._arrays = open_arrays(self._index_dir, self.segment_id, self.doc_count_all)
            if self._arrays is not None:
                documents = _TERM_INFO.unpack_from(self._terms, at)[2]
                found = self._arrays.get(field, term, documents, self.doc_count_all)
                found = found and (found[0], found[1], None, found[2])
        if found is None:
            if self._terms[at]:  # postings inlined in the term info (Whoosh 2.7 writes none)
                raise ColdUnsupported("inlined postings")
            start, length = _EXTENT.unpack_from(self._terms, at + _TERM_INFO.size)
            if self._postings is None:
                self._postings = _map(self._base + ".pst")
            found = (*_blocks(self._postings[start:start + length]), None)
        self._read_before[field, term, arrays] = found
        return found

    # -- per-document columns -----------------------------------------------------------

    @guarded
    def lengths(self, field: str) -> bytes:
        """A byte per document: its encoded length of ``field``; 0 past the column's end
        (Whoosh's writer leaves trailing zeros out) and when there is no column."""
        try:
            with open(f"{self._base}._{field}_len.col", "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            data = b""
        if len(data) > self.doc_count_all:
            raise ColdUnsupported(f"a length column longer than its segment: {field}")
        return data + bytes(self.doc_count_all - len(data))

    @guarded
    def stored_path(self, docnum: int) -> str:
        """The stored ``path`` of the segment's document ``docnum``."""
        import zlib

        if self._stored is None:
            self._stored = _var_bytes(_map(self._base + "._stored.col"), self.doc_count_all)
        data, starts, lengths = self._stored
        if not lengths[docnum]:
            raise ColdUnsupported(f"document {docnum} has no stored fields")
        start = starts[docnum]
        path = loads(zlib.decompress(data[start:start + lengths[docnum]]))["path"]
        if not isinstance(path, str):
            raise ColdUnsupported("a stored path that is not a string")
        return path


def _var_bytes(data, count: int):
    """(data, starts, lengths) of a ``VarBytesColumn`` of ``count`` documents."""
    from itertools import accumulate

    end = len(data) - 1
    code, starts = chr(data[end]), None
    if code == "X":  # the starts are stored too
        code, starts_code = chr(data[end - 2]), chr(data[end - 1])
        if starts_code not in _ARRAY_TYPES:
            raise ColdUnsupported(f"unknown column type {starts_code!r}")
        form = struct.Struct(f">{count}{starts_code}")
        end = end - 2 - form.size
        starts = form.unpack_from(data, end)
    if code not in _ARRAY_TYPES:
        raise ColdUnsupported(f"unknown column type {code!r}")
    form = struct.Struct(f">{count}{code}")
    if end < form.size:
        raise ColdUnsupported("a short column")
    lengths = form.unpack_from(data, end - form.size)
    return data, starts or [0, *accumulate(lengths)], lengths


def _blocks(extent: bytes):
    """(ids, weights, values) of a posting list's blocks, as ``W3LeafMatcher`` reads them:
    each a length (negative for the last), a pickled header and the pickled postings."""
    import io
    import zlib
    from _pickle import loads as unrestricted  # the blocks name no global but _codecs.encode
    from array import array
    from itertools import accumulate

    if extent[:4] != b"W3Bl":
        raise ColdUnsupported("no posting block where the term info points")
    ids, weights, values = [], [], []
    stream, pos = io.BytesIO(extent), 4
    while True:
        size = INT.unpack_from(extent, pos)[0]
        stream.seek(pos + 4)
        count, last_id, _, compression, _, _ = unpickler(stream).load()
        end = pos + 4 + abs(size)
        data = extent[stream.tell():end]
        block = unrestricted(zlib.decompress(data) if compression else data)
        block_ids, block_weights, block_values = block
        block_ids = list(accumulate(block_ids))
        if len(block_ids) != count or block_ids[-1] != last_id or (ids and block_ids[0] <= ids[-1]):
            raise ColdUnsupported("a posting block that disagrees with its header")
        ids += block_ids
        if block_weights is None:
            weights += [1.0] * count
        elif isinstance(block_weights, float):  # one weight, as Whoosh's float32 array holds it
            weights += [array("f", [block_weights])[0]] * count
        elif len(block_weights) == count:
            weights += block_weights
        else:
            raise ColdUnsupported("a block's weights are not one a posting")
        if block_values is None:  # a format without values (Whoosh's fixed size 0)
            values += [None] * count
        elif isinstance(block_values, tuple) and len(block_values) == count:
            values += block_values
        else:
            raise ColdUnsupported("a block's values are not one a posting")
        if size < 0:
            return ids, weights, values
        pos = end
