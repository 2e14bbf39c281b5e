"""Articles from files: finding them, decoding them, and pulling out title, source, date and body.

One small reader per format, chosen by the file's ending (:data:`READERS`). A reader turns
a file into :class:`FileArticles`: the articles it holds (one for .txt/.md/.html, many for
.json/.jsonl) and the problems with parts of it (a malformed JSON line). A file that
cannot be used at all raises :class:`DocumentError`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from navsok.errors import NavsokError

#: Files larger than this are skipped (for .jsonl: lines longer than this), unless
#: ``--max-bytes`` says otherwise.
DEFAULT_MAX_BYTES = 5_000_000

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

#: Article fields a JSON record can fill, and the keys tried for each (first present wins).
JSON_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "tittel", "overskrift"),
    "body": ("body", "text", "content", "tekst", "brødtekst"),
    "url": ("url", "link", "lenke"),
    "date": ("date", "published", "publisert", "dato", "datePublished"),
    "source": ("source", "publisher", "utgiver", "kilde", "site"),
    "id": ("id", "_id", "guid"),
}

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
MAX_PROBLEMS_PER_FILE = 5  # malformed records named one by one; the rest are counted

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4,
    "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "desember": 12, "des": 12,
}  # fmt: skip

_SOURCE_LINE = re.compile(r"^(?:Utgiver|Kilde|Source)\s*:\s*(?P<source>.+?)\s*$", re.I | re.M)
_PHOTO_CREDIT = re.compile(r"^Foto:\s*[^/\n]+/\s*(?P<source>[^\n()]+?)\s*\.?$", re.M)
_DATE_LINE = re.compile(
    r"^(?:Publisert|Publisert dato|Dato|Date|Published)\s*:?\s*(?P<date>.+?)\s*$", re.I | re.M
)
_TITLE_DASH = re.compile(r"^[–—-]\s*")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<head>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_TIME = r"(?:[T ]|\s+(?:kl\.?\s*)?)(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
_DATE_PATTERNS = (
    re.compile(rf"\b(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?:{_TIME})?"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}})(?:{_TIME})?"),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})\.?\s+(?P<month>[a-zæøå]+)\.?\s+(?P<year>\d{{4}})(?:,?{_TIME})?",
        re.I,
    ),
)


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


def find_files(
    paths: Iterable[Path], on_error: Callable[[str, str], None] | None = None
) -> Iterator[Path]:
    """Every file below ``paths`` (files are yielded as given), sorted, hidden ones skipped.

    A folder that cannot be listed is passed to ``on_error(path, reason)`` and skipped.
    """

    def walk_error(exc: OSError) -> None:
        if on_error is not None:
            on_error(exc.filename, f"cannot read the folder ({exc.strerror or exc})")

    for root in paths:
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root, onerror=walk_error):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        yield Path(dirpath) / name
        else:
            yield root


def is_article_file(path: Path) -> bool:
    """Whether navsok knows how to read this file (by its ending)."""
    return path.suffix.lower() in READERS


def stat_file(path: Path) -> os.stat_result:
    """``os.stat`` for a file navsok may read; :class:`DocumentError` says why not."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        reason = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
        raise DocumentError(reason) from None
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError("not a regular file (a pipe, socket or device)")
    return info


