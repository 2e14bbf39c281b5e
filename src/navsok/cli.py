"""The command line: parse arguments, call the search core, render, set the exit status.

Heavy modules (Whoosh, Rich, the lemmatiser) are imported inside the commands, so
``navsok --help`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from navsok import __version__, config
from navsok.errors import NavsokError

EXIT_HITS, EXIT_NO_HITS, EXIT_ERROR = 0, 1, 2


class NavsokGroup(click.Group):
    """Turns every failure into one line on stderr and exit status 2 (no traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NavsokError as exc:
            _fail(str(exc))
        except BrokenPipeError:
            # The reader (head, less) went away: stop quietly, as grep does.
            sys.stdout = open("/dev/null", "w")  # noqa: SIM115 - silence the exit flush
            ctx.exit(EXIT_HITS)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if ctx.params.get("debug"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)")


def _fail(message: str) -> None:
    click.echo(f"navsok: {message}", err=True)
    sys.exit(EXIT_ERROR)


index_option = click.option(
    "--index",
    "index_flag",
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Index folder [default: ${config.INDEX_ENV}, else {config.DEFAULT_INDEX}/].",
)


@click.group(cls=NavsokGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="navsok")
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
def main(debug: bool) -> None:
    """Full-text search for Norwegian text.

    \b
    navsok index                      # index the articles in seeds/
    navsok index arkiv/ notater.txt   # index your own files and folders
    navsok query kvalifiseringsprogram
    navsok query '"NAV Gjøvik" AND pris' --json | jq .title
    """


@main.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
def index_command(paths: tuple[Path, ...], index_flag: Path | None) -> None:
    """Index the articles in PATHS (files or folders; default: seeds/).

    Re-running updates the index: changed files are re-indexed, unchanged ones are left
    alone, and documents whose files are gone are removed.

    Exit status: 0 all files indexed, 1 some files failed, 2 error.
    """
    from navsok.index import update_index
    from navsok.render import ProgressBar

    if not paths:
        if not config.DEFAULT_CORPUS.is_dir():
            raise NavsokError(f"no PATH given and no {config.DEFAULT_CORPUS}/ folder here")
        paths = (config.DEFAULT_CORPUS,)
    index_dir = config.index_dir(index_flag)
    with ProgressBar("Indexing") as progress:
        report = update_index(index_dir, paths, progress=progress)
    for path, reason in report.failed:
        click.echo(f"navsok: {path}: {reason}", err=True)
    click.echo(f"{report.summary()} → {index_dir}")
    sys.exit(EXIT_NO_HITS if report.failed else EXIT_HITS)


@main.command("query")
@click.argument("query")
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(min=1),
              help="Show at most N hits.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit and line.")
@click.option("-l", "--files-with-matches", "paths_only", is_flag=True,
              help="Print only the paths of matching articles.")
@click.option("-c", "--count", "count_only", is_flag=True,
              help="Print only the number of matching articles.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour the output (auto: on a terminal, unless NO_COLOR).")
@index_option
def query_command(
    query: str,
    limit: int,
    as_json: bool,
    paths_only: bool,
    count_only: bool,
    color: str,
    index_flag: Path | None,
) -> None:
    """Search the index for QUERY and print the best hits.

    \b
    Query syntax:
      arbeid kontor          both words (any inflection: kontoret, kontorene …)
      arbeid OR jobb         either word;  NOT / AND / ( ) as you would expect
      "NAV Heimdal"          the exact phrase
      title:pris             only in the title (fields: title, body, source, path)
      kvalifiser*            wildcard;  gjovik~  fuzzy (one edit away)

    Output is coloured on a terminal and plain (path<TAB>title<TAB>snippet, one hit per
    line) in a pipe. Exit status: 0 hits, 1 no hits, 2 error.
    """
    from navsok import render, search

    index_dir = config.index_dir(index_flag)
    out = sys.stdout
    if count_only:
        total = search.count(index_dir, query)
        click.echo(total)
        sys.exit(EXIT_HITS if total else EXIT_NO_HITS)

    result = search.search(index_dir, query, limit=limit)
    if as_json:
        render.write_json(result, out)
    elif paths_only:
        render.write_paths(result, out)
    elif color == "always" or out.isatty():
        render.print_rich(result, render.make_console(out, color))
    else:
        render.write_plain(result, out)
    out.flush()
    sys.exit(EXIT_HITS if result.hits else EXIT_NO_HITS)
