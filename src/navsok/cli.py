"""The command line: parse arguments, call the search core, render, set the exit status.

Heavy modules (Whoosh, Rich, the lemmatiser) are imported inside the commands, so
``navsok --help`` starts fast. Defaults come from the config file (see :mod:`navsok.config`)
through Click's ``default_map``: flags > environment > config > built-in defaults.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

import click

from navsok import __version__, config
from navsok.cli_catalog import completion_command, show_command, stats_command
from navsok.cli_common import EXIT_ERROR, EXIT_HITS, EXIT_INTERRUPTED
from navsok.cli_index import index_command
from navsok.cli_query import query_command, shell_command, similar_command
from navsok.errors import NavsokError
from navsok.interrupt import raise_on_ctrl_c


#: Commands that run long (an index run, the shell's many queries): they collect garbage,
#: and the interpreter shuts down as usual after them.
LASTING = frozenset({"index", "shell"})


class NavsokGroup(click.Group):
    """Turns every failure into one line on stderr and exit status 2 (no traceback)."""

    def __call__(self, *args, **kwargs):
        """``main()``, as the ``navsok`` program runs it (with arguments, or through
        :meth:`main` as tests call it: Click's way, ending in ``SystemExit``): a short
        command runs without the cyclic garbage collector and ends without the
        interpreter's teardown (:func:`leave`). Neither frees anything the process's end
        would not; together they are about 30 ms of a cold query (``bench/compare.py``).
        numpy, if a query needs it, comes without its docstrings (8 ms)."""
        if args or kwargs:
            return super().__call__(*args, **kwargs)
        from navsok.numpyload import without_docstrings

        without_docstrings()  # nor does a command show numpy's
        gc.disable()
        try:
            return super().__call__()
        except SystemExit as done:
            if gc.isenabled():  # a lasting command
                raise
            leave(done.code)

    def invoke(self, ctx):
        raise_on_ctrl_c()  # a command ends its own work on Ctrl-C (navsok.interrupt)
        try:
            return super().invoke(ctx)
        except NavsokError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:  # before the command took it (parsing its options)
            click.echo("navsok: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # The reader (head, less) went away: stop quietly, as grep does.
            sys.stdout = open("/dev/null", "w")  # noqa: SIM115 - silence the exit flush
            ctx.exit(EXIT_HITS)
        except click.NoSuchOption as exc:
            if ctx.invoked_subcommand == "query" and not exc.option_name.startswith("--"):
                # A word with a minus before it (-kake), as some search engines take it.
                exc.message += " To leave a word out, write NOT before it: 'arbeid NOT kake'."
            raise
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if ctx.params.get("debug"):
                raise
            _fail_if_damaged()
            _fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)")


def _fail_if_damaged() -> None:
    """After an unexpected error: if the index read is damaged, say so (and what to do)."""
    store = sys.modules.get("navsok.store")  # loaded only if an index was opened
    found = store.damage_found() if store else None
    if found:
        from navsok.integrity import damaged_message

        _fail(damaged_message(store.last_opened, found))


def leave(code) -> None:
    """Exit as ``sys.exit(code)`` would (the exit functions run, the output is flushed),
    without freeing every object and module first: ``os._exit``."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()  # what the interpreter's own exit runs first
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away, as handled in invoke
            pass
    os._exit(status)


def _fail(message: str) -> None:
    click.echo(f"navsok: {message}", err=True)
    sys.exit(EXIT_ERROR)


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
      navsok query dagpenger --by year      # hits per year · treff per år
      navsok similar seeds/000_bf70088b4fb49da5.txt  # more like this

    \b
    Config · oppsett:  navsok.toml (this folder or above) or
                       ~/.config/navsok/config.toml; flags win over both.
    Completion:        eval "$(navsok completion bash)"   (or zsh, fish)
    More:              navsok COMMAND --help
    """
    if ctx.invoked_subcommand in LASTING:
        gc.enable()
    ctx.default_map = _click_defaults(config.load_settings())


def _click_defaults(settings: config.Settings) -> dict:
    """The config file's ``[query]`` table as Click defaults for `query` and `shell`."""
    names = {"format": "output_format"}
    defaults = {names.get(key, key): value for key, value in settings.query.items()}
    if "fields" in defaults:
        defaults["fields"] = ",".join(defaults["fields"])
    return {"query": defaults, "shell": defaults}


for _command in (index_command, query_command, shell_command, similar_command, stats_command,
                 show_command, completion_command):
    main.add_command(_command)
