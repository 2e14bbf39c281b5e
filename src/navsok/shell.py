"""The interactive prompt: read queries, run them, keep the history; no search logic here."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

from navsok.errors import NavsokError

PROMPT = "navsok> "
HISTORY_ENV = "NAVSOK_HISTORY"
HISTORY_LENGTH = 1000
QUIT = (":q", ":quit", ":exit")
HELP = """\
Type a query and press Enter (same syntax as `navsok query`).
  :limit N    show at most N hits
  :explain    turn the score breakdown on or off
  :like PATH  the articles most like a stored one (as `navsok similar PATH`)
  :help       this text
  :q          leave (or Ctrl-D)"""


def history_path() -> Path:
    """``$NAVSOK_HISTORY``, else ``$XDG_STATE_HOME/navsok/history`` (~/.local/state/…)."""
    if os.environ.get(HISTORY_ENV):
        return Path(os.environ[HISTORY_ENV]).expanduser()
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state).expanduser() / "navsok" / "history"


def run(run_query: Callable[[str], None], settings,
        run_like: Callable[[str], None] | None = None) -> None:
    """Prompt for queries until :q or end of input; errors are shown and the prompt goes on.

    ``settings`` has ``limit`` and ``explain`` attributes, which :limit and :explain change;
    ``run_like(path)`` answers ``:like PATH``.
    On a terminal the prompt has line editing and history; otherwise lines are read
    from standard input with no prompt, so ``navsok shell < queries.txt`` works.
    """
    interactive = sys.stdin.isatty()
    history = _History(history_path()) if interactive else None
    try:
        while True:
            try:
                line = input(PROMPT) if interactive else sys.stdin.readline()
            except EOFError:
                line = ""
            except KeyboardInterrupt:  # Ctrl-C clears the line, as in bash
                print()
                continue
            if not line:  # Ctrl-D or end of input
                if interactive:
                    print()
                return
            line = line.strip()
            if line in QUIT:
                if history:
                    history.forget_last()
                return
            if line:
                _handle(line, run_query, settings, run_like)
    finally:
        if history:
            history.save()


def _handle(line: str, run_query: Callable[[str], None], settings, run_like=None) -> None:
    try:
        if line.startswith(":like") and run_like is not None:
            _like(line, run_like)
        elif line.startswith(":"):
            _command(line, settings)
        else:
            run_query(line)
    except NavsokError as exc:
        print(f"navsok: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print()
    sys.stdout.flush()


def _like(line: str, run_like: Callable[[str], None]) -> None:
    name, _, argument = line.partition(" ")
    if name != ":like":
        raise NavsokError(f"unknown command {name} (:help lists them)")
    if not argument.strip():
        raise NavsokError(":like needs an article, e.g. :like seeds/000_bf70088b4fb49da5.txt")
    run_like(argument.strip())


def _command(line: str, settings) -> None:
    name, _, argument = line.partition(" ")
    if name == ":help":
        print(HELP)
    elif name == ":explain":
        settings.explain = not settings.explain
        print(f"explain {'on' if settings.explain else 'off'}")
    elif name == ":limit" and argument.strip().isdigit() and int(argument) >= 1:
        settings.limit = int(argument)
        print(f"limit {settings.limit}")
    elif name == ":limit":
        raise NavsokError(":limit needs a whole number ≥ 1, e.g. :limit 5")
    else:
        raise NavsokError(f"unknown command {name} (:help lists them)")


class _History:
    """Line editing and a history file through readline, when Python has it."""

    def __init__(self, path: Path):
        self.path = path
        try:
            import readline
        except ImportError:  # e.g. Windows without pyreadline
            self.readline = None
            return
        self.readline = readline
        readline.set_history_length(HISTORY_LENGTH)
        try:
            readline.read_history_file(path)
        except OSError:
            pass

    def forget_last(self) -> None:
        """Drop the line just typed (``:q`` is not worth recalling)."""
        if self.readline is not None and self.readline.get_current_history_length():
            self.readline.remove_history_item(self.readline.get_current_history_length() - 1)

    def save(self) -> None:
        if self.readline is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.readline.write_history_file(self.path)
        except OSError as exc:
            print(f"navsok: cannot save history to {self.path}: {exc.strerror}", file=sys.stderr)
