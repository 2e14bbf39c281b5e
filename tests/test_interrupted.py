"""An index run killed mid-way (a real process and real signals) leaves the old index intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from navsok import store
from navsok.cli import main
from navsok.index import REBUILD_PREFIX
from corpora import write_many
from test_installed_program import NAVSOK

pytestmark = pytest.mark.skipif(NAVSOK is None, reason="navsok is not installed")
ARTICLES = 200
MID_RUN_BYTES = 30_000


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


@pytest.fixture
def old_index(tmp_path, runner):
    """An index of ARTICLES articles, whose files are then all changed (the word "tilleggsord")."""
    corpus = write_many(tmp_path / "corpus", ARTICLES)
    index_dir = tmp_path / "ix"
    assert runner.invoke(main, ["index", str(corpus), "--index", str(index_dir)]).exit_code == 0
    for path in corpus.iterdir():
        path.write_text(path.read_text("utf-8") + "tilleggsord\n", "utf-8")
    return corpus, index_dir


def count(runner, index_dir: Path, query: str) -> int:
    result = runner.invoke(main, ["query", query, "--count", "--index", str(index_dir)])
    assert result.exit_code in (0, 1), result.output
    return int(result.stdout)


def start_and_freeze_mid_run(corpus: Path, index_dir: Path, *options: str) -> subprocess.Popen:
    """Start `navsok index` and stop it (SIGSTOP) once it has written some new documents.

    Whoosh's writer keeps the stored fields of the documents it has been given in a
    temporary file that grows in steps of about 32 kB; the first step means the run is
    well under way (the whole run writes about 65 kB) and not yet committed.
    """
    proc = subprocess.Popen(
        [NAVSOK, "index", str(corpus), "--index", str(index_dir), *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    while proc.poll() is None:  # --rebuild writes into a new folder beside the index
        if any(_size(path) >= MID_RUN_BYTES for path in index_dir.parent.glob("*/MAIN.tmp/*")):
            proc.send_signal(signal.SIGSTOP)
            return proc
        time.sleep(0.002)
    pytest.fail(f"the index run ended before it could be stopped: {proc.communicate()}")


@pytest.mark.parametrize(
    "signum, options",
    [(signal.SIGTERM, ()), (signal.SIGKILL, ()), (signal.SIGKILL, ("--rebuild",))],
    ids=["SIGTERM", "SIGKILL", "SIGKILL-rebuild"],
)
def test_killed_index_run_leaves_the_old_index_intact(old_index, runner, signum, options):
    corpus, index_dir = old_index
    committed = set(os.listdir(index_dir))
    proc = start_and_freeze_mid_run(corpus, index_dir, *options)
    try:
        # Mid-way, queries answer from the old index.
        assert (count(runner, index_dir, "sak"), count(runner, index_dir, "tilleggsord")) == (
            ARTICLES, 0
        )
    finally:
        proc.send_signal(signum)
        proc.send_signal(signal.SIGCONT)
        out, err = proc.communicate(timeout=60)
    if signum == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 130
        assert err == f"navsok: interrupted; the index at {index_dir} is as it was before\n"
        assert out == ""
    leftovers = set(os.listdir(index_dir))
    beside = sorted(p.name for p in index_dir.parent.iterdir())
    assert beside == sorted(["corpus", "ix", *[f"{REBUILD_PREFIX}ix-{proc.pid}"] * bool(options)])
    # The old index, whole: every article, none of the new words.
    assert (count(runner, index_dir, "sak"), count(runner, index_dir, "tilleggsord")) == (ARTICLES, 0)
    # The next run is not hindered by the killed one's lock or files, and cleans them up.
    rerun = runner.invoke(main, ["index", str(corpus), "--index", str(index_dir), "--wait", "1"])
    assert rerun.exit_code == 0, rerun.output
    assert f"0 added, {ARTICLES} updated, 0 removed, 0 unchanged" in rerun.stdout
    assert count(runner, index_dir, "tilleggsord") == ARTICLES
    assert sorted(p.name for p in index_dir.parent.iterdir()) == ["corpus", "ix"]
    assert not (index_dir / "MAIN.tmp").exists()
    if options:
        return
    killed_segment = {n for n in leftovers - committed if n.endswith(".pst")}
    if signum == signal.SIGKILL:  # the next run removed what the killed one wrote
        assert killed_segment and not killed_segment & set(os.listdir(index_dir))
        assert "MAIN.tmp" in leftovers
    else:  # the interrupted run was cancelled and removed what it wrote itself
        assert not killed_segment and "MAIN.tmp" not in leftovers


def test_ctrl_c_on_a_parallel_run_is_one_line_without_tracebacks(tmp_path):
    """Ctrl-C reaches the whole foreground process group: the parallel writer's workers too."""
    from navsok.index import PARALLEL_MIN_FILES

    # Parallel, and long enough (a few seconds) for the interrupt to land mid-run.
    corpus = write_many(tmp_path / "corpus", max(PARALLEL_MIN_FILES, 2000), words=8)
    proc = subprocess.Popen(
        [NAVSOK, "index", str(corpus), "--index", str(tmp_path / "ix")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    while proc.poll() is None and not children.read_text().split():
        time.sleep(0.05)  # until the writer has forked its workers
    if proc.poll() is not None:
        pytest.skip("the run ended before its workers started (one core?)")
    time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert stderr.strip().splitlines() == [
        f"navsok: interrupted; the index at {tmp_path / 'ix'} is as it was before"
    ]


def test_a_killed_worker_stops_the_run_in_one_line_and_keeps_the_old_index(old_index, runner):
    """A parallel writer's worker killed on its own (the OOM killer picks the biggest
    process) must not let the run commit without the articles it had."""
    corpus, index_dir = old_index
    proc = subprocess.Popen(
        [NAVSOK, "index", str(corpus), "--index", str(index_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NAVSOK_PARALLEL_MIN_FILES": "1"},
    )
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    while proc.poll() is None and not children.read_text().split():
        time.sleep(0.01)
    if proc.poll() is not None:
        pytest.skip("the run ended before its workers started (one core?)")
    worker = int(children.read_text().split()[0])
    os.kill(worker, signal.SIGKILL)  # maybe while it waits for a job, holding the queue's lock
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()  # a run that hangs must not outlive the test (its workers die with it)
        proc.wait()
    assert (proc.returncode, out) == (2, "")
    assert err == (f"navsok: an index worker process (PID {worker}) was killed before it "
                   "finished; nothing of this run was committed\n")
    assert (count(runner, index_dir, "sak"), count(runner, index_dir, "tilleggsord")) == (ARTICLES, 0)


def test_every_worker_killed_stops_the_run_instead_of_waiting_forever(tmp_path):
    """The OOM killer may take every worker while the parent still has jobs to hand out:
    the job queue then stays full, and the run must end in one line, not wait forever."""
    corpus = write_many(tmp_path / "corpus", 3000, words=4)  # 12 jobs; the queue holds 8
    proc = subprocess.Popen(
        [NAVSOK, "index", str(corpus), "--index", str(tmp_path / "ix")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NAVSOK_PARALLEL_MIN_FILES": "1"},
    )
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    killed: set[int] = set()
    try:
        give_up = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < give_up:
            for pid in map(int, children.read_text().split()):
                if pid not in killed:
                    os.kill(pid, signal.SIGKILL)  # each worker as soon as it is forked
                    killed.add(pid)
            time.sleep(0.005)
        out, err = proc.communicate(timeout=5)
    finally:
        proc.kill()
    if not killed:
        pytest.skip("the run ended before its workers started (one core?)")
    assert (proc.returncode, out) == (2, "")
    assert err.startswith("navsok: an index worker process (PID ")
    assert err.endswith("was killed before it finished; nothing of this run was committed\n")
    assert not (tmp_path / "ix" / "navsok.json").exists()  # a first build: no half index


#: A parallel run in which a process holding the job queue's lock dies, as a worker
#: killed while it waits for a job does (the lock dies with it), and then that worker.
LOCK_DIES = """
import multiprocessing, os, signal, sys
from pathlib import Path
from navsok import store, writer as w
from navsok.articles import Article
from navsok.errors import NavsokError
from navsok.schema import document_fields

index_dir = Path(sys.argv[1])
os.environ[w.PARALLEL_ENV] = "1"
writer = w.open_writer(store.create(index_dir), index_dir, n_files=1000)
try:
    with w.committing(writer, index_dir):
        for n in range(2000):
            writer.add_document(**document_fields(Article(path=f"a{n}", title="sak", body="sak")))
        lock = writer.jobqueue.queue._rlock
        holder = multiprocessing.get_context("fork").Process(target=lambda: (lock.acquire(), os._exit(0)))
        holder.start()
        holder.join()
        os.kill(writer.tasks[0].pid, signal.SIGKILL)
except NavsokError as exc:
    sys.exit(f"navsok: {exc}")
"""


def test_a_worker_killed_with_the_job_queue_lock_stops_the_run_instead_of_waiting_forever(tmp_path):
    # The other worker waits for that lock forever; the run must not wait for that worker.
    proc = subprocess.Popen([sys.executable, "-c", LOCK_DIES, str(tmp_path / "ix")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()  # a hung run must not outlive the test (its workers die with it)
        proc.wait()
    assert (proc.returncode, out) == (1, "")
    assert err.startswith("navsok: an index worker process (PID ")
    assert err.endswith("was killed before it finished; nothing of this run was committed\n")
    assert store.open_index(tmp_path / "ix").doc_count() == 0  # nothing was committed


#: Moments after start at which Ctrl-C lands: while the program imports Click and its
#: command (after Python's own start, about 15 ms here; before it a Ctrl-C ends Python as
#: it would any program), while Click reads the options, and once the command runs.
CTRL_C_MOMENTS = (0.05, 0.08, 0.12, 0.2)


@pytest.mark.skipif(NAVSOK is None, reason="navsok is not installed")
@pytest.mark.parametrize("command", ["index", "stats"])
def test_ctrl_c_at_any_moment_of_start_up_is_one_line_never_a_traceback(old_index, runner, command):
    """A Ctrl-C while the program starts ends it with one line and 130: not a traceback of
    the import it cut short, nor Click's "Aborted!" with status 1."""
    corpus, index_dir = old_index
    args = [str(corpus)] if command == "index" else []
    for moment in CTRL_C_MOMENTS:
        proc = subprocess.Popen(
            [NAVSOK, command, *args, "--index", str(index_dir)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        )
        time.sleep(moment)
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
        _, stderr = proc.communicate(timeout=60)
        if proc.returncode == 0:
            continue  # the command was over before the Ctrl-C
        assert proc.returncode == 130, (moment, stderr)
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("navsok: interrupted"), (moment, stderr)
        assert count(runner, index_dir, "tilleggsord") == 0  # the old index, as it was


#: An index run into which a Ctrl-C lands while the garbage collector runs a finalizer
#: (where Python drops the KeyboardInterrupt and only reports it): a real SIGINT to the
#: process, sent from the finalizer of an object dropped as the run writes its files.
FINALIZER_CTRL_C = """
import os, signal, sys
import navsok.index
from navsok.cli import main

class Finalised:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, in a finalizer

write_files = navsok.index._write_files
def with_a_finalizer(*args, **kwargs):
    Finalised()  # dropped at once: its finalizer runs here
    return write_files(*args, **kwargs)

navsok.index._write_files = with_a_finalizer
sys.argv = ["navsok", "index", *sys.argv[1:]]
main()
"""


def test_ctrl_c_that_lands_in_a_finalizer_is_not_lost(old_index, runner):
    corpus, index_dir = old_index
    done = subprocess.run(
        [sys.executable, "-c", FINALIZER_CTRL_C, str(corpus), "--index", str(index_dir)],
        capture_output=True, text=True, timeout=120,
    )
    assert (done.returncode, done.stderr) == (
        130, f"navsok: interrupted; the index at {index_dir} is as it was before\n"
    )
    assert count(runner, index_dir, "tilleggsord") == 0  # the old index, as it was


#: An index run into which a real Ctrl-C lands just before or after one of its steps
#: (``MODULE NAME before|after``, then the index command's arguments).
CTRL_C_AT_A_STEP = """
import importlib, os, signal, sys
from navsok.cli import main

module_name, name, moment = sys.argv[1:4]
module = importlib.import_module(module_name)
step = getattr(module, name)

def with_a_ctrl_c(*args):
    if moment == "before":
        os.kill(os.getpid(), signal.SIGINT)
    done = step(*args)
    if moment == "after":
        os.kill(os.getpid(), signal.SIGINT)
    return done

setattr(module, name, with_a_ctrl_c)
sys.argv = ["navsok", "index", *sys.argv[4:]]
main()
"""


def run_with_a_ctrl_c(step: str, moment: str, corpus: Path, index_dir: Path, *options):
    return subprocess.run(
        [sys.executable, "-c", CTRL_C_AT_A_STEP, *step.rsplit(".", 1), moment, str(corpus),
         "--index", str(index_dir), *options],
        capture_output=True, text=True, timeout=120,
    )


def test_ctrl_c_while_a_commit_is_recorded_keeps_the_run_and_its_record(old_index, runner):
    corpus, index_dir = old_index
    done = run_with_a_ctrl_c("navsok.writer.write_meta", "before", corpus, index_dir)
    # The run had committed: it is done, and says what it did.
    assert (done.returncode, done.stderr) == (0, "")
    assert f"0 added, {ARTICLES} updated, 0 removed, 0 unchanged" in done.stdout
    assert count(runner, index_dir, "tilleggsord") == ARTICLES
    # navsok.json records the files of that commit (what damage is told by), whole.
    from navsok import integrity

    newest = integrity.newest_toc(integrity.index_files(index_dir))
    assert newest in store.read_meta(index_dir)["files"]
    assert not [p.name for p in index_dir.iterdir() if p.name.startswith(f".{store.META_FILE}")]


def test_ctrl_c_after_a_rebuild_is_swapped_in_says_the_new_index_is_there(old_index, runner):
    corpus, index_dir = old_index
    done = run_with_a_ctrl_c("navsok.index._swap_folders", "after", corpus, index_dir,
                             "--rebuild")
    assert (done.returncode, done.stderr) == (
        130, f"navsok: interrupted after the commit; the index at {index_dir} holds this "
             "run's changes\n"
    )
    assert count(runner, index_dir, "tilleggsord") == ARTICLES
    assert sorted(p.name for p in index_dir.parent.iterdir()) == ["corpus", "ix"]


def test_an_interrupted_run_is_forgotten_by_the_next_one_in_the_same_process(old_index, runner, monkeypatch):
    """The shell, or a program that calls navsok, goes on after an interrupted run: the
    next run must not find that Ctrl-C still pending and stop before its commit."""
    import navsok.index
    from navsok.index import update_index

    corpus, index_dir = old_index
    write_files = navsok.index._write_files

    def with_a_ctrl_c(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, mid-run
        return write_files(*args, **kwargs)

    monkeypatch.setattr(navsok.index, "_write_files", with_a_ctrl_c)
    interrupted = runner.invoke(main, ["index", str(corpus), "--index", str(index_dir)])
    assert interrupted.exit_code == 130
    monkeypatch.setattr(navsok.index, "_write_files", write_files)
    report = update_index(index_dir, [corpus])
    assert (report.updated, count(runner, index_dir, "tilleggsord")) == (ARTICLES, ARTICLES)
