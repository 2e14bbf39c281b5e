"""Re-indexing: only what changed is read and written; --rebuild; the lock; foreign folders."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from navsok.cli import main
from navsok.index import INDEX_FORMAT, META_FILE, REBUILD_PREFIX
from conftest import GJOVIK, HEIMDAL


@pytest.fixture
def index(runner, tmp_path, monkeypatch):
    """``index(*args)`` and ``query(*args)`` against tmp_path/ix, run from tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NAVSOK_INDEX", str(tmp_path / "ix"))

    def run(*args):
        return runner.invoke(main, list(args))

    return run


def count(run, query: str) -> int:
    return int(run("query", query, "--count").stdout)


def write_records(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")


def test_only_the_changed_record_of_a_jsonl_file_is_rewritten(index, tmp_path):
    records = [{"id": n, "title": f"Sak {n}", "body": f"Tekst om laks nummer {n}."}
               for n in range(3)]
    write_records(tmp_path / "saker.jsonl", records)
    assert "3 added, 0 updated, 0 removed, 0 unchanged" in index("index", "saker.jsonl").stdout
    records[1]["body"] = "Tekst om torsk."
    write_records(tmp_path / "saker.jsonl", records)
    assert "0 added, 1 updated, 0 removed, 2 unchanged" in index("index", "saker.jsonl").stdout
    assert (count(index, "laks"), count(index, "torsk")) == (2, 1)
    write_records(tmp_path / "saker.jsonl", records[:1] + [{"id": 9, "title": "Ny sak"}])
    assert "1 added, 0 updated, 2 removed, 1 unchanged" in index("index", "saker.jsonl").stdout
    (tmp_path / "saker.jsonl").unlink()
    assert "0 added, 0 updated, 2 removed, 0 unchanged" in index("index", ".").stdout
    assert count(index, "sak") == 0


def test_a_file_with_its_recorded_size_and_time_is_not_read_again(index, corpus):
    index("index", str(corpus))
    path = corpus / HEIMDAL
    before = path.stat()
    data = path.read_bytes()
    # Same size, same modification time, different words: navsok trusts the file's stamp.
    path.write_bytes(data.replace(b"kake", b"brus"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert "0 updated, 0 removed, 2 unchanged" in index("index", str(corpus)).stdout
    assert (count(index, "kake"), count(index, "brus")) == (1, 0)
    # A new time makes navsok read it: the checksum says what changed.
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))
    assert "1 updated, 0 removed, 1 unchanged" in index("index", str(corpus)).stdout
    assert (count(index, "kake"), count(index, "brus")) == (0, 1)


def test_a_touched_but_unchanged_file_is_unchanged(index, corpus):
    index("index", str(corpus))
    os.utime(corpus / GJOVIK)
    assert "0 added, 0 updated, 0 removed, 2 unchanged" in index("index", str(corpus)).stdout


def test_a_file_that_turns_bad_keeps_its_previous_version(index, corpus):
    index("index", str(corpus))
    (corpus / HEIMDAL).write_bytes(b"\x00\x01\x02 binary now")
    result = index("index", str(corpus))
    assert result.exit_code == 1
    assert f"{HEIMDAL}: binary file, not text" in result.stderr
    assert "0 added, 0 updated, 0 removed, 1 unchanged, 1 failed" in result.stdout
    assert count(index, "kake") == 1


def test_rebuild_starts_from_scratch_and_leaves_nothing_behind(index, corpus, tmp_path):
    index("index", str(corpus))
    (tmp_path / f"{REBUILD_PREFIX}ix-99999").mkdir()  # left by a rebuild that was killed
    (corpus / GJOVIK).unlink()
    other = tmp_path / "annet"
    other.mkdir()
    (other / "ny.txt").write_text("Ny sak\n\nOm laks.", "utf-8")
    result = index("index", str(other), "--rebuild")
    assert result.exit_code == 0
    assert "1 added, 0 updated, 0 removed, 0 unchanged" in result.stdout
    assert (count(index, "laks"), count(index, "NAV")) == (1, 0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annet", "corpus", "ix"]


def test_an_index_from_another_version_is_refused_until_rebuilt(index, corpus, tmp_path):
    index("index", str(corpus))
    meta = tmp_path / "ix" / META_FILE
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "format": INDEX_FORMAT - 1}))
    for args in (("query", "NAV"), ("index", str(corpus))):
        refused = index(*args)
        assert refused.exit_code == 2
        assert refused.stderr.startswith("navsok: the index at ")
        assert "another navsok version" in refused.stderr and "--rebuild" in refused.stderr
        assert len(refused.stderr.splitlines()) == 1
    assert index("index", str(corpus), "--rebuild").exit_code == 0
    assert count(index, "NAV") == 2


@pytest.mark.parametrize("rebuild", [(), ("--rebuild",)])
def test_a_folder_that_is_not_an_index_is_never_touched(index, corpus, tmp_path, rebuild):
    (tmp_path / "ix").mkdir()
    (tmp_path / "ix" / "viktig.txt").write_text("ikke slett meg")
    for args in (("index", str(corpus), *rebuild), ("query", "NAV")):
        result = index(*args)
        assert result.exit_code == 2
        assert "is not a navsok index" in result.stderr or "not empty" in result.stderr
    assert os.listdir(tmp_path / "ix") == ["viktig.txt"]


def test_a_second_index_run_names_the_lock_holder_and_takes_over_once_it_is_killed(
    index, corpus, tmp_path
):
    index("index", str(corpus))
    holder = subprocess.Popen(  # another run, mid-way: a real process holding the lock
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path / "ix")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "held\n"
        for args in (("index", str(corpus), "--wait", "0.2"),
                     ("index", str(corpus), "--wait", "0.2", "--rebuild")):
            blocked = index(*args)
            assert blocked.exit_code == 2
            assert blocked.stderr == (
                f"navsok: another navsok index (PID {holder.pid}) is running on "
                f"{tmp_path / 'ix'} (waited 0.2 s)\n"
            )
        assert count(index, "NAV") == 2
    finally:
        holder.kill()
        holder.wait()
    taken = index("index", str(corpus), "--wait", "0")
    assert taken.exit_code == 0
    assert taken.stderr == (
        f"navsok: the previous index run (PID {holder.pid}) was killed before it finished; "
        "its lock was free and its leftovers are removed\n"
    )
    assert index("index", str(corpus)).stderr == ""  # a clean end leaves no PID behind


HOLD_LOCK = """
import sys, time
from pathlib import Path
from navsok.locking import hold_lock
hold_lock(Path(sys.argv[1]))
print("held", flush=True)
time.sleep(60)
"""


def test_a_file_given_twice_is_indexed_once(index, corpus):
    (corpus / "lenke.txt").symlink_to(corpus / HEIMDAL)
    result = index("index", str(corpus), str(corpus / GJOVIK), str(corpus / ".." / corpus.name))
    assert "2 added, 0 updated, 0 removed, 0 unchanged" in result.stdout
    assert count(index, "NAV") == 2
