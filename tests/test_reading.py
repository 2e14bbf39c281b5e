"""Web pages are read by worker processes, whatever their number: the same articles in the
order of the files, the workers gone afterwards, and a run interrupted or killed while
they read leaves no process and the old index."""

from __future__ import annotations

import html
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS
from corpora import write_pages
from faultinject import session_processes
from navsok.articles import DocumentError, ReadOptions
from navsok.documents import read_article
from navsok.reading import read_files, read_one, reader_pool
from test_installed_program import NAVSOK

sys.path.insert(0, str(ROOT / "bench"))
from htmlpages import PAGE  # noqa: E402 - the benchmark's pages

needs_two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: read in-process")
BOILERPLATE = ("Forsiden", "menyord", "Godta alle", "informasjonskapsler", "bunnord",
               "skriptord", "Les også", "Ansvarlig redaktør", "dataLayer")


def described(outcome) -> object:
    if isinstance(outcome, DocumentError):
        return str(outcome)
    return [(a.path, a.title, a.body, a.source, a.date) for a in outcome.articles]


@needs_two_cores
@pytest.mark.parametrize("started_before", [False, True], ids=["own readers", "readers given"])
def test_pages_are_read_by_workers_in_the_order_of_the_files(tmp_path, started_before):
    folder = write_pages(tmp_path / "pages", 12, words=40)
    (folder / "side_0005b.txt").write_text("Tekst midt i\n\nbrødtekst\n", "utf-8")  # read here
    (folder / "side_0007b.html").write_text("", "utf-8")  # a page that cannot be read
    paths = sorted(folder.iterdir())
    with ExitStack() as stack:
        pool = stack.enter_context(reader_pool(paths)) if started_before else None
        outcomes = stack.enter_context(read_files(paths, ReadOptions(), pool))
        readers = multiprocessing.active_children()
        found = [described(outcome) for outcome in outcomes]
    assert len(readers) >= 2
    assert found == [described(read_one(path, ReadOptions())) for path in paths]
    assert found[paths.index(folder / "side_0007b.html")] == "empty file"
    assert found[0][0][1] == "Sak nummer 0" and found[-1][0][1] == "Sak nummer 11"
    assert multiprocessing.active_children() == []  # stopped when the block ended


