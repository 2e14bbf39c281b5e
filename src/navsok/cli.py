"""The command line: parse arguments, call the search core, render, set the exit status.

Heavy modules (Whoosh, Rich, the lemmatiser) are imported inside the commands, so
``navsok --help`` starts fast. Defaults come from the config file (see :mod:`navsok.config`)
through Click's ``default_map``: flags > environment > config > built-in defaults.
"""

from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click
from click.core import ParameterSource

from navsok import __version__, config
from navsok.errors import NavsokError

EXIT_HITS, EXIT_NO_HITS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
COMPLETION_SHELLS = ("bash", "zsh", "fish")


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
    help=f"Index folder [default: ${config.INDEX_ENV}, else navsok.toml, else {config.DEFAULT_INDEX}/].",
)


@click.group(cls=NavsokGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="navsok")
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Full-text search for Norwegian text · fulltekstsøk i norsk tekst.

    Finds every inflection and spelling of a word (kvalifiseringsprogram finds
    kvalifiseringsprogrammet; søknadene meets søknadane) and highlights it as written.

    \b
    Examples · eksempler:
      navsok index                          # index seeds/ · indekser seeds/
      navsok index arkiv/ notater.txt       # your own files · dine egne filer
      navsok query kvalifiseringsprogram    # all inflections · alle bøyingsformer
      navsok query '"NAV Gjøvik" AND pris' --json | jq .title
      navsok query søknad --format tsv > treff.tsv
      navsok query prøveprosjekt --explain  # why it matched · hvorfor det traff
      navsok shell                          # many queries, one open index
      navsok stats                          # what the index holds · hva indeksen har
      navsok show seeds/000_bf70088b4fb49da5.txt  # one stored article

    \b
    Config · oppsett:  navsok.toml (this folder or above) or
                       ~/.config/navsok/config.toml; flags win over both.
    Completion:        eval "$(navsok completion bash)"   (or zsh, fish)
    More:              navsok COMMAND --help
    """
    ctx.default_map = _click_defaults(config.load_settings())


def _click_defaults(settings: config.Settings) -> dict:
    """The config file's ``[query]`` table as Click defaults for `query` and `shell`."""
    names = {"format": "output_format"}
    defaults = {names.get(key, key): value for key, value in settings.query.items()}
    if "fields" in defaults:
        defaults["fields"] = ",".join(defaults["fields"])
    return {"query": defaults, "shell": defaults}


def _parse_size(ctx, param, value: str | None) -> int | None:
    """``5000000``, ``500k``, ``5M`` or ``1G`` → bytes."""
    if value is None:
        return None
    units = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}
    text = value.strip().lower().removesuffix("b")
    factor = units.get(text[-1:], 1)
    try:
        size = int(float(text[:-1] if factor > 1 else text) * factor)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a size such as 5000000, 500k or 5M") from None
    if size < 1:
        raise click.BadParameter("must be at least 1 byte")
    return size


def _parse_json_fields(ctx, param, value: str | None) -> dict:
    from navsok.documents import parse_json_fields

    try:
        return parse_json_fields(value or "")
    except NavsokError as exc:
        raise click.BadParameter(str(exc).removeprefix("--json-fields: ")) from None


