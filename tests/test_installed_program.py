"""The installed `navsok` program, run as a user runs it: in a pipe and in a terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import GJOVIK

NAVSOK = shutil.which("navsok", path=str(Path(sys.executable).parent)) or shutil.which("navsok")
pytestmark = pytest.mark.skipif(NAVSOK is None, reason="navsok is not installed")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NAVSOK, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


HIGHLIGHT = "\x1b[1;30;43m{}\x1b[0m"  # bold black on yellow
HYPERLINK = "\x1b]8;"


class Terminal:
    """navsok running in a pseudo-terminal of a given size, as a person would use it.

    The terminal is its stdin, stdout and stderr; :meth:`send` types, :meth:`read_until`
    collects the screen output up to a marker (a guard against a hang, not a timing test).
    """

    def __init__(self, *args: str, env: dict, rows: int = 40, cols: int = 100):
        self.fd, child = pty.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen(
            [NAVSOK, *args], stdin=child, stdout=child, stderr=child,
            env={**os.environ, "TERM": "xterm-256color", **env},
            preexec_fn=_take_terminal,
        )
        os.close(child)

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def read_until(self, marker: str | None, guard: float = 60.0) -> str:
        """Output until ``marker`` appears (``None``: until the program closes the terminal)."""
        data, give_up = b"", time.monotonic() + guard
        while marker is None or marker.encode() not in data:
            if time.monotonic() > give_up:
                raise AssertionError(f"no {marker!r} in the terminal; it shows {data.decode()!r}")
            if not select.select([self.fd], [], [], 0.5)[0]:
                continue
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                if marker is None:
                    break
                raise AssertionError(f"navsok ended without {marker!r}: {data.decode()!r}")
            data += chunk
        return data.decode("utf-8", "replace")

    def finish(self) -> int:
        rest = self.read_until(None)
        code = self.proc.wait(timeout=60)
        os.close(self.fd)
        self.rest = rest
        return code


def _take_terminal() -> None:
    """In the child: a new session whose controlling terminal is the pty (so Ctrl-C works)."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def run_in_terminal(*args: str, env: dict, rows: int = 40, cols: int = 100) -> str:
    """Run navsok with a pseudo-terminal as its terminal and return what it printed."""
    terminal = Terminal(*args, env=env, rows=rows, cols=cols)
    terminal.finish()
    return terminal.rest


def test_piped_output_is_plain_and_json_parses_line_by_line(index_dir):
    env = {"NAVSOK_INDEX": str(index_dir)}
    piped = run("query", "kvalifiseringsprogram", env=env)
    assert piped.returncode == 0
    assert "\x1b" not in piped.stdout
    assert piped.stdout.split("\t")[0].endswith(GJOVIK)
    as_json = run("query", "NAV", "--json", env=env)
    assert [json.loads(line)["rank"] for line in as_json.stdout.splitlines()] == [1, 2]


def test_terminal_output_highlights_the_surface_form(index_dir):
    screen = run_in_terminal("query", "kvalifiseringsprogram", env={"NAVSOK_INDEX": str(index_dir)})
    assert "\x1b[" in screen
    assert "\x1b[1;30;43mkvalifiseringsprogrammet\x1b[0m" in screen


def test_no_color_in_a_terminal_keeps_layout_without_colour(index_dir):
    screen = run_in_terminal(
        "query", "kake", env={"NAVSOK_INDEX": str(index_dir), "NO_COLOR": "1"}
    )
    assert "1. Dette er fremtiden for NAV" in screen.replace("\x1b[1m", "").replace("\x1b[0m", "")
    assert "\x1b[3" not in screen and "\x1b[4" not in screen  # no foreground/background colours


def test_errors_exit_2_without_traceback(tmp_path):
    result = run("query", "kake", "--index", str(tmp_path / "ingen"))
    assert result.returncode == 2
    assert result.stderr.startswith("navsok: no index at")
    assert "Traceback" not in result.stderr


def test_interactive_prompt_answers_with_highlighted_hits_and_keeps_history(index_dir, tmp_path):
    env = {"NAVSOK_INDEX": str(index_dir), "XDG_STATE_HOME": str(tmp_path / "state")}
    shell = Terminal("shell", env=env)
    shell.read_until("navsok> ")
    shell.send("kvalifiseringsprogram\r")
    answer = shell.read_until("navsok> ")
    assert HIGHLIGHT.format("kvalifiseringsprogrammet") in answer
    assert GJOVIK in answer
    shell.send('"NAV Heimdal\r')  # an error is shown and the prompt comes back
    assert "navsok: malformed query" in shell.read_until("navsok> ")
    shell.send("half a line")
    shell.read_until("half a line")
    # CPython's readline notices a Ctrl-C only while it waits in select(); one that comes
    # while it is still redrawing the line stays pending until the next key. Let it settle,
    # and on a loaded machine give the pending one a second key to be delivered with.
    time.sleep(0.3)
    shell.send("\x03")  # Ctrl-C drops the line, as in bash
    try:
        shell.read_until("navsok> ", guard=5)
    except AssertionError:
        shell.send("\x03")
        shell.read_until("navsok> ")
    shell.send(":q\r")
    assert shell.finish() == 0
    history = (tmp_path / "state" / "navsok" / "history").read_text("utf-8").splitlines()
    assert history == ["kvalifiseringsprogram", '"NAV Heimdal']  # not the :q

    # The next session recalls the query with the up arrow.
    again = Terminal("query", env=env)  # `query` without QUERY opens the same prompt
    again.read_until("navsok> ")
    again.send("\x1b[A\x1b[A\r")
    assert GJOVIK in again.read_until("navsok> ")
    again.send("\x04")  # Ctrl-D leaves
    assert again.finish() == 0


