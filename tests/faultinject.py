"""Fault injection: `navsok index` killed with SIGKILL at moments spread over its run.

For each of a first build, an update of a few files and ``--rebuild``, with one writer
and with the parallel writer, a real ``navsok index`` process is killed (SIGKILL, to the
main process only, as the out-of-memory killer does) at ``kills`` moments spread over the
duration of an unkilled run of the same kind. After each kill:

* no process of the run is left 2 s later (its workers die with it);
* the next ``navsok index`` succeeds at once (``--wait 0``: no lock is left behind);
* queries answer;
* the index holds exactly what a clean build of the same files holds: the same articles
  and, for every term of every field, the same articles with the same frequencies.

``python tests/faultinject.py --kills 5`` (``make faults``) is the long form; the test
suite runs a short form (tests/test_faults.py). The last line is the figure:
``kills survived: N/N, leftovers: 0, mismatches: 0``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpora import write_many  # noqa: E402

NAVSOK = shutil.which("navsok", path=str(Path(sys.executable).parent)) or shutil.which("navsok")
#: Files in the corpus, and the ones an update changes, adds and removes.
FILES = 80
CHANGED, ADDED, REMOVED = 5, 2, 1
LEFTOVER_GRACE = 2.0  # seconds the run's processes have to die after the kill
KINDS = ("first build", "update", "rebuild")
WRITERS = {"one writer": {}, "parallel": {"NAVSOK_PARALLEL_MIN_FILES": "1"}}


@dataclass
class Figures:
    kills: int = 0  # kills that hit a running run
    survived: int = 0  # kills after which every check passed
    finished_first: int = 0  # runs that ended before their kill moment (not counted)
    leftovers: int = 0  # processes alive 2 s after a kill
    mismatches: int = 0  # indexes that differ from a clean build after the next run
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"kills survived: {self.survived}/{self.kills}, leftovers: {self.leftovers}, "
            f"mismatches: {self.mismatches}"
        )


def snapshot(index_dir: Path) -> tuple[dict, dict]:
    """What an index holds: live articles (path → title, checksum) and, for every term of
    every indexed field, the live articles holding it with their frequencies."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index_dir))
    with ix.reader() as reader:
        live = [d for d in reader.all_doc_ids() if not reader.is_deleted(d)]
        stored = {d: reader.stored_fields(d) for d in live}
        state = reader.column_reader("state")
        articles = {
            f["path"]: (f["title"], state[d].decode().split()[-1]) for d, f in stored.items()
        }
        terms: dict = {}
        for fieldname, text in reader.all_terms():
            postings = reader.postings(fieldname, text)
            holders = set()
            while postings.is_active():
                docnum = postings.id()
                if docnum in stored:
                    holders.add((stored[docnum]["path"], postings.weight()))
                postings.next()
            if holders:
                terms[(fieldname, text)] = frozenset(holders)
    return articles, terms


def difference(index_dir: Path, reference: tuple[dict, dict]) -> str | None:
    """How the index differs from the reference snapshot (None: not at all)."""
    articles, terms = snapshot(index_dir)
    if articles != reference[0]:
        gone, extra = reference[0].keys() - articles.keys(), articles.keys() - reference[0].keys()
        return f"articles differ (missing {sorted(gone)[:2]}, extra {sorted(extra)[:2]})"
    if terms != reference[1]:
        differing = sorted(set(terms.items()) ^ set(reference[1].items()))
        return f"{len(differing)} term statistics differ, e.g. {differing[0][0]}"
    return None


