"""A term's posting list read into numpy arrays, a block at a time, and the word positions
of chosen postings decoded at once (for :mod:`navsok.vectorrank` and :mod:`navsok.facets`).

Whoosh 2.7's ``W3LeafMatcher`` keeps each block of 128 postings as one pickled tuple of
document-number deltas, weights and encoded values; its own reader hands them out one
posting at a time. Here the block's arrays are taken whole, blocks that cannot hold a
wanted document are skipped unread, and positions (Whoosh's ``Positions`` format) are
decoded for many postings in a few array operations.
"""

from __future__ import annotations


#: Whoosh's Positions value of a word in a document: a 4-byte count, then the list of
#: position deltas pickled (protocol 2): ``\x80\x02 ] q\x00``, ``(`` when more than one,
#: each delta below 256 as ``K`` and a byte, then ``a.`` (one) or ``e.`` (more).
_PICKLE_HEAD = 9
_BININT1 = ord("K")


def positions(values: list[bytes], np):
    """(owner, position) int64 arrays: every position in each of ``values`` (Whoosh's
    ``Positions`` format), ``owner`` its index in ``values``. Values whose deltas are all
    one byte (nearly all) are decoded at once from their bytes; others by ``pickle``."""
    import pickle

    if not values:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    buf = np.frombuffer(b"".join(values), dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    counts = np.zeros(len(values), dtype=np.int64)
    for k in range(4):  # the big-endian count
        counts = (counts << 8) | buf[np.minimum(starts + k, len(buf) - 1)]
    first = starts + _PICKLE_HEAD + (counts > 1)
    simple = (counts > 0) & (lengths == _PICKLE_HEAD + (counts > 1) + 2 * counts + 2)
    owner = np.repeat(np.flatnonzero(simple), counts[simple])
    group_start = np.cumsum(counts[simple]) - counts[simple]
    within = np.arange(len(owner)) - np.repeat(group_start, counts[simple])
    at = first[owner] + 2 * within
    if not np.all(buf[at] == _BININT1):  # some other encoding: decode those one by one
        odd = np.unique(owner[buf[at] != _BININT1])
        simple[odd] = False
        keep = simple[owner]
        owner, at = owner[keep], at[keep]
    deltas = buf[at + 1].astype(np.int64)
    others = np.flatnonzero(~simple)
    if len(others):
        lists = [pickle.loads(values[i][4:]) for i in others.tolist()]
        owner = np.concatenate([owner, np.repeat(others, [len(x) for x in lists])])
        deltas = np.concatenate([deltas, np.fromiter((d for x in lists for d in x), dtype=np.int64)])
        order = np.argsort(owner, kind="stable")
        owner, deltas = owner[order], deltas[order]
    # positions: the deltas summed within each value
    total = np.cumsum(deltas)
    starts_at = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(owner) else owner
    before = np.zeros(len(owner), dtype=np.int64)
    if len(owner):
        base = total[starts_at] - deltas[starts_at]
        before = np.repeat(base, np.diff(np.r_[starts_at, len(owner)]))
    return owner, total - before


def positions_at(values, rows, np):
    """(owner, position) int64 arrays, as :func:`positions` gives them, of the postings at
    ``rows`` (indexes into the posting list, ``owner`` an index into ``rows``): ``values``
    are the list's encoded values, or its positions as arrays (``offsets``, ``flat``: see
    :mod:`navsok.postarrays`), taken with a few array operations."""
    if isinstance(values, list):
        return positions([values[row] for row in rows.tolist()], np)
    starts = values.offsets[rows]
    counts = values.offsets[rows + 1] - starts
    owner = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    before = np.cumsum(counts) - counts  # where each posting's positions start in the result
    at = np.arange(len(owner), dtype=np.int64) + np.repeat(starts - before, counts)
    return owner, values.flat[at].astype(np.int64)


def read_postings(matcher, np, wanted=None, values: bool = False):
    """All document numbers (int64) and weights (float64) of a term's posting list, and
    with ``values`` each posting's encoded value (its positions), else ``None``. With
    ``wanted`` (sorted document numbers) blocks that hold none of them are not read."""
    from whoosh.codec.whoosh3 import W3LeafMatcher

    matcher.reset()
    id_parts, weight_parts, value_parts = [], [], []
    if type(matcher) is W3LeafMatcher:  # whole blocks at a time (Whoosh reads them so)
        after = -1  # the last document number of the block before
        while matcher.is_active():
            last = matcher.block_max_id()
            if wanted is None or _any_between(wanted, after, last, np):
                ids, weights = _block(matcher, np)
                id_parts.append(ids)
                weight_parts.append(weights)
                if values:
                    matcher._read_values()
                    value_parts.extend(matcher._values)
            after = last
            matcher._next_block()
    else:
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if values:
                value_parts.append(matcher.value())
            matcher.next()
        id_parts, weight_parts = [np.array(ids, dtype=np.int64)], [np.array(weights, dtype=np.float64)]
    found = value_parts if values else None
    if not id_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0), found
    return np.concatenate(id_parts), np.concatenate(weight_parts), found


def _block(matcher, np):
    """The document numbers and weights of the matcher's current block as arrays: what
    Whoosh's ``_read_ids`` and ``_read_weights`` make of the block's data, without their
    step per posting (the numbers are stored as differences, the weights as ``None`` when
    all are 1, one number when all are equal)."""
    if matcher._byteids:
        matcher._read_ids()
        matcher._read_weights()
        return np.asarray(matcher._ids, dtype=np.int64), np.asarray(matcher._weights, dtype=np.float64)
    if matcher._data is None:
        matcher._read_data()
    deltas, weights = matcher._data[0], matcher._data[1]
    ids = np.cumsum(np.asarray(deltas, dtype=np.int64))
    if weights is None:
        return ids, np.ones(len(ids))
    if isinstance(weights, float):
        return ids, np.full(len(ids), weights)
    return ids, np.asarray(weights, dtype=np.float64)


def _any_between(wanted, after: int, last: int, np) -> bool:
    """Whether sorted ``wanted`` holds a number above ``after`` and at most ``last``."""
    i = np.searchsorted(wanted, after, side="right")
    return bool(i < len(wanted) and wanted[i] <= last)
