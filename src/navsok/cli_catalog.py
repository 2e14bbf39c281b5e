"""`navsok stats`, `navsok show` and `navsok completion`: what the index holds."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from navsok import config
from navsok.cli_common import index_option

COMPLETION_SHELLS = ("bash", "zsh", "fish")


@click.command("stats")
@index_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object (with --by: one per row).")
@click.option("--by", metavar="year|month|week|source",
              help="Count all articles per year, month, ISO week or source.")
@click.option("--color", type=click.Choice(config.COLORS), default="auto", show_default=True,
              help="Colour the --by chart (auto: on a terminal, unless NO_COLOR).")
def stats_command(index_flag: Path | None, as_json: bool, by: str | None, color: str) -> None:
    """Show what the index holds: articles, files, distinct terms, size on disk, date range,
    when it was last indexed, and the analyser and index format versions.

    \b
    With --by, the number of articles per period or source: a bar chart on a terminal,
    period<TAB>count lines in a pipe, JSON lines with --json; periods without articles
    count zero, undated articles have a row of their own.

    \b
    Examples · eksempler:
      navsok stats
      navsok stats --by year                  # articles per year · artikler per år
      navsok stats --by source --json | jq -r .source
    """
    from navsok import catalog, catalogview

    if by is not None:
        from navsok import facets
        from navsok.cli_output import show_facets

        found = facets.count_by(config.index_dir(index_flag), facets.check_by(by))
        show_facets(found, sys.stdout, "json" if as_json else "plain", color)
        return
    stats = catalog.index_stats(config.index_dir(index_flag))
    catalogview.write_stats(stats, sys.stdout, as_json=as_json)


@click.command("show")
@click.argument("articles", nargs=-1, required=True, metavar="ARTICLE…")
@index_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article.")
def show_command(articles: tuple[str, ...], index_flag: Path | None, as_json: bool) -> None:
    """Print each stored ARTICLE with its metadata (title, source, date, url) and text.

    \b
    ARTICLE is a path as `navsok query` prints it, a file (all its articles), a record in
    a JSON file (saker.jsonl#12), an article's url, or the end of a unique path.

    \b
    Examples · eksempler:
      navsok show seeds/000_bf70088b4fb49da5.txt
      navsok show eksport.jsonl#a1 --json | jq .date
      navsok query kake -l | xargs navsok show

    Exit status: 0 shown, 2 not in the index (or another error).
    """
    from navsok import catalog, catalogview

    index_dir = config.index_dir(index_flag)
    found = [stored for key in articles for stored in catalog.find_articles(index_dir, key)]
    catalogview.write_articles(found, sys.stdout, as_json=as_json)


@click.command("completion")
@click.argument("shell", type=click.Choice(COMPLETION_SHELLS))
@click.pass_context
def completion_command(ctx: click.Context, shell: str) -> None:
    """Print the tab-completion script for SHELL (bash, zsh or fish).

    \b
    bash:  eval "$(navsok completion bash)"        # in ~/.bashrc
    zsh:   eval "$(navsok completion zsh)"         # in ~/.zshrc
    fish:  navsok completion fish > ~/.config/fish/completions/navsok.fish
    """
    from click.shell_completion import get_completion_class

    completion = get_completion_class(shell)(
        cli=ctx.find_root().command, ctx_args={}, prog_name="navsok", complete_var="_NAVSOK_COMPLETE"
    )
    click.echo(completion.source())
