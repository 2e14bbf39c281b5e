"""Turning search results into output: Rich for terminals, plain lines and JSON for pipes.

Like ripgrep's printer, this module takes plain hit data and decides the look from the
output target alone; it knows nothing of Whoosh.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from navsok import paths
from navsok.paths import display_path, relative_path
from navsok.search import Hit, SearchResult, Snippet, TermMatch

HIGHLIGHT_STYLE = "bold black on yellow"
INDENT = 4  # columns before the path, explanation and snippets of a hit
TSV_COLUMNS = ("rank", "score", "path", "title", "source", "snippet")
#: Terminals that show OSC 8 escape codes instead of turning them into links.
NO_HYPERLINK_TERMS = frozenset({"dumb", "linux"})


def hit_record(hit: Hit, explain: bool = False) -> dict:
    """The stable machine-readable form of a hit (one JSON object per line).

    With ``explain``, an ``explain`` list holds one object per matched term.
    """
    snippet = hit.snippet
    record = {
        "rank": hit.rank,
        "score": round(hit.score, 4),
        "path": display_path(hit.path),
        "title": hit.title,
        "source": hit.source,
        "date": format_date(hit.date),
        "url": hit.url,
        "snippet": snippet.text,
        "highlights": [list(span) for span in snippet.highlights],
    }
    if explain:
        record["explain"] = [
            {
                "field": m.field,
                "term": m.term,
                "query": m.query,
                "forms": list(m.forms),
                "via": m.via,
                "score": round(m.score, 4),
            }
            for m in hit.explanation
        ]
    return record


def explain_text(match: TermMatch) -> str:
    """One matched term in a line: ``body:kvalifiseringsprogram→kvalifiseringsprogrammet
    stem 1.94``, ``body:syngje→sungi lemma synge 0.28`` (the lemma, when not the query word)."""
    return f"{match.field}:{match.query}→{'/'.join(match.forms)} {_how(match)} {match.score:.2f}"


def explain_column(hit: Hit) -> str:
    return "; ".join(explain_text(m) for m in explain_lines(hit))


def explain_lines(hit: Hit) -> list[TermMatch]:
    """A hit's explanation for people: terms that say the same (field, query word, the
    article's words, how and by which lemma) as one, with their scores added (a title word
    typed as it is written matches its lemma and its stem, both ``exact``), highest first."""
    lines: dict[tuple, TermMatch] = {}
    for match in hit.explanation:
        forms = match.forms or (match.term,)
        key = (match.field, match.query, forms, _how(match))
        same = lines.get(key)
        score = match.score + (same.score if same else 0.0)
        lines[key] = replace(same or match, forms=forms, score=score)
    return sorted(lines.values(), key=lambda m: -m.score)


def _how(match: TermMatch) -> str:
    """How a term matched, and by which lemma when that is not the query word: ``lemma synge``."""
    return f"{match.via} {match.joined_by}" if match.joined_by else match.via


def write_result(result: SearchResult, out: TextIO, fmt: str, explain: bool = False) -> None:
    """Machine output in ``fmt``: plain (tab-separated lines), json, tsv or paths."""
    writer = {"plain": write_plain, "json": write_json, "tsv": write_tsv, "paths": write_paths}
    writer[fmt](result, out, explain)


def format_date(value) -> str | None:
    """A stored date as ISO text: the day alone when no time of day was given."""
    if value is None:
        return None
    if (value.hour, value.minute, value.second) == (0, 0, 0):
        return value.date().isoformat()
    return value.isoformat(timespec="minutes")


def write_json(result: SearchResult, out: TextIO, explain: bool = False) -> None:
    """One JSON object per hit and line. A spelling suggestion rides along as the key
    ``suggestion`` of every hit or, when nothing matched, is the one object written; the
    query searched instead of one typed without its Norwegian letters, as ``searched_for``."""
    extra = {"suggestion": result.suggestion} if result.suggestion else {}
    if result.typed:
        extra = {"searched_for": result.query}
    for hit in result.hits:
        out.write(json.dumps({**hit_record(hit, explain), **extra}, ensure_ascii=False) + "\n")
    if extra and not result.hits:
        out.write(json.dumps(extra, ensure_ascii=False) + "\n")


def stopword_message(result: SearchResult) -> str | None:
    """Why nothing matched a query of stopwords only (*og*, *det er*): they are not
    indexed, so a search finds none of them."""
    if result.total:
        return None
    from navsok.spelling import STOPWORDS, normalise
    from navsok.wordterms import words_of

    words = sorted(words_of(result.query))
    if not words or any(normalise(word) not in STOPWORDS for word in words):
        return None
    quoted = ", ".join(f"'{word}'" for word in words)
    if len(words) == 1:
        return f"{quoted} is a stopword, too common to be indexed: search for a word beside it"
    return f"{quoted} are stopwords, too common to be indexed: search for a word beside them"


def suggestion_message(result: SearchResult) -> str | None:
    """"Mente du: …?" (did you mean) when the search has a spelling suggestion; "Viser
    treff for …" (showing hits for) when it searched one instead of the typed query."""
    if result.typed:
        return respelt_message(result.query, result.typed)
    return f"Mente du: {result.suggestion}?" if result.suggestion else None


