"""The pickles of a Whoosh index, read without Whoosh (for :mod:`navsok.coldread`): the
table of contents (``_MAIN_<generation>.toc``: each segment's document count, deleted
documents and field lengths, pickled with Whoosh's classes) through a restricted
unpickler that maps those classes to stand-ins and refuses any other; what is not as
expected raises :class:`ColdUnsupported`."""

from __future__ import annotations

import _codecs  # loaded at start-up with the interpreter's codecs
import struct

INDEX_NAME = "MAIN"
_TOC_VERSION = -111
INT = struct.Struct(">i")


class ColdUnsupported(Exception):
    """The index is not as :mod:`navsok.coldread` reads it (or damaged): open it with
    Whoosh."""


def guarded(method):
    """``method``, with any error but :class:`ColdUnsupported` raised as one."""
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except ColdUnsupported:
            raise
        except Exception as error:  # noqa: BLE001 - anything unexpected: fall back
            raise ColdUnsupported(f"{type(error).__name__}: {error}") from error
    wrapper.__name__, wrapper.__doc__ = method.__name__, method.__doc__
    return wrapper


class _Segment:
    """A stand-in for Whoosh's ``W3Segment`` in the TOC: its attributes only."""


class _Codec:
    """A stand-in for Whoosh's ``W3Codec``."""


#: The globals a pickle may name (the TOC, stored fields, posting block headers) and what
#: they become; any other is not this module's kind of index.
_KNOWN = {
    ("whoosh.codec.whoosh3", "W3Segment"): _Segment,
    ("whoosh.codec.whoosh3", "W3Codec"): _Codec,
    ("collections", "defaultdict"): lambda factory=None: {},  # a segment's field lengths
    ("builtins", "int"): int, ("builtins", "set"): set, ("builtins", "frozenset"): frozenset,
    ("_codecs", "encode"): _codecs.encode,  # bytes in a protocol 2 pickle
    ("datetime", "datetime"): lambda *state: None,  # a stored date: not read here
}
_Restricted = None


def unpickler(file):
    """An unpickler of ``file`` that builds only what :data:`_KNOWN` names."""
    global _Restricted
    if _Restricted is None:
        from _pickle import Unpickler

        class _Restricted(Unpickler):
            def find_class(self, module, name):
                key = ("builtins" if module == "__builtin__" else module, name)
                if key not in _KNOWN:
                    raise ColdUnsupported(f"unexpected global in a pickle: {module}.{name}")
                return _KNOWN[key]
    return _Restricted(file)


def loads(data):
    """``data`` unpickled by :func:`unpickler`."""
    import io

    return unpickler(io.BytesIO(data)).load()


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """Whoosh's variable-length unsigned integer at ``pos``; the position after it."""
    value = shift = 0
    while True:
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos, shift = pos + 1, shift + 7
        if not byte & 0x80:
            return value, pos


def toc_segments(data: bytes, generation: int) -> list:
    """The segments of the TOC file's ``data`` (as ``whoosh.index.TOC.read`` reads it)."""
    if data[:3] != b"\x04\x08\x04" or INT.unpack_from(data, 3)[0] != -12345:
        raise ColdUnsupported("not a Whoosh TOC of this architecture")
    if INT.unpack_from(data, 7)[0] != _TOC_VERSION:
        raise ColdUnsupported("another TOC version")
    pos = 11
    for _ in range(4):  # Whoosh's release (3 numbers), then the pickled schema's length
        length, pos = _varint(data, pos)
    pos += length  # the schema: not needed
    if INT.unpack_from(data, pos)[0] != generation:
        raise ColdUnsupported("the TOC's generation is not its name's")
    segments = loads(data[pos + 8:])
    if not isinstance(segments, list) or not all(map(_plain, segments)):
        raise ColdUnsupported("a segment that is not a plain W3Segment")
    return segments


def _plain(segment) -> bool:
    """Whether ``segment`` is a ``W3Segment`` of this module's kind (not compound)."""
    state = getattr(segment, "__dict__", {})
    return (isinstance(segment, _Segment) and isinstance(state.get("_codec"), _Codec)
            and state.get("compound") is False and "name" not in state
            and state.get("indexname") == INDEX_NAME and isinstance(state.get("segid"), str)
            and isinstance(state.get("_doccount"), int)
            and isinstance(state.get("_deleted"), (set, frozenset, type(None)))
            and isinstance(state.get("_fieldlengths"), dict))
