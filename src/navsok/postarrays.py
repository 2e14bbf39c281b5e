"""Posting arrays beside the index: the posting lists of frequent terms as plain arrays,
one file per segment, so a query maps them instead of unpickling Whoosh's blocks.

Whoosh keeps a posting list as pickled blocks of 128 postings; a word in every article of
a 100,000-article index is 800 blocks to unpickle (0.1 s of a cold query). After each
commit (the caller holds the write lock) every segment gets a file
``arrays-<segment id>.bin`` holding, for each term in at least :data:`MIN_DOCS` of its
documents, its document numbers (stored as differences), its weights (Whoosh's, exactly),
and its word positions as offsets and one flat array. Each array is stored in the
smallest of uint8/16/32 or float32/64 that holds its values exactly. Segments never
change apart from deletions, which the reader applies as it does to Whoosh's postings.

The file: a magic line, the arrays (8-byte aligned), a table with a row of 13 uint64 per
term (where its arrays start, each one's length, CRC-32 and type), a JSON directory (the
segment, the terms in the table's order, the types, where the table is), the directory's
length and the magic again; a query parses only the JSON's list of terms. A missing, short or garbled file, or a term whose entry disagrees with Whoosh's
(document count) or its arrays' checksums, means "read Whoosh's blocks": never a wrong answer. Files
are written under a temporary name and renamed; those of segments gone are removed at
the next commit.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

from navsok.arrayfile import MAGIC as _MAGIC
from navsok.arrayfile import PREFIX, SUFFIX, key, open_file
from navsok.arrayfile import file_name  # noqa: F401 - also re-exported
from navsok.arrayfile import ROW as _ROW

#: Terms in fewer documents of a segment are read from Whoosh's blocks (cheap for them).
MIN_DOCS = 1000
MIN_DOCS_ENV = "NAVSOK_ARRAYS_MIN_DOCS"


def min_docs() -> int:
    """:data:`MIN_DOCS`, or ``$NAVSOK_ARRAYS_MIN_DOCS`` (a tuning and test knob)."""
    value = os.environ.get(MIN_DOCS_ENV, "")
    return int(value) if value.isdigit() else MIN_DOCS


# -- writing ------------------------------------------------------------------------------


def write_missing(index_dir: Path) -> int:
    """Give every segment of the index at ``index_dir`` its arrays file if it has no sound
    one, and remove the files of segments that are gone (the caller holds the lock); how
    many files were written."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index_dir))
    with ix.reader() as reader:
        leaves = [leaf for leaf, _offset in reader.leaf_readers()] if reader.doc_count_all() else []
        wanted = {file_name(leaf.segment().segment_id()): leaf for leaf in leaves}
        remove_stale(index_dir, keep=set(wanted))
        least = min_docs()
        missing = [(name, leaf) for name, leaf in wanted.items()
                   if _open(index_dir / name, leaf) is None]
        # numpy only when a segment can have a frequent term (a small run's files are
        # written without it: its import would cost every small index run 50-75 ms).
        np = None
        if any(leaf.doc_count_all() >= least for _, leaf in missing):
            from navsok.numpyload import load_numpy

            np = load_numpy()
        for name, leaf in missing:
            _write(index_dir / name, leaf, least, np)
    return len(missing)


def remove_stale(index_dir: Path, keep: set[str] | None = None) -> None:
    """Temporary arrays files of killed runs and, given the names to ``keep``, arrays
    files of segments that are gone."""
    for entry in os.scandir(index_dir):
        name = entry.name
        if name.startswith(f".{PREFIX}") or (keep is not None and name.startswith(PREFIX)
                                             and name not in keep):
            Path(entry.path).unlink(missing_ok=True)