def read_file(path: Path, options: ReadOptions = ReadOptions()) -> FileArticles:
    """Read every article in one file; raises :class:`DocumentError` when none can be used."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DocumentError(f"unknown file type {path.suffix or '(no ending)'!r}")
    info = stat_file(path)
    if reader is not read_jsonl and info.st_size > options.max_bytes:
        raise DocumentError(_too_big(info.st_size, options.max_bytes))
    return reader(path, str(path.resolve()), options)


def read_article(path: Path, options: ReadOptions = ReadOptions()) -> Article:
    """The first article in a file (the only one for .txt, .md and .html)."""
    found = read_file(path, options)
    if not found.articles:
        raise DocumentError(found.problems[0][1] if found.problems else "no articles")
    return found.articles[0]


def _too_big(size: int, limit: int) -> str:
    return f"{size:,} bytes is over the {limit:,}-byte limit (raise it with --max-bytes)"


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc)) from None
    if len(data) > limit:  # grew since stat, or a file whose size stat does not know
        raise DocumentError(_too_big(len(data), limit))
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


# --- dates -------------------------------------------------------------------------------


def parse_date(text: str) -> datetime | None:
    """The first date in ``text``: ISO (2026-11-24), 24.11.2026 or 24. november 2026.

    A time of day (``10:15``, ``kl. 10.15``) right after the date is kept.
    """
    found = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = _date_from_match(match)
            if value is not None:
                found.append((match.start(), value))
                break
    return min(found, key=lambda item: item[0])[1] if found else None


def _date_from_match(match: re.Match) -> datetime | None:
    month = match["month"]
    month = MONTHS.get(month.lower()) if not month.isdigit() else int(month)
    try:
        return datetime(
            int(match["year"]),
            month or 0,
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
        )
    except ValueError:
        return None


def find_date(text: str) -> datetime | None:
    """The publication date from a ``Publisert: …`` (or ``Dato:``) line."""
    for match in _DATE_LINE.finditer(text):
        value = parse_date(match["date"])
        if value is not None:
            return value
    return None


# --- plain text and Markdown -------------------------------------------------------------


def read_text(path: Path, location: str, options: ReadOptions) -> FileArticles:
    data = _read_bytes(path, options.max_bytes)
    article = parse_text(decode_text(data), path=location, checksum=checksum(data))
    return FileArticles([article])


def parse_text(text: str, path: str, checksum: str = "") -> Article:
    """Split a plain-text article into title, source, date and body.

    A Markdown front matter block (``---`` / ``title: …`` / ``---``) gives title, date,
    source and url (the keys a JSON record may use); the text gives what it lacks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, text = split_front_matter(text)
    if not text.strip() and not meta:
        raise DocumentError("empty file")
    lines = [line.strip() for line in text.split("\n")]
    first = next(
        (i for i, line in enumerate(lines) if line and line.lower() not in BOILERPLATE_LINES),
        None,
    )
    heading = _TITLE_DASH.sub("", lines[first].lstrip("# ")).strip() if first is not None else ""
    title = _front(meta, "title") or heading
    if not title:
        raise DocumentError("no text")
    if first is not None and heading == title:
        lines = lines[first + 1 :]
    body = "\n".join(lines).strip()
    return Article(
        path=path,
        title=title,
        body=body,
        source=_front(meta, "source") or find_source(body),
        checksum=checksum,
        date=parse_date(_front(meta, "date")) or find_date(body),
        url=_front(meta, "url"),
        file=path,
    )


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``key: value`` lines of a leading ``---`` block (lower-cased keys), and the rest."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = {}
    for line in match["head"].split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key[:1].isspace() and not key.startswith("-"):
            meta[key.strip().lower()] = value.strip().strip("'\"")
    return meta, text[match.end() :]


def _front(meta: dict[str, str], name: str) -> str:
    return next((meta[k.lower()] for k in JSON_KEYS[name] if meta.get(k.lower())), "")


def find_source(body: str) -> str:
    """The publisher named in the text: ``Utgiver: X`` first, then a photo credit ``/ NRK``."""
    for pattern in (_SOURCE_LINE, _PHOTO_CREDIT):
        match = pattern.search(body)
        if match:
            return match.group("source")
    return ""


# --- HTML ----------------------------------------------------------------------------------


def read_html(path: Path, location: str, options: ReadOptions) -> FileArticles:
    """The article in a web page, without navigation, scripts and boilerplate (trafilatura)."""
    data = _read_bytes(path, options.max_bytes)
    html = decode_text(data)
    if not html.strip():
        raise DocumentError("empty file")
    page = _extract_html(html)
    if page is None or not (page.text or "").strip():
        raise DocumentError("no article text found in the HTML")
    lines = [line.strip() for line in page.text.split("\n") if line.strip()]
    title = (page.title or "").strip() or lines[0]
    if lines and lines[0] == title:
        lines = lines[1:]
    body = "\n".join(lines)
    date = parse_date(page.date or "") or find_date(body)
    return FileArticles(
        [
            Article(
                path=location,
                title=title,
                body=body,
                source=(page.sitename or "").strip() or find_source(body) or (page.hostname or ""),
                checksum=checksum(data),
                date=date,
                url=page.url or "",
                file=location,
            )
        ]
    )


def _extract_html(html: str):
    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False
    try:
        return trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # noqa: BLE001 - a page the extractor chokes on is one bad file
        raise DocumentError(f"cannot extract the article from the HTML ({exc})") from None


