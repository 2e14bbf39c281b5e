"""Bytes of a file to text: reading within a size limit, BOMs, UTF-8 and legacy encodings."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from navsok.articles import DocumentError

#: Encodings tried (by charset-normalizer) for text that is not UTF-8: the single-byte
#: encodings Norwegian text is found in. UTF-16/32 are recognised by their BOM only.
LEGACY_ENCODINGS = ["cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850"]
BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
BINARY_SNIFF = 8192  # bytes looked at for NUL bytes


def too_big(size: int, limit: int) -> str:
    return f"{size:,} bytes is over the {limit:,}-byte limit (raise it with --max-bytes)"


def read_bytes(path: Path, limit: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            # As much as stat says is there (a buffer of ``limit`` bytes for every file
            # costs more than reading it), then whatever it has grown by, up to the limit.
            size = min(os.fstat(handle.fileno()).st_size, limit)
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(limit + 1 - len(data))
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc)) from None
    if len(data) > limit:  # grew since stat, or a file whose size stat does not know
        raise DocumentError(too_big(len(data), limit))
    return data


def checksum(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def decode_text(data: bytes) -> str:
    """Bytes to text: a BOM wins, then UTF-8, then the likeliest legacy encoding."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise DocumentError(f"not valid {encoding} text despite its BOM") from None
    if b"\x00" in data[:BINARY_SNIFF]:
        raise DocumentError("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    match = charset_normalizer.from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
    if match is None:
        raise DocumentError("binary file, or text in an unknown encoding")
    return str(match)