def _write(path: Path, reader, least: int, np) -> None:
    """The arrays of ``reader``'s frequent terms, written to a temporary file then renamed."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    keys, rows, types = [], [], {}
    try:
        with open(temporary, "wb") as out:
            out.write(_MAGIC)
            # A segment of fewer documents has no frequent term: its file is empty.
            fieldnames = reader.indexed_field_names() if reader.doc_count_all() >= least else ()
            for fieldname in fieldnames:
                field = reader.schema[fieldname] if fieldname in reader.schema else None
                if field is None or field.format is None or not field.format.supports("positions"):
                    continue  # the words' fields (dates, paths: neither scored nor long)
                for text, info in reader.iter_field(fieldname):
                    if info.doc_frequency() >= least:
                        keys.append(key(fieldname, text))
                        arrays = _term_arrays(reader, fieldname, text, np)
                        rows.append(_append(out, arrays, types, np))
            table = out.tell()
            if rows:
                out.write(np.array(rows, dtype="<u8").reshape(len(rows), _ROW).tobytes())
            directory = json.dumps({"segment": reader.segment().segment_id(), "docs": reader.doc_count_all(),
                                    "keys": keys, "types": list(types), "table": table}).encode()
            out.write(directory)
            out.write(len(directory).to_bytes(8, "little") + _MAGIC)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _term_arrays(reader, fieldname: str, text: bytes, np) -> list:
    """[id differences, weights, positions per posting, positions] of a term."""
    from navsok.postings import positions, read_postings

    ids, weights, values = read_postings(reader.postings(fieldname, text), np, values=True)
    owner, found = positions(values, np)
    return [np.diff(ids, prepend=0), weights, np.bincount(owner, minlength=len(ids)), found]


def _append(out, arrays: list, types: dict, np) -> list:
    """Write ``arrays`` at the file's current end; their row of the table: [start, length
    of each, CRC-32 of each one's bytes, type of each (its number in ``types``)]."""
    start = out.tell()
    lengths, crcs, kinds = [], [], []
    for array in arrays:
        data = _smallest(array, np)
        raw = data.tobytes()
        out.write(raw + bytes(-len(raw) % 8))
        lengths.append(len(data))
        crcs.append(zlib.crc32(raw))
        kinds.append(types.setdefault(data.dtype.str, len(types)))
    return [start, *lengths, *crcs, *kinds]


def _smallest(array, np):
    """``array`` in the smallest type that holds each of its values exactly."""
    for dtype in ("<u1", "<u2", "<u4", "<f4", "<f8"):
        if dtype[1] == "u" and len(array) and array.min() < 0:
            continue
        with np.errstate(invalid="ignore", over="ignore"):  # out of range: not equal
            packed = array.astype(dtype)
        if (packed == array).all():
            return packed
    return array.astype("<f8")


# -- reading ------------------------------------------------------------------------------


class Positions:
    """A posting list's word positions: those of posting ``i`` are
    ``flat[offsets[i]:offsets[i + 1]]`` (see :func:`navsok.postings.positions_at`)."""

    __slots__ = ("offsets", "flat")

    def __init__(self, offsets, flat):
        self.offsets, self.flat = offsets, flat


class SegmentArrays:
    """One segment's arrays file, mapped (a session opens it once); a term's arrays
    decoded when asked for, and checked against the reader's posting list (its length,
    its documents) and their checksum."""

    def __init__(self, data, directory: dict, np):
        self.data = data
        keys = directory["keys"]
        self.rows = {key: i for i, key in enumerate(keys)}
        self.types = [np.dtype(kind) for kind in directory["types"]]
        self.table = np.frombuffer(self.data, dtype="<u8", count=len(keys) * _ROW,
                                   offset=directory["table"]).reshape(len(keys), _ROW)

    def get(self, reader, fieldname: str, text: bytes, np, positions: bool = True):
        """(ids, weights, Positions or, without ``positions``, None) of a term, or None:
        the term has no arrays, or they do not agree with Whoosh's posting list (then
        Whoosh's blocks are read). Decoded anew each time: a session keeps no posting
        lists between queries."""
        row = self.rows.get(key(fieldname, text))
        if row is None:
            return None
        start, *rest = self.table[row].tolist()
        lengths, crcs, kinds = rest[:4], rest[4:8], rest[8:]
        if start < len(_MAGIC) or max(kinds) >= len(self.types):
            return None
        places, at = [], start
        for n, kind in zip(lengths, kinds):
            places.append((at, n, self.types[kind]))
            at += n * self.types[kind].itemsize
            at += -at % 8
        deltas, weights = self._array(places[0], crcs[0], np), self._array(places[1], crcs[1], np)
        if deltas is None or weights is None or len(deltas) != len(weights):
            return None
        ids = np.cumsum(deltas, dtype=np.int64)
        if len(ids) != reader.doc_frequency(fieldname, text) or (len(ids) and ids[-1] >= reader.doc_count_all()):
            return None
        if not positions:
            return ids, weights.astype(np.float64), None
        counts, flat = self._array(places[2], crcs[2], np), self._array(places[3], crcs[3], np)
        if counts is None or flat is None or len(counts) != len(ids):
            return None
        offsets = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        if offsets[-1] != len(flat):
            return None
        return ids, weights.astype(np.float64), Positions(offsets, flat)

    def _array(self, place, crc, np):
        """The array at ``place`` (offset, length, type) if its bytes have checksum ``crc``."""
        at, count, kind = place
        end = at + count * kind.itemsize
        if end > len(self.data) or zlib.crc32(self.data[at:end]) != crc:
            return None
        return np.frombuffer(self.data, dtype=kind, count=count, offset=at)


