"""Reading a sortable field's column (the ``date``, the ``source``) for every document at
once, segment after segment, in document-number order (deleted documents included)."""

from __future__ import annotations


def column_values(reader, field: str) -> list:
    """Every document's raw column value for ``field`` (the ``source``), in
    document-number order, read a segment at a time; for a numeric column (the ``date``)
    :func:`numeric_array` is far cheaper."""
    values: list = []
    for leaf, _offset in reader.leaf_readers():
        values.extend(leaf.column_reader(field, translate=False))
    return values


def numeric_array(reader, field: str, np):
    """Every document's value of a numeric column (the ``date``) as one numpy array of
    unsigned numbers (deleted documents included), in document-number order.

    Whoosh's reader unpacks each value in Python (100,000 dates on a busy machine: 1.1 s
    by document number); here each segment's column is read as one buffer
    (``tests/test_facets.py`` checks both agree)."""
    from whoosh.columns import NumericColumn

    parts = []
    for leaf, _offset in reader.leaf_readers():
        column = leaf.column_reader(field, translate=False)
        doccount = leaf.doc_count_all()
        part = None
        if type(column) is NumericColumn.Reader:
            part = _numeric_buffer(column, doccount, np)
        if part is None:  # another layout: Whoosh's values one at a time
            part = np.array([column[n] for n in range(doccount)], dtype=np.uint64)
        parts.append(part)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)


def _numeric_buffer(column, doccount: int, np):
    """The reader's own layout read as big-endian unsigned numbers: ``_count`` values from
    ``_basepos``, then the default; ``None`` for another layout."""
    try:
        if column._typecode not in "BHIQ":
            return None
        kind = np.dtype(f">u{column._fixedlen}")
        raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
        values = np.full(doccount, column._default, dtype=np.uint64)
    except (AttributeError, TypeError, ValueError):
        return None
    values[: column._count] = np.frombuffer(raw, dtype=kind)
    return values
