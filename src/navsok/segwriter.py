"""Whoosh's segment writer made cheaper for a large run, with the same index files: its
postings pooled per term (:class:`TermPool`), its field lengths read once per field
(:class:`_Lengths`), its small posting blocks left uncompressed
(:func:`compress_large_blocks`) and a term of one block written in one step
(:func:`write_terms_at_once`). :func:`speed_up` fits them to a new writer."""

from __future__ import annotations

import heapq
import marshal
import os
import pickle
import zlib
from array import array
from copy import copy
from functools import partial
from itertools import chain, count, groupby, islice
from operator import itemgetter
from struct import Struct

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import emptybytes, pack_int, pack_long, pack_ushort
from whoosh.util.numeric import length_to_byte

#: A posting in a term's buffer: document number, weight, length of its value bytes
#: (:data:`_NO_VALUE` for none), then the value bytes.
_POSTING = Struct("<IdI")
_FLOAT = Struct("f")
#: A terms file entry's lengths of key and value (Whoosh's ``filetables._lengths``).
_KEY_AND_VALUE = Struct("!ii")
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
    write_terms_at_once(writer.fieldwriter)


def write_terms_at_once(fieldwriter) -> None:
    """Let the segment's field writer write each term that fits in one block of postings
    (nearly all of a segment's) in one step: the block as Whoosh's posting writer writes it
    and the term's entry in the terms file as Whoosh's term info packs it, byte for byte.
    Whoosh goes through a posting writer and a term info object, with a dozen method calls,
    for every term: writing the 19,750 terms of 150 web pages took 0.83 s that way, 0.58 s
    this way. A longer term, and a term Whoosh would inline, still goes through Whoosh's
    own writer. The segment's pool must be a :class:`TermPool` (:func:`speed_up` fits
    both): it gives the postings term by term."""
    fieldwriter.add_postings = partial(_add_postings, fieldwriter)


def _add_postings(fieldwriter, schema, lengths, items: "_Postings") -> None:
    """Whoosh's ``FieldWriter.add_postings`` for the postings of a :class:`TermPool`."""
    codec = fieldwriter._codec
    fits = range(max(1, codec._inlinelimit), codec._blocklimit + 1)
    field = offset = None
    for (fieldname, tbytes), data in items.terms:  # a TermPool holds no spelling words
        if fieldname != field:
            if field is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            field = fieldname
            length_of = lengths.field_lengths(fieldname).__getitem__ if lengths else _no_length
        found = _postings(data)
        postings = list(islice(found, codec._blocklimit + 1))  # no more held at once
        if len(postings) in fits:
            if offset is None:  # after Whoosh's writer has written (a system call to ask)
                offset = fieldwriter._postfile.tell()
            entry, written = _one_block(fieldwriter, offset, postings, length_of,
                                        codec._compression)
            offset += written
            _add_term(fieldwriter._tindex, pack_ushort(fieldwriter._fieldid) + tbytes, entry)
        elif postings:
            offset = None
            fieldwriter.start_term(tbytes)
            for docnum, weight, value in chain(postings, found):
                value = emptybytes if value is None else value
                fieldwriter.add(docnum, weight, value, length_of(docnum))
            fieldwriter.finish_term()
    if field is not None:
        fieldwriter.finish_field()


def _add_term(terms, key: bytes, entry: bytes) -> None:
    """Whoosh's ``OrderedHashWriter.add`` for the terms file, its three writes in one."""
    if key <= terms.lastkey:
        raise ValueError(f"terms out of order ({terms.lastkey!r}, then {key!r})")
    at = terms.dbfile.tell()
    terms.index.append(at)
    terms.dbfile.write(_KEY_AND_VALUE.pack(len(key), len(entry)) + key + entry)
    hashed = terms.hashfn(key)
    terms.buckets[hashed & 255].append((hashed, at))
    terms.lastkey = key


def _no_length(docnum: int) -> int:
    return 0


