"""The ``navsok`` program: a cold query answered without Click or Whoosh when it can be
(:mod:`navsok.coldquery`), everything else by the full command line (:mod:`navsok.cli`)."""

from __future__ import annotations

import os
import sys


def main():
    """Run ``navsok`` with ``sys.argv``: the paths of a plain query (``query Q -l``) from
    :func:`navsok.coldquery.answer`, else the Click program, which prints errors, help and
    every other output. The quick answer never half happens: it prints nothing until it
    has all its lines, and any failure before that leaves the query to the full program."""
    import gc

    from navsok.interrupt import quit_on_ctrl_c

    quit_on_ctrl_c()  # until a command runs: no traceback of an import cut short
    gc.disable()  # a short command: nothing to collect (see navsok.cli.NavsokGroup)
    try:
        from navsok.coldquery import answer

        lines = answer(sys.argv[1:])
    except KeyboardInterrupt:
        os._exit(130)
    except Exception:  # noqa: BLE001 - anything unexpected: the full program decides
        lines = None
    if lines is None:
        from navsok.cli import main as full

        return full()
    try:
        sys.stdout.write(lines)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (| head): quietly, as grep does
        pass
    os._exit(0)
