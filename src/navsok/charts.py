"""Counts per period or source (`--by`): a Rich bar chart on a terminal, TSV or JSON lines
in pipes. Takes :class:`navsok.facets.Facets` as plain data; knows nothing of Whoosh."""

from __future__ import annotations

import json
from typing import TextIO

#: Eighths of a block, for bars that end between two character cells.
BLOCKS = " ▏▎▍▌▋▊▉█"
BAR_STYLE = "cyan"
MAX_BAR = 60  # columns; wider bars are no easier to compare
UNDATED = "undated"
NO_SOURCE = "(no source)"


def row_label(key: str | None, by: str) -> str:
    """A row's name as printed: the period or source; the undated/no-source row named so."""
    if key is not None:
        return key
    return NO_SOURCE if by == "source" else UNDATED


def write_facets(facets, out: TextIO, fmt: str) -> None:
    """``plain``: ``key<TAB>count`` lines; ``tsv``: the same under a header (``year<TAB>count``);
    ``json``: one object per row, ``{"year": "2024", "count": 3}`` (``null`` for undated)."""
    from navsok.render import tsv_escape

    if fmt == "json":
        for row in facets.rows:
            out.write(json.dumps({facets.by: row.key, "count": row.count}, ensure_ascii=False) + "\n")
        return
    if fmt == "tsv":
        out.write(f"{facets.by}\tcount\n")
    for row in facets.rows:
        out.write(f"{tsv_escape(row_label(row.key, facets.by))}\t{row.count}\n")


def bar(count: int, most: int, width: int) -> str:
    """A bar ``count/most`` of ``width`` cells long, to an eighth of a cell; a count above
    zero always shows at least a sliver."""
    if not count or not most:
        return ""
    eighths = max(1, round(count / most * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (BLOCKS[part] if part else "")


def print_chart(facets, console) -> None:
    """One row per period or source: its name, a bar scaled to the largest count, the count;
    then a line saying what was counted."""
    from rich.table import Table
    from rich.text import Text

    labels = [row_label(row.key, facets.by) for row in facets.rows]
    counts = [f"{row.count:,}" for row in facets.rows]
    label_width = max(map(len, labels), default=0)
    count_width = max(map(len, counts), default=0)
    width = max(10, min(MAX_BAR, console.width - label_width - count_width - 4))
    most = max((row.count for row in facets.rows), default=0)
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, width=width)
    table.add_column(justify="right", no_wrap=True)
    for row, label, count in zip(facets.rows, labels, counts):
        dim = "dim" if not row.count else ""
        name_style = "italic dim" if row.key is None else dim
        table.add_row(Text(label, style=name_style), Text(bar(row.count, most, width), style=BAR_STYLE),
                      Text(count, style=dim or "bold"))
    console.print(table)
    noun = "article" if facets.total == 1 else "articles"
    what = f"matching {facets.query!r}" if facets.query is not None else "in the index"
    console.print(Text(f"{facets.total:,} {noun} {what}, by {facets.by}", style="dim"))