def test_long_output_goes_to_the_pager_only_on_a_terminal(index_dir):
    env = {"NAVSOK_INDEX": str(index_dir), "PAGER": "sed s/^/PAGED:/"}
    args = ("query", "NAV", "--snippets", "3")
    paged = run_in_terminal(*args, env=env, rows=10)
    assert paged.startswith("PAGED:") and HIGHLIGHT.format("NAV") in paged
    assert "PAGED:" not in run_in_terminal(*args, "--no-pager", env=env, rows=10)
    assert "PAGED:" not in run_in_terminal(*args, env=env, rows=100)  # it fits the screen
    assert "PAGED:" not in run(*args, "--color", "always", env=env).stdout  # a pipe


def test_terminal_output_links_paths_and_cuts_titles_to_the_width(index_dir):
    env = {"NAVSOK_INDEX": str(index_dir)}
    screen = run_in_terminal("query", "kvalifiseringsprogram", env=env, cols=40)
    assert HYPERLINK in screen
    assert (index_dir.parent / "corpus" / GJOVIK).resolve().as_uri() in screen
    heading = screen.splitlines()[0]
    assert "NAV Gjøvik får pris" in heading and heading.endswith("…\x1b[0m")
    assert HYPERLINK not in run_in_terminal("query", "kake", env={**env, "TERM": "linux"})
    assert HYPERLINK not in run("query", "kake", "--color", "always", env=env).stdout


def test_bash_completion_through_the_environment_variable():
    script = run(env={"_NAVSOK_COMPLETE": "bash_source"})
    assert script.returncode == 0
    assert "complete -o nosort -F _navsok_completion navsok" in script.stdout
    words = run(env={"_NAVSOK_COMPLETE": "bash_complete", "COMP_WORDS": "navsok qu", "COMP_CWORD": "1"})
    assert words.stdout.strip() == "plain,query"


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_bash_completes_option_values_with_the_printed_script():
    script = (
        'source <(navsok completion bash)\n'
        'COMP_WORDS=(navsok query kake --format ""); COMP_CWORD=4\n'
        '_navsok_completion navsok; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    path = f"{Path(NAVSOK).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                          env={**os.environ, "PATH": path})
    assert done.stdout.split() == ["plain", "json", "tsv", "paths"]


# As the console script runs it (`main()`), with an exit function that says whether the
# garbage collector was on: a short command runs without it and ends with os._exit, after
# the exit functions and with its output flushed; an index run collects and ends as usual.
# Neither attaches numpy's docstrings (navsok.numpyload.without_docstrings).
EXIT_PROBE = """
import atexit, gc, sys
atexit.register(lambda: print("collecting:", gc.isenabled(), "numpy docstrings:",
                              sys.modules["navsok.numpyload"]._docstrings, file=sys.stderr))
from navsok.cli import main
sys.argv = ["navsok", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("args, status, collecting", [
    (["query", "NAV", "--json"], 0, False),
    (["query", "ingenting", "--json"], 1, False),
    (["query", "NAV", "--since", "i morgen tidlig"], 2, False),
    (["stats"], 0, False),
    (["index", "CORPUS"], 0, True),
])
def test_a_command_ends_with_its_status_output_and_exit_functions(
        index_dir, corpus, navsok, args, status, collecting):
    args = [str(corpus) if arg == "CORPUS" else arg for arg in args]
    run = subprocess.run([sys.executable, "-c", EXIT_PROBE, *args, "--index", str(index_dir)],
                         capture_output=True, text=True)
    assert run.returncode == status, run.stderr
    assert run.stderr.splitlines()[-1] == f"collecting: {collecting} numpy docstrings: False"
    if status == 2:
        assert "Invalid value for '--since'" in run.stderr
    elif args[0] == "query":
        assert run.stdout == navsok(*args).output  # all of it, flushed before the exit


def test_a_reader_that_goes_away_ends_the_query_quietly(index_dir):
    """`navsok query … | head -0`: the pipe is closed before navsok writes."""
    proc = subprocess.Popen([NAVSOK, "query", "NAV", "--index", str(index_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert proc.stderr.read() == b""


def test_a_first_run_says_it_builds_the_lexicon_and_ctrl_c_leaves_nothing_half_built(corpus, tmp_path):
    # A fresh machine: no lexicon in the cache yet. The bar says why it waits; Ctrl-C in the
    # middle of the build ends the run as any interrupted run, with no index and no cache
    # file half written (the next run builds the lexicon anew).
    cache, index = tmp_path / "cache", tmp_path / "index"
    run = Terminal("index", str(corpus), env={"XDG_CACHE_HOME": str(cache), "NAVSOK_INDEX": str(index)})
    run.read_until("Building the word lexicon (first run only)")
    time.sleep(1)  # well inside the build, which takes half a minute
    run.send("\x03")
    assert run.finish() == 130
    assert "interrupted" in run.rest
    assert not list(cache.rglob("lexicon-*")), list(cache.rglob("*"))
    assert not index.exists() or not any(index.glob("*.seg"))


def test_the_bar_names_the_lexicon_build_only_while_there_is_none(tmp_path, monkeypatch):
    from navsok.cli_index import _description
    from navsok.lexicon import load

    load()  # the lexicon of the machine's cache (built now if this runs first)
    assert _description() == "Indexing"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert "Building the word lexicon" in _description()
