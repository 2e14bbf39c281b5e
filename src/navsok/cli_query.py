"""`navsok query` and `navsok shell`: run queries and print the hits."""

from __future__ import annotations

import sys

import click

from navsok.cli_common import EXIT_HITS, EXIT_NO_HITS
from navsok.cli_output import OutputSettings, output_options
from navsok.errors import NavsokError


@click.command("query")
@click.argument("query", required=False)
@output_options
@click.option("-c", "--count", "count_only", is_flag=True,
              help="Print only the number of matching articles.")
@click.option("--pager/--no-pager", default=True, show_default=True,
              help="Page output longer than the terminal (never in a pipe).")
@click.option("--by", metavar="year|month|week|source",
              help="Count the matching articles per year, month, ISO week or source "
                   "instead of listing hits (a bar chart on a terminal, TSV in a pipe).")
@click.pass_context
def query_command(ctx: click.Context, query: str | None, count_only: bool, pager: bool,
                  by: str | None, **params) -> None:
    """Search the index for QUERY and print the best hits · søk i indeksen.

    Without QUERY in a terminal, opens the interactive prompt (as `navsok shell`).

    \b
    Query syntax · spørresyntaks:
      arbeid kontor      both words, any inflection · begge ordene, alle bøyingsformer
      arbeid OR jobb     either word · ett av ordene;  NOT, AND and ( ) work too
      "NAV Heimdal"      the exact phrase · nøyaktig denne frasen
      title:pris         only in the title (fields: title, body, source, path)
      kvalifiser*        wildcard · jokertegn;   gjovik~  fuzzy, one letter off

    \b
    Examples · eksempler:
      navsok query kvalifiseringsprogram       # finds kvalifiseringsprogrammet too
      navsok query 'søknad NOT avslag' -n 3
      navsok query prøveprosjekt --explain     # why each hit matched
      navsok query NAV --fields title --format tsv
      navsok query kake --json | jq -r .title
      navsok query '"NAV Heimdal"' -l | xargs wc -w
      navsok query dagpenger --since 2026-01-01 --source NTB --sort date
      navsok query kvalifiseringsprogram --by year   # hits per year · treff per år
      navsok query dagpenger --by month --json       # {"month": "2026-01", "count": 4}

    Output is coloured on a terminal (paged when longer than the screen) and plain
    (path<TAB>title<TAB>snippet, one hit per line) in a pipe.

    Exit status: 0 hits, 1 no hits, 2 error.
    """
    from navsok import search

    settings = OutputSettings(ctx, params)
    if query is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            _run_shell(settings)
            return
        raise NavsokError("no QUERY given (run `navsok shell` for the interactive prompt)")
    if by is not None:
        _count_by(settings, query, by, count_only)
    if count_only:
        total = search.count(settings.index_dir, query, **settings.count_options())
        click.echo(total)
        sys.exit(EXIT_HITS if total else EXIT_NO_HITS)

    out = sys.stdout
    result = search.search(settings.index_dir, query, **settings.search_options())
    settings.show(result, out, pager=pager and out.isatty() and sys.stdin.isatty())
    sys.exit(EXIT_HITS if result.hits else EXIT_NO_HITS)


@click.command("shell")
@output_options
@click.pass_context
def shell_command(ctx: click.Context, **params) -> None:
    """Ask many queries of one open index · interaktivt søk.

    Type a query at the `navsok>` prompt and press Enter; the index stays open between
    queries, so answers come at once. Arrow keys recall earlier queries (kept in
    ~/.local/state/navsok/history). Leave with :q or Ctrl-D; :help lists the commands.
    Without a terminal, reads one query per line from standard input.

    \b
    Example · eksempel:
      $ navsok shell
      navsok> kvalifiseringsprogram
      navsok> :limit 3
      navsok> søknad OR søknader
      navsok> :q
    """
    _run_shell(OutputSettings(ctx, params))


def _run_shell(settings: OutputSettings) -> None:
    from navsok import search, shell

    with search.Session(settings.index_dir) as session:
        shell.run(
            lambda query: settings.show(session.search(query, **settings.search_options()),
                                        sys.stdout),
            settings,
        )



def _count_by(settings: OutputSettings, query: str, by: str, count_only: bool) -> None:
    from navsok import facets
    from navsok.cli_output import show_facets

    by = facets.check_by(by)
    if count_only:
        raise NavsokError("choose --count or --by, not both")
    found = facets.count_by(settings.index_dir, by, query, fields=settings.fields,
                            filters=settings.filters)
    show_facets(found, sys.stdout, settings.format, settings.color)
    sys.exit(EXIT_HITS if found.total else EXIT_NO_HITS)