def respelt_message(meant: str, typed: str) -> str:
    """What a query typed without its Norwegian letters searched instead (Gjovik: Gjøvik)."""
    return f"Viser treff for {meant} (ingen for {typed})"


def write_plain(result: SearchResult, out: TextIO, explain: bool = False) -> None:
    """One line per hit: path, title and snippet separated by tabs; no escape codes.

    With ``explain``, a fourth column lists the matched terms, separated by ``; ``.
    """
    for hit in result.hits:
        fields = [display_path(hit.path), hit.title, hit.snippet.text]
        if explain:
            fields.append(explain_column(hit))
        out.write("\t".join(_one_line(f) for f in fields) + "\n")


def write_tsv(result: SearchResult, out: TextIO, explain: bool = False) -> None:
    """A header line, then one line per hit; tabs, newlines and backslashes escaped."""
    out.write("\t".join(TSV_COLUMNS + (("explain",) if explain else ())) + "\n")
    for hit in result.hits:
        fields = [
            str(hit.rank),
            f"{hit.score:.4f}",
            display_path(hit.path),
            hit.title,
            hit.source,
            hit.snippet.text,
        ]
        if explain:
            fields.append(explain_column(hit))
        out.write("\t".join(tsv_escape(f) for f in fields) + "\n")


def write_paths(result: SearchResult, out: TextIO, explain: bool = False) -> None:
    for hit in result.hits:
        out.write(display_path(hit.path) + "\n")


def write_null_paths(result: SearchResult, out: TextIO) -> None:
    """Each path's bytes as the file system has them, then a NUL (for ``xargs -0``)."""
    out.flush()
    binary = getattr(out, "buffer", None)
    for hit in result.hits:
        data = paths.raw(relative_path(hit.path)) + b"\0"
        if binary is not None:
            binary.write(data)
        else:
            out.write(data.decode("utf-8", "surrogateescape"))


def tsv_escape(text: str) -> str:
    r"""Escape a TSV field as PostgreSQL's text format does: ``\\``, ``\t``, ``\n``, ``\r``."""
    return (
        text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


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


def supports_hyperlinks(out: TextIO) -> bool:
    """Whether ``out`` is a terminal that turns OSC 8 escapes into clickable links."""
    is_tty = getattr(out, "isatty", lambda: False)()
    return is_tty and os.environ.get("TERM", "") not in NO_HYPERLINK_TERMS


def print_rich(result: SearchResult, console, explain: bool = False, links: bool = False) -> None:
    """Ranked hits for a person at a terminal: rank and title, where from, snippets.

    Titles and the path line are cut to the terminal width; snippets wrap, indented.
    With ``links``, the path is a hyperlink to the file.
    """
    from rich.padding import Padding
    from rich.text import Text

    for hit in result.hits:
        heading = Text(f"{hit.rank:>2}. ", style="bold cyan")
        heading.append_text(highlighted(hit.title_snippet))
        heading.stylize("bold", 4)
        console.print(heading, no_wrap=True, overflow="ellipsis")
        where = Text(" " * INDENT)
        link = f"link {Path(paths.from_index(hit.path)).resolve().as_uri()}" if links else ""
        where.append(display_path(hit.path), style=f"magenta {link}".strip())
        if hit.source:
            where.append(f"  ·  {hit.source}", style="green")
        if hit.date:
            where.append(f"  ·  {format_date(hit.date)}", style="blue")
        where.append(f"  ·  score {hit.score:.2f}", style="dim")
        console.print(where, no_wrap=True, overflow="ellipsis")
        if explain:
            console.print(Padding(_explain_table(hit), (0, 0, 0, INDENT), expand=False))
        for snippet in hit.snippets:
            _print_indented(console, highlighted(snippet), INDENT)
        console.print()
    shown = len(result.hits)
    more = f" (showing {shown})" if result.total > shown else ""
    noun = "hit" if result.total == 1 else "hits"
    console.print(Text(f"{result.total} {noun} for {result.query!r}{more}", style="dim"))


def _print_indented(console, text, indent: int) -> None:
    """Print ``text`` wrapped to the console width, every line indented, no trailing blanks."""
    from rich.text import Text

    for line in text.wrap(console, max(console.width - indent, 20)):
        line.rstrip()
        console.print(Text(" " * indent).append_text(line), no_wrap=True, overflow="ignore")


def _explain_table(hit: Hit):
    """The score breakdown of a hit: field, query word → article's words, how, points."""
    from rich.table import Table

    table = Table.grid(padding=(0, 1))
    for _ in range(3):
        table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    table.add_column(no_wrap=True, style="dim")
    table.add_column(justify="right", style="dim")
    for match in explain_lines(hit):
        table.add_row(match.field, match.query, "→", ", ".join(match.forms), _how(match),
                      f"{match.score:.2f}")
    return table


def print_paged(render, console, pager: bool) -> None:
    """Run ``render(console)``; on a terminal, output taller than the screen goes to a pager.

    The pager is ``$PAGER`` (default ``less``; ``LESS`` defaults to ``FRX`` as for git).
    """
    if not pager or not console.is_terminal or not console.height:
        render(console)
        return
    with console.capture() as capture:
        render(console)
    text = capture.get()
    if text.count("\n") < console.height:
        console.file.write(text)
        return
    import click

    os.environ.setdefault("LESS", "FRX")
    click.echo_via_pager(text, color=True)
