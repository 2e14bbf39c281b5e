"""The benchmark's table: one row per measure, with its ratio to a baseline and its target."""

from __future__ import annotations

import os
import platform
import shutil
from dataclasses import dataclass
from typing import Callable

from queries import COLD, QUERIES


@dataclass(frozen=True)
class Row:
    """One line of the table: a measure, its unit, its baseline and, maybe, its target."""

    key: str
    label: str
    unit: str
    baseline: str | None = None
    target: str = ""
    holds: Callable[[dict], bool] | None = None
    extra: Callable[[dict], str] | None = None


def _docs_per_s(name: str) -> Callable[[dict], str]:
    return lambda m: f"{m[f'docs_per_s_{name}']:,.0f} docs/s"


GREP = "rg -i" if shutil.which("rg") else "grep -ri"

ROWS: tuple[Row, ...] = (
    Row("index_plain_s", "index: plain Whoosh writer, 1 process (baseline)", "s",
        extra=_docs_per_s("plain")),
    Row("index_navsok_s", "index: `navsok index`", "s", "index_plain_s",
        "≥2× faster than plain", lambda m: m["index_navsok_s"] * 2 <= m["index_plain_s"],
        _docs_per_s("navsok")),
    Row("analyse_s", "stem the corpus only (navsok analyser)", "s", "index_plain_s"),
    Row("index_fts5_s", "index: SQLite FTS5, pre-stemmed", "s", "index_plain_s",
        extra=_docs_per_s("fts5")),
    Row("index_tantivy_s", "index: tantivy, pre-stemmed", "s", "index_plain_s",
        extra=_docs_per_s("tantivy")),
    Row("corpus_mb", "corpus size (baseline)", "MB"),
    Row("size_navsok_mb", "index size: navsok (stores the text)", "MB", "corpus_mb"),
    Row("size_fts5_mb", "index size: FTS5 (stemmed text only)", "MB", "corpus_mb"),
    Row("size_tantivy_mb", "index size: tantivy (no stored text)", "MB", "corpus_mb"),
    Row("rss_index_plain_mb", "peak RSS: plain Whoosh writer", "MB"),
    Row("rss_index_navsok_mb", "peak RSS: `navsok index` (all processes)", "MB",
        "rss_index_plain_mb", "≤500 MB", lambda m: m["rss_index_navsok_mb"] <= 500),
    Row("warm_fts5_p50_ms", "warm query p50: FTS5 (baseline)", "ms"),
    Row("warm_fts5_p95_ms", "warm query p95: FTS5 (baseline)", "ms"),
    Row("warm_navsok_p50_ms", "warm query p50: navsok, top 10 + snippets", "ms",
        "warm_fts5_p50_ms"),
    Row("warm_navsok_p95_ms", "warm query p95: navsok, top 10 + snippets", "ms",
        "warm_fts5_p95_ms", "≤50 ms", lambda m: m["warm_navsok_p95_ms"] <= 50),
    Row("warm_tantivy_p50_ms", "warm query p50: tantivy", "ms", "warm_fts5_p50_ms"),
    Row("warm_tantivy_p95_ms", "warm query p95: tantivy", "ms", "warm_fts5_p95_ms"),
    *(row for query in COLD for row in (
        Row(f"cold_grep_{query.kind}_ms", f"cold: `{GREP} -l`, {query.kind} (`{query.text}`)", "ms"),
        Row(f"cold_navsok_{query.kind}_ms", f"cold: `navsok query -l`, {query.kind}", "ms",
            f"cold_grep_{query.kind}_ms", "≤0.5× rg",
            lambda m, k=query.kind: m[f"cold_navsok_{k}_ms"] <= 0.5 * m[f"cold_grep_{k}_ms"]),
    )),
    Row("cold_navsok_max_ms", "cold: `navsok query -l`, slowest run", "ms", "cold_grep_max_ms"),
    Row("rss_query_grep_mb", f"peak RSS: `{GREP}`", "MB"),
    Row("rss_query_navsok_mb", "peak RSS: `navsok query`", "MB", "rss_query_grep_mb",
        "≤500 MB", lambda m: m["rss_query_navsok_mb"] <= 500),
    Row("html_pages_per_s", "index: HTML pages with boilerplate (trafilatura), pages/s", "pages/s"),
    Row("rss_index_html_mb", "peak RSS: `navsok index` of the HTML pages (all processes)", "MB"),
)


def cell(row: Row, m: dict) -> str:
    if row.key not in m:
        return "n/a"
    value = m[row.key]
    text = f"{value:,.2f}" if value < 10 else f"{value:,.0f}"
    text += f" {row.unit}"
    if row.extra:
        text += f", {row.extra(m)}"
    if row.baseline and m.get(row.baseline):
        text += f" ({value / m[row.baseline]:.2f}×)"
    return text


def target_cell(row: Row, results: dict[int, dict]) -> str:
    """The target and whether it holds at the largest size measured."""
    if not row.target:
        return ""
    largest = results[max(results)]
    if row.key not in largest:
        return row.target
    try:
        mark = "✓" if row.holds(largest) else "✗"
    except KeyError:
        mark = "?"
    return f"{row.target} {mark}"


def table(results: dict[int, dict]) -> str:
    sizes = sorted(results)
    lines = [
        "| measure | " + " | ".join(f"{s:,} articles" for s in sizes) + " | target |",
        "|---" * (len(sizes) + 2) + "|",
    ]
    for row in ROWS:
        cells = [cell(row, results[s]) for s in sizes]
        lines.append(f"| {row.label} | " + " | ".join(cells) + f" | {target_cell(row, results)} |")
    return "\n".join(lines)


def totals_table(m: dict) -> str:
    """Matching articles per query and engine: the engines see the same terms, so they agree."""
    engines = list(m["totals"])
    lines = [
        "| query | kind | " + " | ".join(engines) + " |",
        "|---" * (len(engines) + 2) + "|",
    ]
    for query in QUERIES:
        counts = " | ".join(f"{m['totals'][e].get(query.text, 0):,}" for e in engines)
        lines.append(f"| `{query.text}` | {query.kind} | {counts} |")
    return "\n".join(lines)


def warm_table(results: dict[int, dict]) -> str:
    """navsok's warm median per query of the mix, per corpus size."""
    sizes = sorted(results)
    lines = ["| query | kind | " + " | ".join(f"{s:,}" for s in sizes) + " |",
             "|---" * (len(sizes) + 2) + "|"]
    for query in QUERIES:
        cells = [results[s].get("warm_navsok_per_query_ms", {}).get(query.text) for s in sizes]
        shown = " | ".join("n/a" if c is None else f"{c:.1f} ms" for c in cells)
        lines.append(f"| `{query.text}` | {query.kind} | {shown} |")
    return "\n".join(lines)


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, load average {load}"
    )