# --- JSON and JSON lines -----------------------------------------------------------------


def read_json(path: Path, location: str, options: ReadOptions) -> FileArticles:
    """One article object, or a list of them."""
    text = decode_text(_read_bytes(path, options.max_bytes))
    if not text.strip():
        raise DocumentError("empty file")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"malformed JSON ({exc})") from None
    records = value if isinstance(value, list) else [value]
    found = FileArticles()
    for number, record in enumerate(records, 1):
        raw = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
        _add_record(found, record, raw, location, number, f"{path}: record {number}", options)
    return _checked(found)


def read_jsonl(path: Path, location: str, options: ReadOptions) -> FileArticles:
    """One article object per line; a bad line is a problem, the others are read."""
    found = FileArticles()
    try:
        with open(path, "rb") as handle:
            head = handle.read(BINARY_SNIFF)
            if b"\x00" in head and not head.startswith(tuple(bom for bom, _ in BOMS)):
                raise DocumentError("binary file, not text")
            handle.seek(0)
            for number, raw in enumerate(_lines(handle, options.max_bytes), 1):
                where = f"{path}:{number}"
                if isinstance(raw, int):
                    found.problems.append((where, _too_big(raw, options.max_bytes)))
                    continue
                if not raw.strip():
                    continue
                try:
                    record = json.loads(decode_text(raw.lstrip(b"\xef\xbb\xbf")))
                except (json.JSONDecodeError, DocumentError) as exc:
                    found.problems.append((where, f"malformed JSON line ({exc})"))
                    continue
                _add_record(found, record, raw, location, number, where, options)
    except OSError as exc:
        raise DocumentError(exc.strerror or str(exc)) from None
    return _checked(found)


def _lines(handle, limit: int) -> Iterator[bytes | int]:
    """The lines of a binary file; a line over ``limit`` bytes comes out as its length."""
    for line in handle:
        yield len(line) if len(line) > limit else line


def _checked(found: FileArticles) -> FileArticles:
    if not found.articles and not found.problems:
        raise DocumentError("empty file")
    if len(found.problems) > MAX_PROBLEMS_PER_FILE:
        found.unshown_problems = len(found.problems) - MAX_PROBLEMS_PER_FILE
        del found.problems[MAX_PROBLEMS_PER_FILE:]
    return found


def _add_record(
    found: FileArticles,
    record,
    raw: bytes,
    location: str,
    number: int,
    where: str,
    options: ReadOptions,
) -> None:
    try:
        article = record_article(record, location, number, checksum(raw), options)
    except DocumentError as exc:
        found.problems.append((where, str(exc)))
        return
    if article.path in found.ids:
        found.problems.append((where, f"duplicate id {article.path.rsplit('#', 1)[1]!r}"))
        return
    found.ids.add(article.path)
    found.articles.append(article)


def record_article(
    record, file: str, number: int, digest: str, options: ReadOptions = ReadOptions()
) -> Article:
    """One JSON object as an article; its id is ``file#ID`` (the id field, else ``number``)."""
    if not isinstance(record, dict):
        raise DocumentError(f"a JSON {type(record).__name__}, not an object")

    def value(name: str) -> str:
        for key in options.json_keys(name):
            if record.get(key) not in (None, ""):
                item = record[key]
                return "\n".join(map(str, item)) if isinstance(item, list) else str(item)
        return ""

    title, body = value("title").strip(), value("body").strip()
    if not title and not body:
        keys = ", ".join(options.json_keys("title") + options.json_keys("body"))
        raise DocumentError(f"no title or body (looked for: {keys}; see --json-fields)")
    if not title:
        title = body.split("\n", 1)[0][:120]
    ident = value("id").strip() or str(number)
    return Article(
        path=f"{file}#{ident}",
        title=title,
        body=body,
        source=value("source").strip(),
        checksum=digest,
        date=_record_date(record, options),
        url=value("url").strip(),
        file=file,
    )


def _record_date(record: dict, options: ReadOptions) -> datetime | None:
    for key in options.json_keys("date"):
        item = record.get(key)
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            try:
                return datetime.fromtimestamp(item / 1000 if item > 1e11 else item)
            except (OverflowError, OSError, ValueError):
                return None
        if isinstance(item, str) and item.strip():
            return parse_date(item)
    return None


Reader = Callable[[Path, str, ReadOptions], FileArticles]

#: The reader for each file ending navsok knows.
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
}
