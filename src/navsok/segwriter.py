"""Whoosh's segment writer made cheaper for a large run, with the same index files: its
postings pooled per term (:class:`TermPool`), its field lengths read once per field
(:class:`_Lengths`) and its small posting blocks left uncompressed
(:func:`compress_large_blocks`). :func:`speed_up` fits them to a new writer."""

from __future__ import annotations

import heapq
import marshal
import os
from copy import copy
from functools import partial
from itertools import count, groupby
from operator import itemgetter
from struct import Struct

#: A posting in a term's buffer: document number, weight, length of its value bytes
#: (:data:`_NO_VALUE` for none), then the value bytes.
_POSTING = Struct("<IdI")
_NO_VALUE = 0xFFFFFFFF
#: Python's own memory for a term in the pool (dict entry, key, buffer), beyond its bytes.
_TERM_OVERHEAD = 200
#: A spilled run is written and read back in chunks of about this many bytes, so merging
#: many runs holds one small chunk of each.
_CHUNK_BYTES = 1 << 16
_runs = count()
#: A block of fewer postings is written uncompressed (see :func:`compress_large_blocks`).
MIN_COMPRESSED = 8


def speed_up(writer) -> None:
    """Fit a new Whoosh ``SegmentWriter`` (nothing added yet) with :class:`TermPool`,
    :class:`_Lengths` and :func:`compress_large_blocks`."""
    writer.pool = TermPool(writer.temp_storage(), writer.pool.limit)
    read_lengths = writer.per_document_reader
    writer.per_document_reader = lambda: _Lengths(read_lengths())
    compress_large_blocks(writer.fieldwriter)


def compress_large_blocks(fieldwriter) -> None:
    """Let the segment's posting writers compress a block of postings only when it holds
    :data:`MIN_COMPRESSED` or more. Whoosh compresses every block, though most terms of a
    segment have a posting or two: zlib then costs more time than the few bytes it saves
    (writing a small index, about a tenth of the CPU), and a query pays again to
    decompress. Each block records its own compression, so readers need nothing new."""
    codec = fieldwriter._codec = copy(fieldwriter._codec)  # the segment keeps Whoosh's own
    codec.postings_writer = partial(_small_blocks_plain, codec.postings_writer)


def _small_blocks_plain(new_writer, dbfile, byteids=False):
    """A posting writer from ``new_writer`` that compresses only large blocks."""
    postings = new_writer(dbfile, byteids)
    postings._write_block = partial(_write_block, postings, postings._write_block,
                                    postings._compression)
    return postings


def _write_block(postings, write_block, level: int, last: bool = False) -> None:
    postings._compression = level if len(postings._ids) >= MIN_COMPRESSED else 0
    write_block(last)


class TermPool:
    """Whoosh's posting pool (``add``, ``iter_postings``, ``fieldnames``, ``cleanup``), but
    a term's postings are appended to one buffer of its own as they come, in document
    order, instead of each posting being a tuple that is sorted among all the others and
    written to disk one ``marshal`` call at a time. When the buffers pass ``limit`` bytes
    they are written out as a run, terms in order; at the end the runs are merged term by
    term. The postings come out in Whoosh's order: by field, term, document."""

    def __init__(self, tempstore, limit: int):
        self.tempstore, self.limit = tempstore, limit
        self.fieldnames: set[str] = set()
        self.terms: dict[tuple[str, bytes], bytearray] = {}
        self.size = 0
        self.runs: list[str] = []

    def add(self, item) -> None:
        fieldname, tbytes, docnum, weight, value = item
        key = fieldname, tbytes
        postings = self.terms.get(key)
        if postings is None:
            postings = self.terms[key] = bytearray()
            self.fieldnames.add(fieldname)
            self.size += _TERM_OVERHEAD + len(tbytes)
        if value is None:
            postings += _POSTING.pack(docnum, weight, _NO_VALUE)
            self.size += _POSTING.size
        else:
            postings += _POSTING.pack(docnum, weight, len(value))
            postings += value
            self.size += _POSTING.size + len(value)
        if self.size > self.limit:
            self.save()

    def save(self) -> None:
        """Write the buffered terms out as a run."""
        if not self.terms:
            return
        name = f"terms-{os.getpid()}-{next(_runs)}.run"
        with self.tempstore.create_file(name).raw_file() as out:
            chunk, size = [], 0
            for key in sorted(self.terms):
                postings = bytes(self.terms[key])
                chunk.append((key, postings))
                size += len(postings)
                if size >= _CHUNK_BYTES:
                    marshal.dump(chunk, out)
                    chunk, size = [], 0
            if chunk:
                marshal.dump(chunk, out)
        self.runs.append(name)
        self.terms, self.size = {}, 0

    def iter_postings(self):
        """Every posting as Whoosh's ``(fieldname, term bytes, docnum, weight, value)``."""
        if self.runs:
            self.save()
            # A term's buffers from successive runs follow each other (heapq.merge is
            # stable), so joined they are in document order.
            terms = heapq.merge(*(self._read_run(name) for name in self.runs), key=itemgetter(0))
        else:
            terms = ((key, bytes(self.terms[key])) for key in sorted(self.terms))
        for (fieldname, tbytes), buffers in groupby(terms, key=itemgetter(0)):
            for docnum, weight, value in _postings(b"".join(data for _, data in buffers)):
                yield fieldname, tbytes, docnum, weight, value

    def _read_run(self, name: str):
        with self.tempstore.open_file(name).raw_file() as run:
            while True:
                try:
                    chunk = marshal.load(run)
                except EOFError:
                    break
                yield from chunk
        self.tempstore.delete_file(name)

    def cleanup(self) -> None:
        for name in self.runs:
            try:
                self.tempstore.delete_file(name)
            except OSError:
                pass
        self.runs, self.terms = [], {}


def _postings(data: bytes):
    """A term's (docnum, weight, value) as they were added: in document order, since a
    Whoosh segment writer numbers documents as it adds them, a merged segment's too (a
    posting out of that order would make a wrong index, so it stops the run)."""
    at, end, unpack, step, last = 0, len(data), _POSTING.unpack_from, _POSTING.size, -1
    while at < end:
        docnum, weight, length = unpack(data, at)
        if docnum <= last:
            raise ValueError(f"postings out of document order ({last}, then {docnum})")
        last = docnum
        at += step
        if length == _NO_VALUE:
            yield docnum, weight, None
        else:
            yield docnum, weight, data[at : at + length]
            at += length


class _Lengths:
    """A new segment's per-document reader whose field lengths come from a list: Whoosh
    looks one up in the column file for every posting it writes, a tenth of a run's time."""

    def __init__(self, reader):
        self.reader, self.fields = reader, {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        lengths = self.fields.get((fieldname, default))
        if lengths is None:
            read = self.reader.doc_field_length
            lengths = [read(n, fieldname, default) for n in range(self.reader.doc_count_all())]
            self.fields[fieldname, default] = lengths
        return lengths[docnum]

    def __getattr__(self, name):  # close(), the min/max lengths, …
        return getattr(self.reader, name)