@contextmanager
def _sigterm_as_interrupt():
    """Treat SIGTERM like Ctrl-C, so the index writer is cancelled and the old index kept."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@main.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True,
              help="Start from an empty index (built beside the old one, then swapped in).")
@click.option("--max-bytes", callback=_parse_size, metavar="SIZE",
              help="Skip files larger than SIZE (.jsonl: lines), e.g. 500k, 20M [default: 5M].")
@click.option("--json-fields", callback=_parse_json_fields, metavar="FIELD=KEY,…",
              help="JSON keys for the article fields title, body, url, date, source, id, "
                   "e.g. body=content,title=headline.")
@click.option("--wait", "lock_wait", type=click.FloatRange(min=0), default=5.0,
              show_default=True, metavar="SECONDS",
              help="How long to wait for another index run on the same index to finish.")
def index_command(
    paths: tuple[Path, ...],
    index_flag: Path | None,
    rebuild: bool,
    max_bytes: int | None,
    json_fields: dict,
    lock_wait: float,
) -> None:
    """Index the articles in PATHS (files or folders).

    Without PATHS, indexes the `corpus` folders named in navsok.toml, else seeds/.

    \b
    Formats: .txt and .md (title = first line; Utgiver:/Publisert: lines give source
    and date), .html/.htm (the article text, title, date and site), .json (an object or
    a list of objects) and .jsonl (one object per line) with the keys title, body/text,
    url, date, source and id. Other files are skipped and counted.

    Re-running updates the index: files with the same size and modification time are not
    read again, changed files are re-indexed, documents whose files are gone are removed.
    Files that cannot be read are named on stderr and keep their previous version.
    An interrupted run (Ctrl-C, SIGTERM) leaves the previous index as it was.

    \b
    Examples · eksempler:
      navsok index                         # seeds/ or the corpus in navsok.toml
      navsok index arkiv/ notater.txt      # files and folders · filer og mapper
      navsok index arkiv/ --index ~/.cache/navsok-arkiv
      navsok index eksport.jsonl --json-fields title=headline,body=content
      navsok index arkiv/ --rebuild        # from scratch · bygg på nytt

    Exit status: 0 all files indexed, 1 some files failed, 2 error, 130 interrupted.
    """
    from navsok.documents import DEFAULT_MAX_BYTES, ReadOptions
    from navsok.index import update_index
    from navsok.render import ProgressBar

    if not paths:
        paths = config.corpus_paths()
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise NavsokError(f"no PATH given and no {missing[0]} folder (give PATHS or set corpus in navsok.toml)")
    index_dir = config.index_dir(index_flag)
    options = ReadOptions(max_bytes=max_bytes or DEFAULT_MAX_BYTES, json_fields=json_fields)
    try:
        with _sigterm_as_interrupt(), ProgressBar("Indexing") as progress:
            report = update_index(
                index_dir, paths, progress=progress, options=options, rebuild=rebuild,
                lock_wait=lock_wait,
            )
    except KeyboardInterrupt:
        click.echo(f"navsok: interrupted; the index at {index_dir} is as it was before", err=True)
        sys.exit(EXIT_INTERRUPTED)
    for path, reason in report.failed:
        click.echo(f"navsok: {path}: {reason}", err=True)
    if report.unshown_failures:
        click.echo(f"navsok: {report.unshown_failures} more bad records not shown", err=True)
    click.echo(f"{report.summary()} → {index_dir}")
    sys.exit(EXIT_NO_HITS if report.failures else EXIT_HITS)


def _parse_date_option(ctx, param, value: str | None) -> date | None:
    from navsok.documents import parse_date

    if value is None:
        return None
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
        self.color = params["color"]
        if ctx.get_parameter_source("color") is not ParameterSource.COMMANDLINE and "NO_COLOR" in os.environ:
            self.color = "never"  # NO_COLOR beats the config file; only the flag beats it
        self.index_dir = config.index_dir(params["index_flag"])
        self.sort = params["sort"]
        self.filters = _filters(params)

    def search_options(self) -> dict:
        options = dict(limit=self.limit, context=self.context, snippets=self.snippets,
                       explain=self.explain, sort=self.sort)
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

        if self.format == "plain" and (self.color == "always" or out.isatty()):
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
        suggestion = render.suggestion_message(result)
        if suggestion:
            click.echo(suggestion, err=True)


def _filters(params: dict):
    from navsok.search import Filters

    return Filters(since=params["since"], until=params["until"], source=params["source"])


def _resolve_format(ctx: click.Context, params: dict) -> str:
    """--json and -l are aliases of --format; a contradiction on the command line is an error."""
    aliases = [fmt for flag, fmt in (("as_json", "json"), ("paths_only", "paths")) if params[flag]]
    if not aliases:
        return params["output_format"]
    chosen = set(aliases)
    if ctx.get_parameter_source("output_format") is ParameterSource.COMMANDLINE:
        chosen.add(params["output_format"])
    if len(chosen) > 1:
        raise NavsokError(f"choose one output format, not {' and '.join(sorted(chosen))}")
    return aliases[0]


@main.command("query")
@click.argument("query", required=False)
@output_options
@click.option("-c", "--count", "count_only", is_flag=True,
              help="Print only the number of matching articles.")
@click.option("--pager/--no-pager", default=True, show_default=True,
              help="Page output longer than the terminal (never in a pipe).")
@click.pass_context
def query_command(ctx: click.Context, query: str | None, count_only: bool, pager: bool,
                  **params) -> None:
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
    if count_only:
        total = search.count(settings.index_dir, query, **settings.count_options())
        click.echo(total)
        sys.exit(EXIT_HITS if total else EXIT_NO_HITS)

    out = sys.stdout
    result = search.search(settings.index_dir, query, **settings.search_options())
    settings.show(result, out, pager=pager and out.isatty() and sys.stdin.isatty())
    sys.exit(EXIT_HITS if result.hits else EXIT_NO_HITS)


@main.command("shell")
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


@main.command("stats")
@index_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
def stats_command(index_flag: Path | None, as_json: bool) -> None:
    """Show what the index holds: articles, files, distinct terms, size on disk, date range,
    when it was last indexed, and the analyser and index format versions."""
    from navsok import catalog, render

    stats = catalog.index_stats(config.index_dir(index_flag))
    render.write_stats(stats, sys.stdout, as_json=as_json)


@main.command("show")
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
    from navsok import catalog, render

    index_dir = config.index_dir(index_flag)
    found = [stored for key in articles for stored in catalog.find_articles(index_dir, key)]
    render.write_articles(found, sys.stdout, as_json=as_json)


@main.command("completion")
@click.argument("shell", type=click.Choice(COMPLETION_SHELLS))
def completion_command(shell: str) -> None:
    """Print the tab-completion script for SHELL (bash, zsh or fish).

    \b
    bash:  eval "$(navsok completion bash)"        # in ~/.bashrc
    zsh:   eval "$(navsok completion zsh)"         # in ~/.zshrc
    fish:  navsok completion fish > ~/.config/fish/completions/navsok.fish
    """
    from click.shell_completion import get_completion_class

    completion = get_completion_class(shell)(
        cli=main, ctx_args={}, prog_name="navsok", complete_var="_NAVSOK_COMPLETE"
    )
    click.echo(completion.source())
