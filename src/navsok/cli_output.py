"""The options `query`, `shell` and `similar` share, and the settings they resolve to."""

from __future__ import annotations

import os
from datetime import date

import click
from click.core import ParameterSource

from navsok import config
from navsok.cli_common import index_option
from navsok.errors import NavsokError


def _parse_date_option(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    from navsok.dates import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise click.BadParameter(f"{value!r} is not a date such as 2026-11-24 or 24.11.2026")
    return parsed.date()


def _split_fields(ctx, param, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(name.strip() for name in value.split(",") if name.strip())


def _complete_fields(ctx, param, incomplete: str):
    """Complete the last name of a comma-separated field list."""
    from click.shell_completion import CompletionItem

    from navsok.search import QUERY_FIELDS

    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    return [CompletionItem(prefix + name) for name in QUERY_FIELDS if name.startswith(last)]


def output_options(command):
    """The options `query` and `shell` share: what to search and how to show it."""
    options = [
        click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(min=1),
                     metavar="N", help="Show at most N hits."),
        click.option("--format", "output_format", type=click.Choice(config.FORMATS),
                     default="plain", show_default=True,
                     help="plain: coloured on a terminal, path<TAB>title<TAB>snippet in a "
                          "pipe; json: one object per line; tsv: header + columns; "
                          "paths: paths only."),
        click.option("--json", "as_json", is_flag=True, help="Same as --format json."),
        click.option("-l", "--files-with-matches", "paths_only", is_flag=True,
                     help="Same as --format paths."),
        click.option("-0", "--null", "null", is_flag=True,
                     help="Paths only, each followed by a NUL instead of a newline and "
                          "written as the file system has it (for xargs -0: any file "
                          "name, even with a newline in it)."),
        click.option("--context", type=click.IntRange(min=1), default=80, show_default=True,
                     metavar="N", help="Characters of text around a match in a snippet."),
        click.option("--snippets", type=click.IntRange(min=1), default=1, show_default=True,
                     metavar="N", help="Snippets per hit."),
        click.option("--fields", callback=_split_fields, shell_complete=_complete_fields,
                     metavar="F,F", help="Fields that words without a field: prefix are "
                     "searched in [default: title,body]."),
        click.option("--explain", is_flag=True,
                     help="Show each hit's score by term: field, the article's words, and "
                          "whether they matched exactly, by stem or as a compound part."),
        click.option("--color", type=click.Choice(config.COLORS), default="auto",
                     show_default=True,
                     help="Colour the output (auto: on a terminal, unless NO_COLOR)."),
        click.option("--since", callback=_parse_date_option, metavar="DATE",
                     help="Only articles published on or after DATE (2026-11-24, "
                          "24.11.2026 or '24. november 2026')."),
        click.option("--until", callback=_parse_date_option, metavar="DATE",
                     help="Only articles published on or before DATE."),
        click.option("--source", metavar="NAME",
                     help="Only articles from this source (e.g. NRK)."),
        click.option("--sort", type=click.Choice(config.SORT_ORDERS), default="relevance",
                     show_default=True, help="Best matches first, or newest first."),
        index_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


class OutputSettings:
    """The resolved output options of one `query`/`shell` run."""

    def __init__(self, ctx: click.Context, params: dict):
        self.limit = params["limit"]
        self.context = params["context"]
        self.snippets = params["snippets"]
        self.fields = params["fields"]
        self.explain = params["explain"]
        self.format = _resolve_format(ctx, params)
        self.null = bool(params.get("null"))
        self.color = params["color"]
        if ctx.get_parameter_source("color") is not ParameterSource.COMMANDLINE and "NO_COLOR" in os.environ:
            self.color = "never"  # NO_COLOR beats the config file; only the flag beats it
        self.index_dir = config.index_dir(params["index_flag"])
        self.sort = params["sort"]
        self.filters = _filters(params)

    def search_options(self) -> dict:
        options = dict(limit=self.limit, context=self.context, explain=self.explain, sort=self.sort,
                       snippets=0 if self.format == "paths" else self.snippets)  # -l: no text
        options.update(self.count_options())
        return options

    def count_options(self) -> dict:
        """What restricts the matches: the fields searched and the filters."""
        options = {"filters": self.filters}
        if self.fields is not None:
            options["fields"] = self.fields
        return options

    def show(self, result, out, pager: bool = False) -> None:
        """Print ``result`` to ``out``: Rich on a terminal (or with --color always), else plain."""
        from navsok import render

        if self.null:
            render.write_null_paths(result, out)
        elif self.format == "plain" and (self.color == "always" or out.isatty()):
            console = render.make_console(out, self.color)
            links = render.supports_hyperlinks(out)
            render.print_paged(
                lambda c: render.print_rich(result, c, explain=self.explain, links=links),
                console,
                pager,
            )
        else:
            render.write_result(result, out, self.format, explain=self.explain)
        out.flush()
        for message in (render.suggestion_message(result), render.stopword_message(result)):
            if message:
                click.echo(message, err=True)


def _filters(params: dict):
    from navsok.search import Filters

    return Filters(since=params["since"], until=params["until"], source=params["source"])


def _resolve_format(ctx: click.Context, params: dict) -> str:
    """--json and -l are aliases of --format; a contradiction on the command line is an error."""
    aliases = [fmt for flag, fmt in (("as_json", "json"), ("paths_only", "paths"), ("null", "paths"))
               if params.get(flag)]
    if not aliases:
        return params["output_format"]
    chosen = set(aliases)
    if ctx.get_parameter_source("output_format") is ParameterSource.COMMANDLINE:
        chosen.add(params["output_format"])
    if len(chosen) > 1:
        raise NavsokError(f"choose one output format, not {' and '.join(sorted(chosen))}")
    return aliases[0]



def show_facets(facets, out, fmt: str = "plain", color: str = "auto", pager: bool = False) -> None:
    """Counts per period or source: a bar chart on a terminal (or with --color always),
    paged when taller than the screen, else ``key<TAB>count`` lines, TSV with a header,
    or JSON lines."""
    from navsok import charts, render

    if fmt not in ("plain", "tsv", "json"):
        raise NavsokError(f"--by prints counts: choose --format plain, tsv or json, not {fmt}")
    if fmt == "plain" and (color == "always" or (color == "auto" and out.isatty())):
        console = render.make_console(out, color)
        render.print_paged(lambda c: charts.print_chart(facets, c), console, pager)
    else:
        charts.write_facets(facets, out, fmt)
    out.flush()