def _one_block(fieldwriter, offset: int, postings, field_length, level: int) -> tuple[bytes, int]:
    """Write ``postings`` (docnum, weight, value) as the one block of their term at
    ``offset`` in the postings file, as ``W3PostingsWriter`` does; the term's entry in the
    terms file (``W3TermInfo``), and how many bytes were written."""
    if len(postings) == 1:  # most of a segment's terms
        return _one_posting(fieldwriter, offset, postings[0], field_length)
    ids, weights, values = array("I"), array("f"), []
    shortest, longest, heaviest = None, 0, 0
    for docnum, weight, value in postings:
        ids.append(docnum)
        weights.append(weight)
        if weight > heaviest:
            heaviest = weight
        if value:
            values.append(value)
        length = field_length(docnum)
        if length:
            if shortest is None or length < shortest:
                shortest = length
            if length > longest:
                longest = length
    if weights.count(1.0) == len(weights):
        mini_weights = None
    elif weights.count(weights[0]) == len(weights):
        mini_weights = weights[0]
    else:
        mini_weights = tuple(weights)
    size = fieldwriter._format.fixed_value_size()
    mini_values = (tuple(values) if size is None or size < 0
                   else None if size == 0 else b"".join(values))
    previous = [0, *ids[:-1]]
    data = pickle.dumps((tuple(map(int.__sub__, ids, previous)), mini_weights, mini_values), 2)
    level = level if len(ids) >= MIN_COMPRESSED else 0
    if level:
        data = zlib.compress(data, level)
    shortest_byte, longest_byte = length_to_byte(shortest), length_to_byte(longest)
    info = pickle.dumps((len(ids), ids[-1], heaviest, level, shortest_byte, longest_byte), 2)
    block = WHOOSH3_HEADER_MAGIC + pack_int(-(len(info) + len(data))) + info + data
    fieldwriter._postfile.write(block)
    entry = W3TermInfo._struct.pack(0, sum(weights), len(ids), shortest_byte, longest_byte,
                                    heaviest, ids[0], ids[-1])
    return entry + pack_long(offset) + pack_int(len(block)), len(block)


def _one_posting(fieldwriter, offset: int, posting, field_length) -> tuple[bytes, int]:
    """:func:`_one_block` for one posting, the same bytes in fewer steps."""
    docnum, weight, value = posting
    kept = _FLOAT.unpack(_FLOAT.pack(weight))[0]  # as the block's array("f") keeps it
    heaviest = weight if weight > 0 else 0
    length = field_length(docnum)
    size = fieldwriter._format.fixed_value_size()
    if size is None or size < 0:
        mini_values = (value,) if value else ()
    else:
        mini_values = None if size == 0 else value or emptybytes
    data = pickle.dumps(((docnum,), None if kept == 1.0 else kept, mini_values), 2)
    # The shortest and longest field length: a length of 0 is none (None) as the shortest.
    shortest_byte, longest_byte = length_to_byte(length or None), length_to_byte(length)
    info = pickle.dumps((1, docnum, heaviest, 0, shortest_byte, longest_byte), 2)
    block = WHOOSH3_HEADER_MAGIC + pack_int(-(len(info) + len(data))) + info + data
    fieldwriter._postfile.write(block)
    entry = W3TermInfo._struct.pack(0, kept, 1, shortest_byte, longest_byte, heaviest,
                                    docnum, docnum)
    return entry + pack_long(offset) + pack_int(len(block)), len(block)


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

    def iter_postings(self) -> "_Postings":
        """Every posting as Whoosh's ``(fieldname, term bytes, docnum, weight, value)``,
        in order; also term by term (:attr:`_Postings.terms`)."""
        return _Postings(self._iter_terms())

    def _iter_terms(self):
        """((fieldname, term bytes), its postings' bytes) for every term, in order."""
        if self.runs:
            self.save()
            # A term's buffers from successive runs follow each other (heapq.merge is
            # stable), so joined they are in document order.
            terms = heapq.merge(*(self._read_run(name) for name in self.runs), key=itemgetter(0))
        else:
            terms = ((key, bytes(self.terms[key])) for key in sorted(self.terms))
        for key, buffers in groupby(terms, key=itemgetter(0)):
            yield key, b"".join(data for _, data in buffers)

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


class _Postings:
    """What :meth:`TermPool.iter_postings` gives: Whoosh's postings one by one when iterated,
    and :attr:`terms`, each term with its postings' bytes (read by :func:`_postings`), for
    :func:`write_terms_at_once`."""

    def __init__(self, terms):
        self.terms = terms

    def __iter__(self):
        for (fieldname, tbytes), data in self.terms:
            for docnum, weight, value in _postings(data):
                yield fieldname, tbytes, docnum, weight, value


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
        return self.field_lengths(fieldname, default)[docnum]

    def field_lengths(self, fieldname: str, default: int = 0) -> list[int]:
        """The length of ``fieldname`` in every document of the segment, by number."""
        lengths = self.fields.get((fieldname, default))
        if lengths is None:
            read = self.reader.doc_field_length
            lengths = [read(n, fieldname, default) for n in range(self.reader.doc_count_all())]
            self.fields[fieldname, default] = lengths
        return lengths

    def __getattr__(self, name):  # close(), the min/max lengths, …
        return getattr(self.reader, name)
