"""One reader per file format: plain text and Markdown, HTML, JSON and JSON lines.

A reader turns a file into :class:`FileArticles`: the articles it holds (one for
.txt/.md/.html, many for .json/.jsonl) and the problems with parts of it (a malformed JSON
line). A file that cannot be used at all raises :class:`DocumentError`.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from navsok.articles import JSON_KEYS, Article, DocumentError, FileArticles, ReadOptions
from navsok.dates import find_date, parse_date
from navsok.decoding import BINARY_SNIFF, BOMS, checksum, decode_text, read_bytes, too_big

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

MAX_PROBLEMS_PER_FILE = 5  # malformed records named one by one; the rest are counted

_SOURCE_LINE = re.compile(r"^(?:Utgiver|Kilde|Source)\s*:\s*(?P<source>.+?)\s*$", re.I | re.M)
_PHOTO_CREDIT = re.compile(r"^Foto:\s*[^/\n]+/\s*(?P<source>[^\n()]+?)\s*\.?$", re.M)
_TITLE_DASH = re.compile(r"^[–—-]\s*")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<head>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


# --- plain text and Markdown -------------------------------------------------------------


def read_text(path: Path, location: str, options: ReadOptions) -> FileArticles:
    data = read_bytes(path, options.max_bytes)
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
    data = read_bytes(path, options.max_bytes)
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
    extract, options = html_extractor()
    try:
        return extract(html, options=options)
    except Exception as exc:  # noqa: BLE001 - a page the extractor chokes on is one bad file
        raise DocumentError(f"cannot extract the article from the HTML ({exc})") from None


@lru_cache(maxsize=1)
def html_extractor():
    """trafilatura's extraction and its settings (metadata, tables, no comments), made
    once per process: importing trafilatura takes a tenth of a second, and settings made
    for each page a tenth of a millisecond (:mod:`navsok.reading` makes them as its
    readers start, while the run opens its index)."""
    import trafilatura
    from trafilatura.settings import Extractor

    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False
    options = Extractor(output_format="python", with_metadata=True, comments=False, tables=True)
    return trafilatura.bare_extraction, options


# --- JSON and JSON lines -----------------------------------------------------------------


def read_json(path: Path, location: str, options: ReadOptions) -> FileArticles:
    """One article object, or a list of them."""
    text = decode_text(read_bytes(path, options.max_bytes))
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
                    found.problems.append((where, too_big(raw, options.max_bytes)))
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