def for_reader(reader, cache: dict | None) -> SegmentArrays | None:
    """The arrays file of a segment ``reader`` reads, if it has a sound one; kept in
    ``cache`` (a session's) so that each is opened once."""
    folder = getattr(getattr(reader, "_storage", None), "folder", None)
    segment = getattr(reader, "segment", None)
    if folder is None or segment is None:
        return None
    segment_id = segment().segment_id()
    key = ("arrays", folder, segment_id)
    if cache is not None and key in cache:
        return cache[key]
    opened = _open(Path(folder) / file_name(segment_id), reader)
    found = None
    if opened is not None:
        from navsok.numpyload import load_numpy

        try:
            found = SegmentArrays(*opened, load_numpy())
        except (ValueError, TypeError):  # an odd type
            found = None
    if cache is not None:
        cache[key] = found
    return found


def _open(path: Path, reader):
    """(the file mapped, its directory) if the arrays file at ``path`` is whole and for
    ``reader``'s segment (:func:`navsok.arrayfile.open_file`), else None."""
    return open_file(path, reader.segment().segment_id(), reader.doc_count_all())


def postings(reader, matcher, np, cache: dict | None, wanted=None, values: bool = False):
    """(ids, weights, values) of a leaf ``matcher``'s posting list, as
    :func:`navsok.postings.read_postings` gives them, taken from the segment's arrays
    file when the term is there (values then a :class:`Positions`), else from Whoosh's
    blocks. With arrays, ``wanted`` does not matter: the whole list is as cheap."""
    from navsok.postings import read_postings

    term = matcher.term()  # None: a matcher of a list Whoosh read before
    arrays = for_reader(reader, cache) if term is not None else None
    if arrays is not None:
        found = arrays.get(reader, *term, np, positions=values)
        if found is not None:
            return found
    return read_postings(matcher, np, wanted=wanted, values=values)


def main(argv: list[str] | None = None) -> int:
    """``python -m navsok.postarrays INDEX``: write the arrays files an index lacks (as the
    next commit would) and print what that took: seconds and bytes. A measuring tool."""
    import sys
    import time

    from navsok.errors import NavsokError
    from navsok.locking import hold_lock
    from navsok.store import open_index

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m navsok.postarrays INDEX", file=sys.stderr)
        return 2
    index_dir = Path(args[0])
    try:
        open_index(index_dir)  # a navsok index of this version, undamaged
        with hold_lock(index_dir):
            started = time.perf_counter()
            written = write_missing(index_dir)
            seconds = time.perf_counter() - started
    except (NavsokError, OSError) as exc:
        print(f"navsok.postarrays: {exc}", file=sys.stderr)
        return 2
    files = sorted(index_dir.glob(f"{PREFIX}*{SUFFIX}"))
    size = sum(path.stat().st_size for path in files)
    index = sum(path.stat().st_size for path in index_dir.iterdir() if path.is_file())
    print(f"{written} of {len(files)} arrays files written in {seconds:.1f} s; all {size:,} bytes "
          f"({size / max(index - size, 1):.1%} of the rest of the index; terms in {min_docs():,}+ documents)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
