"""What `--by year` costs beside the query itself, on the benchmark's synthetic corpus.

For each query, in one process with the index open (warm), the median of ``--repeat``
runs of: the query as `navsok query` runs it (top 10 with snippets), its exact count
(`--count`), and its counts per year (`--by year`); then, cold, the median wall time of
`navsok query Q` and `navsok query Q --by year` as whole processes. Every ratio is
``--by year`` ÷ the query (below 1 is cheaper). The per-year counts are checked to add up
to the query's count.

Usage: python bench/facets.py [--size 100000] [--corpus-cache bench/.corpus] [--work DIR]
       python bench/facets.py --index DIR          # an index built already
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import make_corpus  # noqa: E402  (bench/ is not a package)

NAVSOK = Path(sys.executable).parent / "navsok"
QUERIES = ("publisert", "år", "barn", "kvalifiseringsprogram", "dagpenger OR sykepenger",
           '"første gang"')


def median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def warm(index_dir: Path, repeat: int) -> list[dict]:
    from navsok import facets
    from navsok.search import Session
    from navsok.store import open_index

    rows = []
    with Session(index_dir) as session, open_index(index_dir).searcher() as searcher:
        for query in QUERIES:
            count = session.count(query)
            by_year = facets.facets_of(searcher, "year", query)
            assert sum(row.count for row in by_year.rows) == by_year.total == count, query
            rows.append({
                "query": query,
                "matches": count,
                "search": median_ms(lambda: session.search(query), repeat),
                "count": median_ms(lambda: session.count(query), repeat),
                "by_year": median_ms(lambda: facets.facets_of(searcher, "year", query), repeat),
            })
    return rows


def cold(index_dir: Path, query: str, repeat: int, *extra: str) -> float:
    command = [str(NAVSOK), "query", query, "--index", str(index_dir), *extra]
    return median_ms(lambda: subprocess.run(command, capture_output=True, check=False), repeat)


def ensure_index(opts) -> Path:
    if opts.index:
        return opts.index
    corpus = opts.corpus_cache / str(opts.size)
    if not (corpus.is_dir() and sum(1 for _ in corpus.rglob("*.txt")) == opts.size):
        print(f"generating {opts.size:,} articles into {corpus}", file=sys.stderr)
        make_corpus.generate(corpus, opts.size)
    index_dir = opts.work / f"facets-{opts.size}"
    print(f"indexing into {index_dir}", file=sys.stderr)
    subprocess.run([str(NAVSOK), "index", str(corpus), "--index", str(index_dir)], check=True,
                   stdout=subprocess.DEVNULL)
    return index_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--corpus-cache", type=Path, default=BENCH_DIR / ".corpus")
    parser.add_argument("--work", type=Path, default=BENCH_DIR / ".corpus")
    parser.add_argument("--index", type=Path, help="measure this index instead")
    parser.add_argument("--repeat", type=int, default=10, help="warm runs per query")
    parser.add_argument("--cold-repeat", type=int, default=5, help="cold runs per query")
    opts = parser.parse_args(argv)
    index_dir = ensure_index(opts)
    print("| query | matches | query, top 10 (warm) | --count (warm) | --by year (warm) | "
          "ratio | `navsok query` (cold) | `… --by year` (cold) | ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in warm(index_dir, opts.repeat):
        plain = cold(index_dir, row["query"], opts.cold_repeat)
        by_year = cold(index_dir, row["query"], opts.cold_repeat, "--by", "year")
        print(f"| `{row['query']}` | {row['matches']:,} | {row['search']:.1f} ms | "
              f"{row['count']:.1f} ms | {row['by_year']:.1f} ms | "
              f"{row['by_year'] / row['search']:.2f}× | {plain:.0f} ms | {by_year:.0f} ms | "
              f"{by_year / plain:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
