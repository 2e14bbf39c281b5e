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
@click.option("--like", metavar="ARTICLE",
              help="Instead of QUERY: the articles most like ARTICLE (as `navsok similar`).")
@click.pass_context
def query_command(ctx: click.Context, query: str | None, count_only: bool, pager: bool,
                  by: str | None, like: str | None, **params) -> None:
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
      navsok query --like saker.jsonl#a1 --explain   # more like this · mer som dette

    Output is coloured on a terminal (paged when longer than the screen) and plain
    (path<TAB>title<TAB>snippet, one hit per line) in a pipe.

    Exit status: 0 hits, 1 no hits, 2 error.
    """
    from navsok import search

    settings = OutputSettings(ctx, params)
    if like is not None:
        if query is not None or by is not None or count_only:
            raise NavsokError("--like lists the articles like one: give no QUERY, --by or --count")
        _show_like(settings, like, pager)
    if query is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            _run_shell(settings)
            return
        raise NavsokError("no QUERY given (run `navsok shell` for the interactive prompt)")
    if by is not None:
        _count_by(settings, query, by, count_only, pager)
    if count_only:
        total, _ = _as_meant(settings, query)
        click.echo(total)
        sys.exit(EXIT_HITS if total else EXIT_NO_HITS)

    result = search.search(settings.index_dir, query, **settings.search_options())
    _show_and_exit(settings, result, pager)


def _show_and_exit(settings: OutputSettings, result, pager: bool) -> None:
    out = sys.stdout
    settings.show(result, out, pager=pager and out.isatty() and sys.stdin.isatty())
    sys.exit(EXIT_HITS if result.hits else EXIT_NO_HITS)


@click.command("similar")
@click.argument("article", metavar="ARTICLE")
@output_options
@click.option("--pager/--no-pager", default=True, show_default=True,
              help="Page output longer than the terminal (never in a pipe).")
@click.pass_context
def similar_command(ctx: click.Context, article: str, pager: bool, **params) -> None:
    """The articles most like ARTICLE, best first · artikler som ligner.

    ARTICLE is named as for `navsok show`: a path as `navsok query` prints it, a record
    (saker.jsonl#12), or the end of a unique path. Its most distinctive words (frequent in
    it, rare in the index), in any inflection or spelling and as compound parts, are
    searched; hits print as `navsok query` prints them, and --explain names the words
    each hit shares with ARTICLE (ARTICLE's word → the hit's words).

    \b
    Examples · eksempler:
      navsok similar seeds/000_bf70088b4fb49da5.txt
      navsok similar saker.jsonl#a1 -n 5 --explain
      navsok similar art_000042.txt --since 2024-01-01 -l | xargs navsok show
      navsok query --like art_000042.txt          # the same

    Exit status: 0 similar articles found, 1 none, 2 error (e.g. ARTICLE not indexed).
    """
    _show_like(OutputSettings(ctx, params), article, pager)


def _show_like(settings: OutputSettings, article: str, pager: bool) -> None:
    from navsok import search, similar

    with search.Session(settings.index_dir) as session:
        result = similar.more_like(session, article, **settings.search_options())
    _show_and_exit(settings, result, pager)


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
      navsok> :like seeds/000_bf70088b4fb49da5.txt
      navsok> :q
    """
    _run_shell(OutputSettings(ctx, params))


def _run_shell(settings: OutputSettings) -> None:
    import gc

    from navsok import search, shell, similar

    gc.enable()  # many queries (navsok.cli.LASTING): garbage is collected

    with search.Session(settings.index_dir) as session:
        shell.run(
            lambda query: settings.show(session.search(query, **settings.search_options()),
                                        sys.stdout),
            settings,
            run_like=lambda article: settings.show(
                similar.more_like(session, article, **settings.search_options()), sys.stdout),
        )


def _count_by(settings: OutputSettings, query: str, by: str, count_only: bool,
              pager: bool) -> None:
    from navsok import facets
    from navsok.cli_output import show_facets

    by = facets.check_by(by)
    if count_only:
        raise NavsokError("choose --count or --by, not both")
    _, query = _as_meant(settings, query)
    found = facets.count_by(settings.index_dir, by, query, fields=settings.fields,
                            filters=settings.filters)
    out = sys.stdout
    show_facets(found, out, settings.format, settings.color,
                pager=pager and out.isatty() and sys.stdin.isatty())
    sys.exit(EXIT_HITS if found.total else EXIT_NO_HITS)


def _as_meant(settings: OutputSettings, query: str) -> tuple[int, str]:
    """What --count and --by count, and how many articles match it: ``query``, or, where
    it finds nothing and was typed without the Norwegian letters of a query that finds
    something (Gjovik: Gjøvik), that query, as a search shows its hits (said on stderr)."""
    from navsok import render, search

    total, meant = search.counted(settings.index_dir, query, **settings.count_options())
    if meant != query:
        click.echo(render.respelt_message(meant, query), err=True)
    return total, meant
