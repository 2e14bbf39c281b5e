"""Articles from files: finding them, reading them, and pulling out title, source and body."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from navsok.errors import NavsokError

#: File endings navsok reads as articles.
TEXT_SUFFIXES = frozenset({".txt", ".md"})

#: Lines that appear in exported articles but are never their title.
BOILERPLATE_LINES = frozenset(
    {
        "historisk arkiv",
        "se video:",
        "(artikkelen fortsetter under):",
        "les også",
        "annonse",
    }
)

_SOURCE_LINE = re.compile(r"^(?:Utgiver|Kilde|Source)\s*:\s*(?P<source>.+?)\s*$", re.I | re.M)
_PHOTO_CREDIT = re.compile(r"^Foto:\s*[^/\n]+/\s*(?P<source>[^\n()]+?)\s*\.?$", re.M)
_TITLE_DASH = re.compile(r"^[–—-]\s*")


class DocumentError(NavsokError):
    """A file that cannot be read as an article; the message names the reason."""


@dataclass(frozen=True)
class Article:
    """One article, as plain data: what the index stores and the search returns."""

    path: str
    title: str
    body: str
    source: str = ""
    checksum: str = ""


def find_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every file below ``paths`` (files are yielded as given), sorted, hidden ones skipped."""
    for root in paths:
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        yield Path(dirpath) / name
        else:
            yield root


def is_article_file(path: Path) -> bool:
    """Whether navsok knows how to read this file."""
    return path.suffix.lower() in TEXT_SUFFIXES


def read_article(path: Path) -> Article:
    """Read one article file; raises :class:`DocumentError` when it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError("not UTF-8 text") from None
    return parse_text(
        text,
        path=str(path.resolve()),
        checksum=hashlib.blake2b(data, digest_size=16).hexdigest(),
    )


def parse_text(text: str, path: str, checksum: str = "") -> Article:
    """Split a plain-text article into title, source and body."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError("empty file")
    lines = [line.strip() for line in text.split("\n")]
    title_index = next(
        (i for i, line in enumerate(lines) if line and line.lower() not in BOILERPLATE_LINES),
        None,
    )
    if title_index is None:
        raise DocumentError("no text")
    title = _TITLE_DASH.sub("", lines[title_index].lstrip("# ")).strip()
    body = "\n".join(lines[title_index + 1 :]).strip()
    return Article(
        path=path,
        title=title,
        body=body,
        source=find_source(body),
        checksum=checksum,
    )


def find_source(body: str) -> str:
    """The publisher named in the text: ``Utgiver: X`` first, then a photo credit ``/ NRK``."""
    for pattern in (_SOURCE_LINE, _PHOTO_CREDIT):
        match = pattern.search(body)
        if match:
            return match.group("source")
    return ""
