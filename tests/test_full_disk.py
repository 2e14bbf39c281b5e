"""A run that fills the disk (a real, small tmpfs) stops with one line and leaves the
previous index answering, with nothing of the failed run left behind."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from navsok.cli import main
from corpora import write_many

TMPFS_SIZE = "600k"


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        # lazily: this process may still have index files of the test open (mapped)
        subprocess.run(["umount", "--lazy", str(mount)], check=True)


def files_of(folder: Path) -> set[str]:
    return set(os.listdir(folder)) - {"navsok.lock"}  # the lock stays, empty


def test_a_full_disk_stops_the_run_in_one_line_and_the_old_index_answers(
    small_disk, tmp_path, runner
):
    before, more = write_many(tmp_path / "before", 20, words=60), write_many(
        tmp_path / "more", 400, words=300
    )
    index_dir = small_disk / "ix"
    built = runner.invoke(main, ["index", str(before), "--index", str(index_dir)])
    assert built.exit_code == 0, built.output
    committed = files_of(index_dir)
    full = (f"navsok: no space left on the disk of {index_dir}; the index is as it was before "
            "(free some space and run `navsok index` again)\n")
    for rebuild in ([], ["--rebuild"]):
        result = runner.invoke(main, ["index", str(before), str(more), "--index", str(index_dir),
                                      *rebuild])
        assert (result.exit_code, result.stderr) == (2, full)
        assert files_of(index_dir) == committed and files_of(small_disk) == {"ix"}
        counted = runner.invoke(main, ["query", "sak", "--count", "--index", str(index_dir)])
        assert (counted.exit_code, counted.stdout) == (0, "20\n")
    fresh = small_disk / "fresh"  # a first build that cannot finish leaves no index
    result = runner.invoke(main, ["index", str(more), "--index", str(fresh)])
    assert result.exit_code == 2 and "no space left" in result.stderr
    assert files_of(fresh) == set()
    queried = runner.invoke(main, ["query", "sak", "--index", str(fresh)])
    assert queried.exit_code == 2 and queried.stderr == f"navsok: no index at {fresh} (run `navsok index` first)\n"
    # With room again, the same run succeeds.
    subprocess.run(["mount", "-o", "remount,size=20m", str(small_disk)], check=True)
    result = runner.invoke(main, ["index", str(before), str(more), "--index", str(index_dir)])
    assert result.exit_code == 0 and "400 added" in result.stdout
