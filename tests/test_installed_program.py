"""The installed `navsok` program, run as a user runs it: in a pipe and in a terminal."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GJOVIK

NAVSOK = shutil.which("navsok", path=str(Path(sys.executable).parent)) or shutil.which("navsok")
pytestmark = pytest.mark.skipif(NAVSOK is None, reason="navsok is not installed")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NAVSOK, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


def run_in_terminal(*args: str, env: dict) -> str:
    """Run navsok with a pseudo-terminal as stdout and return what it printed."""
    main_fd, child_fd = pty.openpty()
    proc = subprocess.Popen(
        [NAVSOK, *args], stdout=child_fd, stderr=child_fd, env={**os.environ, **env}
    )
    os.close(child_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(main_fd)
    return b"".join(chunks).decode("utf-8", "replace")


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
