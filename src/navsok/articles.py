"""Articles as plain data: the records readers produce and the options they read with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from navsok.errors import NavsokError

#: Files larger than this are skipped (for .jsonl: lines longer than this), unless
#: ``--max-bytes`` says otherwise.
DEFAULT_MAX_BYTES = 5_000_000

#: Article fields a JSON record can fill, and the keys tried for each (first present wins).
JSON_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "tittel", "overskrift"),
    "body": ("body", "text", "content", "tekst", "brødtekst"),
    "url": ("url", "link", "lenke"),
    "date": ("date", "published", "publisert", "dato", "datePublished"),
    "source": ("source", "publisher", "utgiver", "kilde", "site"),
    "id": ("id", "_id", "guid"),
}


class DocumentError(NavsokError):
    """A file (or record) that cannot be read as an article; the message names the reason."""


@dataclass(frozen=True)
class Article:
    """One article, as plain data: what the index stores and the search returns.

    ``path`` identifies the article: the file's absolute path, or ``file.jsonl#12`` for a
    record in a file of many. ``file`` is the file it came from; ``checksum`` changes
    whenever the article's own bytes change.
    """

    path: str
    title: str
    body: str
    source: str = ""
    checksum: str = ""
    date: datetime | None = None
    url: str = ""
    file: str = ""


@dataclass
class FileArticles:
    """What a reader got out of one file: its articles and the parts it could not use."""

    articles: list[Article] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (location, reason)
    unshown_problems: int = 0  # bad records beyond the ones named in ``problems``
    ids: set[str] = field(default_factory=set, repr=False)


@dataclass(frozen=True)
class ReadOptions:
    """How to read files: the size limit and the JSON keys for each article field."""

    max_bytes: int = DEFAULT_MAX_BYTES
    json_fields: Mapping[str, str] = field(default_factory=dict)

    def json_keys(self, name: str) -> tuple[str, ...]:
        """The keys a JSON record may hold article field ``name`` under."""
        if name in self.json_fields:
            return (self.json_fields[name],)
        return JSON_KEYS[name]


def parse_json_fields(text: str) -> dict[str, str]:
    """``body=content,title=headline`` → ``{"body": "content", "title": "headline"}``."""
    mapping = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, key = (s.strip() for s in item.partition("="))
        if not sep or not key:
            raise NavsokError(f"--json-fields: {item!r} is not FIELD=KEY")
        if name not in JSON_KEYS:
            raise NavsokError(
                f"--json-fields: unknown field {name!r} (fields: {', '.join(JSON_KEYS)})"
            )
        mapping[name] = key
    return mapping
