"""File names as navsok keeps and shows them: any name the file system allows.

Python gives a name that is not valid UTF-8 (byte 0xff from an old Latin-1 disk or a zip
archive) as a string with *surrogate escapes*, which the index cannot store. In the index
each such byte ``b`` becomes the private-use character U+10FF00+b instead (so the name
round-trips exactly); on output the bytes are shown as ``\\xff`` and control characters
(a newline in a name) as ``\\n``, as ripgrep and ``ls -b`` do. ``-0`` writes the raw bytes.
"""

from __future__ import annotations

import os
import re

_BYTE_BASE = 0x10FF00  # undecodable byte b (0x80-0xff) <-> U+10FF00+b in the index
_ESCAPED = re.compile(r"[\udc80-\udcff\U0010ff80-\U0010ffff\x00-\x1f\x7f]")
_UNESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\([ntr\\])")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def display_path(path) -> str:
    """A stored absolute path, shown relative to the working directory when below it,
    with undecodable bytes and control characters escaped (see :func:`shown`)."""
    return shown(relative_path(path))


def relative_path(path) -> str:
    """A stored absolute path relative to the working directory when below it (as
    ``Path.relative_to`` makes it), else as it is."""
    path, cwd = str(path), os.getcwd()
    if path == cwd:
        return "."
    below = cwd if cwd.endswith(os.sep) else cwd + os.sep
    return path[len(below):] if path.startswith(below) else path


def to_index(name: str) -> str:
    """A name as the OS gives it (surrogate escapes) to the index's valid Unicode."""
    return re.sub(r"[\udc80-\udcff]", lambda m: chr(_BYTE_BASE + ord(m[0]) - 0xDC00), name)


def from_index(name: str) -> str:
    """The index's form of a name back to the one the OS takes."""
    return re.sub(
        r"[\U0010ff80-\U0010ffff]", lambda m: chr(0xDC00 + ord(m[0]) - _BYTE_BASE), name
    )


def shown(name: str) -> str:
    """A name for a line of text: undecodable bytes as ``\\xff``, control characters escaped."""
    return _ESCAPED.sub(_escape, name)


def raw(name: str) -> bytes:
    """A name's bytes, as the file system has them (for ``-0`` output)."""
    return os.fsencode(from_index(name))


def unescape(text: str) -> str:
    """What :func:`shown` printed, back to the name (in the OS's form)."""

    def one(match: re.Match) -> str:
        if match[1]:
            byte = int(match[1], 16)
            return chr(0xDC00 + byte) if byte >= 0x80 else chr(byte)
        return {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[match[2]]

    return _UNESCAPE.sub(one, text)


def _escape(match: re.Match) -> str:
    char = match[0]
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    if code >= _BYTE_BASE:
        return f"\\x{code - _BYTE_BASE:02x}"
    return f"\\x{code:02x}"