def test_a_few_pages_are_read_in_process(tmp_path):
    paths = sorted(write_pages(tmp_path / "pages", 2, words=10).iterdir())
    with read_files(paths, ReadOptions()) as outcomes:
        assert multiprocessing.active_children() == []
        assert [described(o)[0][1] for o in outcomes] == ["Sak nummer 0", "Sak nummer 1"]


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_a_seed_as_a_bench_page_keeps_title_and_body_without_boilerplate(seed, tmp_path):
    """The extraction keeps the article whole and nothing around it (seeds/ put in the
    benchmark's page template, with its navigation, cookie banner, links and footer)."""
    text = read_article(seed)
    paragraphs = [p.strip() for p in text.body.split("\n") if p.strip()]
    page = tmp_path / "side.html"
    page.write_text(PAGE.format(
        title=html.escape(text.title), source="Regjeringen", date="2010-12-01",
        paragraphs="\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)), "utf-8")
    article = read_article(page)
    assert article.title == text.title
    assert article.body.split("\n") == paragraphs  # every paragraph, nothing more
    assert not [b for b in BOILERPLATE if b in article.body or b in article.title]


def _start(corpus: Path, index_dir: Path, *options: str) -> subprocess.Popen:
    """`navsok index` over web pages, returned once it has forked its readers."""
    proc = subprocess.Popen(
        [NAVSOK, "index", str(corpus), "--index", str(index_dir), *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    while proc.poll() is None and len(children.read_text().split()) < 2:
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.fail(f"the run ended before its readers started: {proc.communicate()}")
    return proc


@pytest.fixture
def pages_and_index(tmp_path, runner):
    """An index of a few pages, and a folder with many more (a run that takes a while)."""
    from navsok.cli import main

    corpus = write_pages(tmp_path / "corpus", 300, words=300)
    index_dir = tmp_path / "ix"
    few = write_pages(tmp_path / "few", 3, words=20)
    assert runner.invoke(main, ["index", str(few), "--index", str(index_dir)]).exit_code == 0
    return corpus, index_dir


def _left_behind(proc, grace: float = 2.0) -> list[int]:
    """The processes of the ended run's session still alive after ``grace`` seconds: a
    worker may still be ending when the main process has exited (it dies with it,
    ``PR_SET_PDEATHSIG``; once in a CI run one was still alive the moment after)."""
    deadline = time.monotonic() + grace
    while session_processes(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return session_processes(proc.pid)


def _files(index_dir: Path) -> set[str]:
    return {name for name in os.listdir(index_dir) if name != "navsok.lock"}


#: An update reads the changed pages once it knows them; a rebuild starts its readers
#: before it opens the new index (``reading.reader_pool``).
RUNS = pytest.mark.parametrize("options", [(), ("--rebuild",)], ids=["update", "rebuild"])


@pytest.mark.skipif(NAVSOK is None, reason="navsok is not installed")
@needs_two_cores
@RUNS
def test_ctrl_c_while_workers_read_pages_is_one_line_and_the_index_as_before(
    pages_and_index, options
):
    corpus, index_dir = pages_and_index
    before = _files(index_dir)
    proc = _start(corpus, index_dir, *options)
    time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    _, stderr = proc.communicate(timeout=60)
    assert (proc.returncode, stderr) == (
        130, f"navsok: interrupted; the index at {index_dir} is as it was before\n"
    )
    assert _files(index_dir) == before
    assert _left_behind(proc) == []


@pytest.mark.skipif(NAVSOK is None, reason="navsok is not installed")
@needs_two_cores
@RUNS
def test_sigkill_while_workers_read_pages_leaves_no_process(pages_and_index, options):
    corpus, index_dir = pages_and_index
    proc = _start(corpus, index_dir, *options)
    time.sleep(0.2)
    proc.kill()
    proc.communicate(timeout=60)
    assert _left_behind(proc) == []
    assert _count(index_dir) == "3\n"  # the old index answers


@pytest.mark.skipif(NAVSOK is None, reason="navsok is not installed")
@needs_two_cores
@RUNS
def test_a_reader_killed_stops_the_run_in_one_line_or_is_replaced(pages_and_index, options):
    """A reader killed with the batch it was reading, or while it waited for the next
    (holding the job queue's lock), stops the run with one line and the old index; killed
    in the instant after it handed a batch back, it lost nothing, the pool starts another
    and the run ends whole. Never a hang, a traceback, half an index or a process left."""
    corpus, index_dir = pages_and_index
    proc = _start(corpus, index_dir, *options)
    reader = int(Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()[0])
    time.sleep(0.3)
    os.kill(reader, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=120)
    assert _left_behind(proc) == []
    if proc.returncode == 0:
        assert _count(index_dir) == ("300\n" if options else "303\n")
    else:
        assert stderr == (
            "navsok: a process reading the files was killed before it finished; nothing of "
            "this run was committed\n"
        )
        assert _count(index_dir) == "3\n"


def _count(index_dir: Path) -> str:
    return subprocess.run([NAVSOK, "query", "sak", "--count", "--index", str(index_dir)],
                          capture_output=True, text=True).stdout


#: Readers stopped while the lock of the queue they answer on is taken and never given
#: back, as when a reader is terminated in the middle of handing a batch back: the pool's
#: task thread, ending, waits for that lock to say it is done, and ``Pool.terminate``
#: waited for that thread forever (a run interrupted by Ctrl-C once lived on so, with its
#: readers, for as long as nobody killed it).
STOP_WITH_THE_QUEUE_LOCKED = """
from pathlib import Path
from navsok.reading import reader_pool

paths = [Path(f"side{i}.html") for i in range(16)]
with reader_pool(paths) as pool:
    pool._outqueue._wlock.acquire()  # taken, and never given back
print("stopped", flush=True)
"""


@needs_two_cores
def test_readers_stopped_while_the_job_queue_is_locked_leave_no_process_and_no_wait():
    proc = subprocess.Popen([sys.executable, "-c", STOP_WITH_THE_QUEUE_LOCKED],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:  # the hang this test is about: end it, then fail
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert (proc.returncode, out, err) == (0, "stopped\n", "")
    assert _left_behind(proc) == []
