"""Turning search results into output: Rich for terminals, plain lines and JSON for pipes.

Like ripgrep's printer, this module takes plain hit data and decides the look from the
output target alone; it knows nothing of Whoosh.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TextIO

from navsok.search import Hit, SearchResult, Snippet

HIGHLIGHT_STYLE = "bold black on yellow"


def display_path(path: str) -> str:
    """A stored absolute path, shown relative to the working directory when below it."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def hit_record(hit: Hit) -> dict:
    """The stable machine-readable form of a hit (one JSON object per line)."""
    snippet = hit.snippet
    return {
        "rank": hit.rank,
        "score": round(hit.score, 4),
        "path": display_path(hit.path),
        "title": hit.title,
        "source": hit.source,
        "snippet": snippet.text,
        "highlights": [list(span) for span in snippet.highlights],
    }


def write_json(result: SearchResult, out: TextIO) -> None:
    for hit in result.hits:
        out.write(json.dumps(hit_record(hit), ensure_ascii=False) + "\n")


def write_plain(result: SearchResult, out: TextIO) -> None:
    """One line per hit: path, title and snippet separated by tabs; no escape codes."""
    for hit in result.hits:
        fields = (display_path(hit.path), hit.title, hit.snippet.text)
        out.write("\t".join(_one_line(f) for f in fields) + "\n")


def write_paths(result: SearchResult, out: TextIO) -> None:
    for hit in result.hits:
        out.write(display_path(hit.path) + "\n")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def highlighted(snippet: Snippet):
    """A Rich Text with the matched parts in the highlight style."""
    from rich.text import Text

    text = Text()
    for part, matched in snippet.parts:
        text.append(part, style=HIGHLIGHT_STYLE if matched else None)
    return text


def make_console(out: TextIO | None = None, color: str = "auto", width: int | None = None):
    """A Rich console for ``out``; ``color`` is auto, always or never. NO_COLOR is honoured."""
    from rich.console import Console

    force = {"always": True, "never": False}.get(color)
    no_color = color == "never" or (color == "auto" and "NO_COLOR" in os.environ)
    return Console(
        file=out,
        force_terminal=force,
        no_color=no_color,
        width=width,
        highlight=False,
        soft_wrap=False,
    )


def print_rich(result: SearchResult, console) -> None:
    """Ranked hits for a person at a terminal: rank and title, where from, snippets."""
    from rich.text import Text

    for hit in result.hits:
        heading = Text(f"{hit.rank:>2}. ", style="bold cyan")
        heading.append_text(highlighted(hit.title_snippet))
        heading.stylize("bold", 4)
        console.print(heading)
        where = Text("    ")
        where.append(display_path(hit.path), style="magenta")
        if hit.source:
            where.append(f"  ·  {hit.source}", style="green")
        where.append(f"  ·  score {hit.score:.2f}", style="dim")
        console.print(where)
        for snippet in hit.snippets:
            console.print(Text("    ").append_text(highlighted(snippet)))
        console.print()
    shown = len(result.hits)
    more = f" (showing {shown})" if result.total > shown else ""
    console.print(Text(f"{result.total} hits for {result.query!r}{more}", style="dim"))


class ProgressBar:
    """A Rich progress bar on stderr, drawn only when stderr is a terminal.

    Use as a context manager; the instance is the ``progress(done, total)`` callback.
    """

    def __init__(self, description: str):
        self.description = description
        self._progress = None
        self._task = None

    def __enter__(self):
        import sys

        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self._progress = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=None)
        return self

    def __call__(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=done, total=total)

    def __exit__(self, *exc_info):
        if self._progress is not None:
            self._progress.stop()
