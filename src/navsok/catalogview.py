"""What `navsok stats` and `navsok show` print: an index's figures and stored articles, as
aligned lines or JSON (the data comes from :mod:`navsok.catalog`)."""

from __future__ import annotations

import json
from typing import TextIO

from navsok.paths import display_path
from navsok.render import format_date


def stats_record(stats) -> dict:
    """The machine-readable form of :class:`navsok.catalog.IndexStats`."""
    return {
        "index": stats.index_dir,
        "documents": stats.documents,
        "files": stats.files,
        "terms": stats.terms,
        "size_bytes": stats.size_bytes,
        "segments": stats.segments,
        "last_indexed": stats.indexed_at.isoformat(timespec="seconds") if stats.indexed_at else None,
        "analyser": stats.analyser,
        "index_format": stats.index_format,
        "oldest": format_date(stats.oldest),
        "newest": format_date(stats.newest),
    }


def write_stats(stats, out: TextIO, as_json: bool = False) -> None:
    if as_json:
        out.write(json.dumps(stats_record(stats), ensure_ascii=False) + "\n")
        return
    segments = f"{stats.segments} segment{'s' if stats.segments != 1 else ''}"
    dates = (
        f"{format_date(stats.oldest)} – {format_date(stats.newest)}" if stats.oldest else "none"
    )
    indexed = stats.indexed_at.strftime("%Y-%m-%d %H:%M") if stats.indexed_at else "unknown"
    rows = [
        ("index", display_path(stats.index_dir)),
        ("documents", f"{stats.documents:,} (from {stats.files:,} files)"),
        ("terms", f"{stats.terms:,} distinct in titles and bodies"),
        ("size", f"{human_size(stats.size_bytes)} on disk in {segments}"),
        ("dates", dates),
        ("last indexed", indexed),
        ("analyser", f"version {stats.analyser}"),
        ("index format", str(stats.index_format)),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        out.write(f"{name:<{width}}  {value}\n")


def human_size(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


def article_record(article) -> dict:
    """The machine-readable form of a :class:`navsok.catalog.StoredArticle`."""
    return {
        "path": display_path(article.path),
        "title": article.title,
        "source": article.source,
        "date": format_date(article.date),
        "url": article.url,
        "body": article.body,
    }


def write_articles(articles, out: TextIO, as_json: bool = False) -> None:
    """Stored articles: metadata lines, a blank line, the body; ``---`` between articles."""
    for i, article in enumerate(articles):
        record = article_record(article)
        if as_json:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        if i:
            out.write("\n---\n\n")
        for name in ("path", "title", "source", "date", "url"):
            if record[name]:
                out.write(f"{name + ':':<8}{record[name]}\n")
        out.write(f"\n{article.body}\n")