def session_processes(session: int) -> list[int]:
    """PIDs of the live (not zombie) processes in ``session``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(entry))
    return found


class Bench:
    """A corpus (already updated), the index states each kind starts from, a reference."""

    def __init__(self, root: Path):
        self.root = root
        self.corpus = write_many(root / "corpus", FILES, words=60)
        self.before = root / "before"  # the index of the corpus before the update
        self.run_ok(["index", str(self.corpus), "--index", str(self.before)])
        files = sorted(self.corpus.iterdir())
        for path in files[:CHANGED]:
            path.write_text(path.read_text("utf-8") + "endringsord\n", "utf-8")
        for n in range(ADDED):
            (self.corpus / f"ny_{n}.txt").write_text(f"Ny sak {n}\n\nnyhetsord nummer {n}\n")
        for path in files[-REMOVED:]:
            path.unlink()
        self.reference_dir = root / "reference"
        started = time.monotonic()
        self.run_ok(["index", str(self.corpus), "--index", str(self.reference_dir)])
        whole = time.monotonic() - started  # a first build; --rebuild does the same work
        self.reference = snapshot(self.reference_dir)
        started = time.monotonic()
        self.run_ok(self.prepare("update", root / "timed"))
        #: Seconds an unkilled run of each kind takes (with one writer; the parallel
        #: writer's runs take about as long on these few files).
        self.seconds = {"first build": whole, "rebuild": whole, "update": time.monotonic() - started}

    def run_ok(self, args: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [NAVSOK, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}
        )
        if done.returncode != 0:
            raise RuntimeError(f"navsok {' '.join(args)}: exit {done.returncode}: {done.stderr}")
        return done

    def prepare(self, kind: str, index_dir: Path) -> list[str]:
        """Put the index where ``kind`` starts; the `navsok index` arguments of the run."""
        shutil.rmtree(index_dir, ignore_errors=True)
        if kind != "first build":
            shutil.copytree(self.before, index_dir)
        return ["index", str(self.corpus), "--index", str(index_dir)] + (
            ["--rebuild"] if kind == "rebuild" else []
        )

    def kill_once(self, kind: str, env: dict, after: float, figures: Figures, label: str) -> None:
        index_dir = self.root / "ix"
        args = self.prepare(kind, index_dir)
        proc = subprocess.Popen(
            [NAVSOK, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, **env}, start_new_session=True,
        )
        time.sleep(after)
        if proc.poll() is not None:
            figures.finished_first += 1
            return
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        figures.kills += 1
        problems = []
        deadline = time.monotonic() + LEFTOVER_GRACE
        while session_processes(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = session_processes(proc.pid)
        if left:
            figures.leftovers += len(left)
            problems.append(f"processes left: {left}")
            for pid in left:
                os.kill(pid, signal.SIGKILL)
        rerun = subprocess.run(
            [NAVSOK, *args[:4], "--wait", "0"], capture_output=True, text=True,
            env={**os.environ, **env},
        )
        if rerun.returncode != 0:
            problems.append(f"next run: exit {rerun.returncode}: {rerun.stderr.strip()}")
        else:
            query = subprocess.run(
                [NAVSOK, "query", "endringsord", "--count", "--index", str(index_dir)],
                capture_output=True, text=True,
            )
            if query.returncode != 0 or query.stdout.strip() != str(CHANGED):
                problems.append(f"query: exit {query.returncode}: {query.stdout}{query.stderr}")
            diff = difference(index_dir, self.reference)
            if diff:
                figures.mismatches += 1
                problems.append(diff)
            beside = sorted(p.name for p in self.root.iterdir() if p.name.startswith("."))
            if beside or (index_dir / "MAIN.tmp").exists():
                problems.append(f"temporary files left: {beside or 'MAIN.tmp'}")
        if problems:
            figures.problems.append(f"{label}, killed after {after:.2f} s: {'; '.join(problems)}")
        else:
            figures.survived += 1


def run(kills: int, root: Path, log=print) -> Figures:
    figures = Figures()
    bench = Bench(root)
    for writer, env in WRITERS.items():
        for kind in KINDS:
            total = bench.seconds[kind]
            for k in range(kills):
                after = total * (k + 0.5) / kills
                bench.kill_once(kind, env, after, figures, f"{kind}, {writer}")
            log(f"{kind:12} {writer:10} run {total:.2f} s, {kills} kill moments")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=5, help="kill moments per kind and writer")
    options = parser.parse_args()
    if NAVSOK is None:
        print("faults: navsok is not installed (run `make install`)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="navsok-faults-") as root:
        figures = run(options.kills, Path(root))
    for problem in figures.problems:
        print(f"  FAILED {problem}")
    if figures.finished_first:
        print(f"({figures.finished_first} runs ended before their kill moment; not counted)")
    print(figures.line())
    return 0 if not figures.problems else 1


if __name__ == "__main__":
    sys.exit(main())
