"""navsok's benchmark: index and query the same synthetic corpus with navsok and its anchors.

For each corpus size it measures, in one run and on the same files:

* index time and docs/s: a plain single-process Whoosh writer with navsok's schema and
  analyser (the baseline), ``navsok index`` (tuned), SQLite FTS5 and tantivy (both fed
  the text already stemmed by navsok's analyser, so only the engines differ);
* index size against the corpus size; peak RSS of indexing and of a query;
* warm query latency p50/p95 over a fixed query mix, in one process (FTS5 is the baseline);
* cold ``navsok query -l`` wall time per query class (rare, frequent, phrase, OR,
  wildcard), process start to exit, beside ``rg -il`` (``grep -ril`` when ripgrep is
  absent) over the raw files;
* ``navsok index`` of the same articles as HTML pages with boilerplate: pages per second.

One module per measurement: ``measure`` (child processes, memory), ``engines`` (what the
children run), ``cold`` (cold queries against rg), ``htmlpages`` (the HTML row), ``report``
(the table); this file runs them per corpus size.

Every figure is printed with its ratio to its baseline (value ÷ baseline; below 1 is
faster or smaller), since absolute times vary between machines. Each measured program
runs as a child process: its peak RSS comes from ``wait4`` (and, for the indexers, from
sampling the PSS of the whole process tree, as Whoosh's multiprocess writer forks).

Usage: python bench/run.py [--sizes 1000,10000,100000] [--corpus-cache DIR] [--json FILE]
       [--html-pages N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

# bench/ is not a package: its modules are imported by name
import make_corpus  # noqa: E402
from cold import cold_queries  # noqa: E402
from engines import CHILDREN  # noqa: E402
from htmlpages import html_pages_per_second  # noqa: E402
from measure import folder_bytes, log, measure, percentile  # noqa: E402
from queries import COLD, QUERIES  # noqa: E402
from report import machine, table, totals_table, warm_table  # noqa: E402

NAVSOK = Path(sys.executable).parent / "navsok"


def child(name: str, *args) -> list[str]:
    """The command line that runs ``name`` (one of :data:`engines.CHILDREN`) in a fresh process."""
    return [sys.executable, str(Path(__file__).resolve()), "_child", name, *map(str, args)]


def ensure_corpus(cache: Path, size: int) -> Path:
    """The corpus of ``size`` articles in ``cache`` (generated once, deterministic)."""
    corpus = cache / str(size)
    if corpus.is_dir() and sum(1 for _ in corpus.rglob("*.txt")) == size:
        return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    log(f"generating {size:,} articles into {corpus}")
    make_corpus.generate(corpus, size)
    return corpus


def bench_size(size: int, corpus: Path, work: Path, opts) -> dict[str, float]:
    """Every measure for one corpus, as a flat name → value mapping."""
    m: dict = {"docs": size, "corpus_mb": folder_bytes(corpus) / 1e6}
    totals: dict[str, dict[str, int]] = {}
    m["totals"] = totals
    work.mkdir(parents=True, exist_ok=True)

    def index_with(name: str, cmd: list[str], target: Path) -> None:
        log(f"{size:,}: indexing with {name}")
        run = measure(cmd, sample_tree=True)
        m[f"index_{name}_s"] = run.seconds
        m[f"docs_per_s_{name}"] = size / run.seconds
        m[f"rss_index_{name}_mb"] = run.peak_rss_mb
        m[f"size_{name}_mb"] = folder_bytes(target) / 1e6

    def warm(name: str, target: Path) -> None:
        log(f"{size:,}: warm queries with {name}")
        out = work / f"warm-{name}.json"
        measure(child(f"warm-{name}", target, opts.repeat, out))
        found = json.loads(out.read_text())
        latencies = found["latencies"]
        totals[name] = found["totals"]
        m[f"warm_{name}_per_query_ms"] = {
            query: percentile(runs, 0.5) for query, runs in found["per_query"].items()}
        m[f"warm_{name}_p50_ms"] = percentile(latencies, 0.50)
        m[f"warm_{name}_p95_ms"] = percentile(latencies, 0.95)

    plain_dir, navsok_dir = work / "plain", work / "navsok"
    if not opts.queries_only:
        plain_dir.mkdir()
        index_with("plain", child("plain-index", corpus, plain_dir), plain_dir)
        shutil.rmtree(plain_dir)
    if opts.index:  # --queries-only --index DIR: this corpus's index, already built
        navsok_dir = opts.index
    else:
        index_with("navsok", [str(NAVSOK), "index", str(corpus), "--index", str(navsok_dir)],
                   navsok_dir)
    if opts.queries_only:
        warm("navsok", navsok_dir)
        log(f"{size:,}: cold queries")
        m.update(cold_queries(NAVSOK, navsok_dir, corpus, opts))
        shutil.rmtree(work)
        return m

    tsv = work / "stemmed.tsv"
    log(f"{size:,}: stemming the corpus for FTS5 and tantivy")
    m["analyse_s"] = measure(child("stem", corpus, tsv)).seconds
    db = work / "fts5.sqlite"
    index_with("fts5", child("fts5-index", tsv, db), db)
    tantivy_dir = work / "tantivy"
    if opts.tantivy:
        tantivy_dir.mkdir()
        index_with("tantivy", child("tantivy-index", tsv, tantivy_dir), tantivy_dir)
    tsv.unlink()

    warm("navsok", navsok_dir)
    warm("fts5", db)
    if opts.tantivy:
        warm("tantivy", tantivy_dir)

    log(f"{size:,}: cold queries")
    m.update(cold_queries(NAVSOK, navsok_dir, corpus, opts))
    if opts.html_pages:
        m.update(html_pages_per_second(NAVSOK, corpus, opts.corpus_cache, work, opts.html_pages))
    shutil.rmtree(work)
    return m


# ---------------------------------------------------------------- the run


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        CHILDREN[argv[1]](*argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated corpus sizes [%(default)s]")
    parser.add_argument("--corpus-cache", type=Path, default=BENCH_DIR / ".corpus",
                        help="where generated corpora are kept between runs [%(default)s]")
    parser.add_argument("--work", type=Path, help="scratch folder for the indexes [a temp dir]")
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per query [5]")
    parser.add_argument("--cold-repeat", type=int, default=5,
                        help="cold runs per query class, alternating navsok and rg [5]")
    parser.add_argument("--cold-queries", type=int, default=len(COLD),
                        help="cold-start only the first N query classes")
    parser.add_argument("--html-pages", type=int, default=300,
                        help="HTML pages for the HTML row (0: no HTML row) [300]")
    parser.add_argument("--no-tantivy", dest="tantivy", action="store_false")
    parser.add_argument("--queries-only", action="store_true",
                        help="only navsok: its index, warm and cold queries (a quick re-run)")
    parser.add_argument("--index", type=Path,
                        help="with --queries-only and one size: query this index of the corpus "
                             "(built by navsok index at the current analyser) instead of "
                             "building one")
    parser.add_argument("--no-grep", dest="grep", action="store_false")
    parser.add_argument("--json", type=Path, help="also write the raw measures to this file")
    opts = parser.parse_args(argv)
    if opts.tantivy:
        try:
            import tantivy  # noqa: F401
        except ImportError:
            log("tantivy is not installed (pip install -e '.[bench]'): skipping it")
            opts.tantivy = False
    sizes = [int(s.replace("_", "")) for s in opts.sizes.split(",")]
    if opts.index and not (opts.queries_only and len(sizes) == 1):
        parser.error("--index goes with --queries-only and one --sizes")
    started_on = machine()
    work_root = opts.work or Path(tempfile.mkdtemp(prefix="navsok-bench-"))
    results = {}
    try:
        for size in sizes:
            corpus = ensure_corpus(opts.corpus_cache, size)
            results[size] = bench_size(size, corpus, work_root / str(size), opts)
    finally:
        if not opts.work:
            shutil.rmtree(work_root, ignore_errors=True)
    print(f"navsok benchmark, {dt.date.today()}: {started_on}; at the end: "
          f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"(value (ratio = value ÷ baseline); below 1× is faster or smaller; "
          f"{len(QUERIES)} warm queries × {opts.repeat} runs; target checked at the largest size)")
    print()
    print(table(results))
    print()
    print(f"Matching articles per query at {max(results):,} articles:")
    print()
    print(totals_table(results[max(results)]))
    print()
    print(f"Warm milliseconds per query (median of {opts.repeat} runs, one open session):")
    print()
    print(warm_table(results))
    if opts.json:
        opts.json.write_text(json.dumps({"machine": started_on, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
