"""`navsok index`: read files into the index, report failures, survive interruptions."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from navsok import config
from navsok.cli_common import EXIT_HITS, EXIT_INTERRUPTED, EXIT_NO_HITS, index_option
from navsok.errors import NavsokError


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


def _description() -> str:
    """The progress bar's label: on the first run it says why nothing moves for a while."""
    from navsok.lexicon import is_built

    return "Indexing" if is_built() else "Building the word lexicon (first run only), then indexing"


@contextmanager
def _signals_as_interrupt():
    """Treat SIGTERM like Ctrl-C, so the index writer is cancelled and the old index kept,
    and never lose either (:mod:`navsok.interrupt`): one raised in a finalizer, which Python
    only reports, is raised again before the commit, and not reported."""
    import signal  # here, as every command's imports are a cold query's too

    from navsok import interrupt

    interrupt.forget()
    taken = [signal.SIGTERM]
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # not a background job's
        taken.append(signal.SIGINT)
    previous = {signum: signal.signal(signum, interrupt.raise_and_remember) for signum in taken}
    reported = sys.unraisablehook

    def report(unraisable):
        if not issubclass(unraisable.exc_type, KeyboardInterrupt):
            reported(unraisable)

    sys.unraisablehook = report
    try:
        yield
    finally:
        sys.unraisablehook = reported
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        interrupt.forget()  # what comes next in this process (the shell, a caller) is no run


@click.command("index")
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
    An interrupted run (Ctrl-C, SIGTERM) leaves the previous index as it was, unless
    it had committed already (then it says so).

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
    from navsok.progress import ProgressBar
    from navsok.store import commit_mark

    if not paths:
        paths = config.corpus_paths()
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise NavsokError(f"no PATH given and no {missing[0]} folder (give PATHS or set corpus in navsok.toml)")
    index_dir = config.index_dir(index_flag)
    options = ReadOptions(max_bytes=max_bytes or DEFAULT_MAX_BYTES, json_fields=json_fields)
    before = commit_mark(index_dir)
    try:
        with _signals_as_interrupt(), ProgressBar(_description()) as progress:
            report = update_index(
                index_dir, paths, progress=progress, options=options, rebuild=rebuild,
                lock_wait=lock_wait,
            )
    except KeyboardInterrupt:
        if commit_mark(index_dir) == before:
            click.echo(f"navsok: interrupted; the index at {index_dir} is as it was before", err=True)
        else:  # a Ctrl-C in the moments after the commit (or a rebuild's swap)
            click.echo(f"navsok: interrupted after the commit; the index at {index_dir} "
                       "holds this run's changes", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if report.stale_pid:
        click.echo(
            f"navsok: the previous index run (PID {report.stale_pid}) was killed before it "
            "finished; its lock was free and its leftovers are removed",
            err=True,
        )
    from navsok.paths import shown

    for path, reason in report.failed:
        click.echo(f"navsok: {shown(str(path))}: {shown(reason)}", err=True)
    if report.unshown_failures:
        click.echo(f"navsok: {report.unshown_failures} more bad records not shown", err=True)
    click.echo(f"{report.summary()} → {index_dir}")
    sys.exit(EXIT_NO_HITS if report.failures else EXIT_HITS)
