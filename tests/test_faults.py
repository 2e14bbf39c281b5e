"""The short form of the fault-injection suite (`make faults` is the long one): one SIGKILL
per kind of run and writer; see tests/faultinject.py for what is checked after each kill."""

import pytest

from faultinject import NAVSOK, Figures, run

pytestmark = pytest.mark.skipif(NAVSOK is None, reason="navsok is not installed")


def test_sigkill_at_any_moment_leaves_no_process_no_lock_and_no_lost_article(tmp_path, capsys):
    figures: Figures = run(kills=1, root=tmp_path, log=lambda line: None)
    with capsys.disabled():
        print(f"\n  faults (short form): {figures.line()}")
    assert figures.problems == []
    assert figures.kills >= 4  # a run may end before its kill moment on a fast machine
    assert figures.survived == figures.kills and not figures.leftovers and not figures.mismatches
