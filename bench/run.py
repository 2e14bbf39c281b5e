"""navsok's benchmark: index and query the same synthetic corpus with navsok and its anchors.

For each corpus size it measures, in one run and on the same files:

* index time and docs/s: a plain single-process Whoosh writer with navsok's schema and
  analyser (the baseline), ``navsok index`` (tuned), SQLite FTS5 and tantivy (both fed
  the text already stemmed by navsok's analyser, so only the engines differ);
* index size against the corpus size; peak RSS of indexing and of a query;
* warm query latency p50/p95 over a fixed query mix, in one process (FTS5 is the baseline);
* cold ``navsok query`` wall time, process start to exit, beside ``rg -i`` (``grep -ri``
  when ripgrep is absent) over the raw files.

Every figure is printed with its ratio to its baseline (value ÷ baseline; below 1 is
faster or smaller), since absolute times vary between machines. Each measured program
runs as a child process: its peak RSS comes from ``wait4`` (and, for the indexers, from
sampling the PSS of the whole process tree, as Whoosh's multiprocess writer forks).

Usage: python bench/run.py [--sizes 1000,10000,100000] [--corpus-cache DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import make_corpus  # noqa: E402  (bench/ is not a package)

NAVSOK = Path(sys.executable).parent / "navsok"
FIELDS = ("title", "body", "parts")  # parts: the terms of compound parts, as navsok indexes
NO_HITS_OK = (0, 1)  # navsok and grep exit 1 when nothing matches


@dataclass(frozen=True)
class Query:
    """One query of the fixed mix: its kind, navsok syntax, and a literal for grep (or None)."""

    kind: str
    text: str
    literal: str | None


QUERIES: tuple[Query, ...] = (
    Query("frequent", "år", "år"),
    Query("frequent (every article)", "publisert", "publisert"),
    Query("single", "barn", "barn"),
    Query("single", "dagpenger", "dagpenger"),
    Query("compound", "kvalifiseringsprogram", "kvalifiseringsprogram"),
    Query("compound", "arbeidsmarked", "arbeidsmarked"),
    Query("rare", "ytringsfriheten", "ytringsfriheten"),
    Query("rare", "ørret", "ørret"),
    Query("phrase", "\"første gang\"", "første gang"),
    Query("phrase (rare)", '"NAV Gjøvik"', "NAV Gjøvik"),
    Query("two terms", "sykepenger Heimdal", None),
    Query("or", "dagpenger OR sykepenger", None),
    Query("wildcard", "prøveprosjekt*", None),
)


# ---------------------------------------------------------------- measuring child processes


@dataclass
class Run:
    """What one child process cost."""

    seconds: float
    peak_rss_mb: float


def tree_memory_bytes(root: int) -> int:
    """Memory of ``root`` and all its descendants, from /proc: the sum of their PSS
    (proportional set size: pages shared after a fork count once, not once per process)."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_bytes(pid)
        todo.extend(_children(pid))
    return total


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (read from its threads' ``children`` lists)."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", "rb") as f:
                found.extend(int(child) for child in f.read().split())
    except OSError:
        pass
    return found


def _pss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(cmd: list[str], sample_tree: bool = False, ok=(0,)) -> Run:
    """Run ``cmd`` to its end; its wall time and peak RSS (MB).

    The peak is the largest RSS of one process (``wait4``) or, when ``sample_tree``, the
    largest memory of the whole process tree (:func:`tree_memory_bytes`) if that is more.
    Raises if it exits with a status not in ``ok``.
    """
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)
        peak_tree = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG if sample_tree else 0)
            if pid:
                break
            peak_tree = max(peak_tree, tree_memory_bytes(proc.pid))
            time.sleep(0.25)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            errors.seek(0)
            raise RuntimeError(f"{cmd} failed ({proc.returncode}): {errors.read().decode()}")
    peak = max(usage.ru_maxrss * 1024, peak_tree)
    return Run(seconds, peak / 1e6)


def child(name: str, *args) -> list[str]:
    """The command line that runs ``name`` (one of :data:`CHILDREN`) in a fresh process."""
    return [sys.executable, str(Path(__file__).resolve()), "_child", name, *map(str, args)]


# ---------------------------------------------------------------- what the children do


def plain_index(corpus: str, index_dir: str) -> None:
    """The baseline: one Whoosh writer with default settings and navsok's schema/analyser."""
    from whoosh import index

    from navsok.documents import find_files, read_article
    from navsok.index import build_schema, document_fields

    ix = index.create_in(index_dir, build_schema())
    writer = ix.writer()
    for path in find_files([Path(corpus)]):
        article = read_article(path)
        writer.add_document(**document_fields(article))
    writer.commit()


def stem_corpus(corpus: str, out: str) -> None:
    """Write ``path<TAB>title terms<TAB>body terms<TAB>compound part terms`` per article:
    the engines' shared input."""
    from navsok.analysis import compound_parts_analyzer, terms
    from navsok.documents import find_files, read_article

    parts_analyzer = compound_parts_analyzer()
    with open(out, "w", encoding="utf-8") as f:
        for path in find_files([Path(corpus)]):
            article = read_article(path)
            title, body = (" ".join(terms(text)) for text in (article.title, article.body))
            parts = " ".join(terms(f"{article.title}\n{article.body}", parts_analyzer))
            f.write(f"{article.path}\t{title}\t{body}\t{parts}\n")


def stemmed_rows(tsv: str):
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n").split("\t")


def fts5_index(tsv: str, db: str) -> None:
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE docs USING fts5("
        "path UNINDEXED, title, body, parts, tokenize='unicode61 remove_diacritics 0')"
    )
    with con:
        con.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", stemmed_rows(tsv))
    con.close()


def tantivy_index(tsv: str, index_dir: str) -> None:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    for name in FIELDS:
        builder.add_text_field(name, tokenizer_name="whitespace")
    index = tantivy.Index(builder.build(), path=index_dir)
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    for path, title, body, parts in stemmed_rows(tsv):
        writer.add_document(tantivy.Document(path=path, title=title, body=body, parts=parts))
    writer.commit()
    writer.wait_merging_threads()


def engine_query(query: str, dialect: str) -> str | None:
    """``query`` (navsok syntax) over the stemmed terms, in FTS5's or tantivy's syntax."""
    import itertools

    from navsok.analysis import norwegian_analyzer

    def readings_by_word(text: str) -> list[list[str]]:
        words: dict[tuple[int, int], list[str]] = {}
        for token in norwegian_analyzer()(text, chars=True, mode="query"):
            words.setdefault((token.startchar, token.endchar), []).append(token.text)
        return list(words.values())

    def any_of(options: list[str]) -> str:
        quoted = [f'"{option}"' for option in options]
        return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"

    out = []
    for match in re.finditer(r'"([^"]*)"|(\S+)', query):
        phrase, word = match.groups()
        if word == "OR":
            out.append("OR")
        elif word and word.endswith("*"):
            prefix = word[:-1].lower()
            out.append(f'"{prefix}"*')
        elif phrase is not None:
            # A word's readings sit at one place: the phrase of each combination of them.
            words = readings_by_word(phrase)
            if words:
                out.append(any_of([" ".join(c) for c in itertools.product(*words)]))
        else:
            out.extend(any_of(readings) for readings in readings_by_word(word))
    if dialect == "tantivy" and "OR" not in out:
        out = ["+" + part for part in out]  # tantivy's parser ORs by default
    if dialect == "fts5" and "OR" not in out:
        return " AND ".join(out) or None  # FTS5 wants AND spelt out beside a bracket
    return " ".join(out) or None


def time_queries(run_query: Callable[[str], int], repeat: int, out: str) -> None:
    """Write the milliseconds per run of each query of the mix (after one warm-up run each)
    and each query's number of matching articles, as JSON to ``out``."""
    latencies, totals = [], {}
    for query in QUERIES:
        totals[query.text] = run_query(query.text)
        for _ in range(int(repeat)):
            started = time.perf_counter()
            run_query(query.text)
            latencies.append((time.perf_counter() - started) * 1000)
    Path(out).write_text(json.dumps({"latencies": latencies, "totals": totals}))


def warm_navsok(index_dir: str, repeat: str, out: str) -> None:
    """navsok's queries through one open session, as the interactive shell runs them."""
    from navsok.search import Session

    with Session(Path(index_dir)) as session:
        time_queries(lambda q: session.search(q, limit=10).total, repeat, out)


def warm_fts5(db: str, repeat: str, out: str) -> None:
    con = sqlite3.connect(db)

    def run(query: str):
        match = engine_query(query, "fts5")
        total = con.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()
        rows = con.execute(
            "SELECT path FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10", (match,)
        ).fetchall()
        return total[0] if rows else 0

    time_queries(run, repeat, out)


def tantivy_query(index, query: str):
    """The tantivy query for ``query``; a prefix becomes a regex (its parser has none)."""
    import tantivy

    if query.endswith("*") and " " not in query:
        pattern = re.escape(query[:-1].lower()) + ".*"
        return tantivy.Query.boolean_query([
            (tantivy.Occur.Should, tantivy.Query.regex_query(index.schema, name, pattern))
            for name in FIELDS
        ])
    return index.parse_query(engine_query(query, "tantivy"), list(FIELDS))


def warm_tantivy(index_dir: str, repeat: str, out: str) -> None:
    import tantivy

    index = tantivy.Index.open(index_dir)
    searcher = index.searcher()

    def run(query: str):
        found = searcher.search(tantivy_query(index, query), 10)
        [searcher.doc(address)["path"] for _, address in found.hits]
        return found.count

    time_queries(run, repeat, out)


CHILDREN: dict[str, Callable[..., None]] = {
    "plain-index": plain_index,
    "stem": stem_corpus,
    "fts5-index": fts5_index,
    "tantivy-index": tantivy_index,
    "warm-navsok": warm_navsok,
    "warm-fts5": warm_fts5,
    "warm-tantivy": warm_tantivy,
}


# ---------------------------------------------------------------- one corpus size


def ensure_corpus(cache: Path, size: int) -> Path:
    """The corpus of ``size`` articles in ``cache`` (generated once, deterministic)."""
    corpus = cache / str(size)
    if corpus.is_dir() and sum(1 for _ in corpus.rglob("*.txt")) == size:
        return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    log(f"generating {size:,} articles into {corpus}")
    make_corpus.generate(corpus, size)
    return corpus


def folder_bytes(path: Path) -> int:
    """The size of a file, or of all files below a folder."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def grep_command() -> list[str] | None:
    """``rg -i -l -F`` if ripgrep is installed, else ``grep -r -i -l -F``."""
    if shutil.which("rg"):
        return ["rg", "-i", "-l", "-F", "-e"]
    if shutil.which("grep"):
        return ["grep", "-r", "-i", "-l", "-F", "-e"]
    return None


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
        m[f"warm_{name}_p50_ms"] = percentile(latencies, 0.50)
        m[f"warm_{name}_p95_ms"] = percentile(latencies, 0.95)

    plain_dir, navsok_dir = work / "plain", work / "navsok"
    plain_dir.mkdir()
    index_with("plain", child("plain-index", corpus, plain_dir), plain_dir)
    shutil.rmtree(plain_dir)
    index_with("navsok", [str(NAVSOK), "index", str(corpus), "--index", str(navsok_dir)],
               navsok_dir)

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
    literal_queries = [q for q in QUERIES if q.literal][: opts.cold_queries]
    cold_runs = [
        measure([str(NAVSOK), "query", q.text, "--index", str(navsok_dir)], ok=NO_HITS_OK)
        for q in literal_queries
        for _ in range(opts.cold_repeat)
    ]
    m["cold_navsok_ms"] = statistics.median(r.seconds for r in cold_runs) * 1000
    m["cold_navsok_max_ms"] = max(r.seconds for r in cold_runs) * 1000
    m["rss_query_navsok_mb"] = max(r.peak_rss_mb for r in cold_runs)
    grep = grep_command() if opts.grep else None
    if grep:
        grep_runs = [
            measure([*grep, q.literal, str(corpus)], ok=NO_HITS_OK)
            for q in literal_queries
            for _ in range(opts.cold_repeat)
        ]
        m["cold_grep_ms"] = statistics.median(r.seconds for r in grep_runs) * 1000
        m["cold_grep_max_ms"] = max(r.seconds for r in grep_runs) * 1000
        m["rss_query_grep_mb"] = max(r.peak_rss_mb for r in grep_runs)
    shutil.rmtree(work)
    return m


# ---------------------------------------------------------------- the table


@dataclass(frozen=True)
class Row:
    """One line of the table: a measure, its unit, its baseline and, maybe, its target."""

    key: str
    label: str
    unit: str
    baseline: str | None = None
    target: str = ""
    holds: Callable[[dict], bool] | None = None
    extra: Callable[[dict], str] | None = None


def _docs_per_s(name: str) -> Callable[[dict], str]:
    return lambda m: f"{m[f'docs_per_s_{name}']:,.0f} docs/s"


GREP = "rg -i" if shutil.which("rg") else "grep -ri"

ROWS: tuple[Row, ...] = (
    Row("index_plain_s", "index: plain Whoosh writer, 1 process (baseline)", "s",
        extra=_docs_per_s("plain")),
    Row("index_navsok_s", "index: `navsok index`", "s", "index_plain_s",
        "≥1.5× faster than plain", lambda m: m["index_navsok_s"] * 1.5 <= m["index_plain_s"],
        _docs_per_s("navsok")),
    Row("analyse_s", "stem the corpus only (navsok analyser)", "s", "index_plain_s"),
    Row("index_fts5_s", "index: SQLite FTS5, pre-stemmed", "s", "index_plain_s",
        extra=_docs_per_s("fts5")),
    Row("index_tantivy_s", "index: tantivy, pre-stemmed", "s", "index_plain_s",
        extra=_docs_per_s("tantivy")),
    Row("corpus_mb", "corpus size (baseline)", "MB"),
    Row("size_navsok_mb", "index size: navsok (stores the text)", "MB", "corpus_mb"),
    Row("size_fts5_mb", "index size: FTS5 (stemmed text only)", "MB", "corpus_mb"),
    Row("size_tantivy_mb", "index size: tantivy (no stored text)", "MB", "corpus_mb"),
    Row("rss_index_plain_mb", "peak RSS: plain Whoosh writer", "MB"),
    Row("rss_index_navsok_mb", "peak RSS: `navsok index` (all processes)", "MB",
        "rss_index_plain_mb", "≤500 MB", lambda m: m["rss_index_navsok_mb"] <= 500),
    Row("warm_fts5_p50_ms", "warm query p50: FTS5 (baseline)", "ms"),
    Row("warm_fts5_p95_ms", "warm query p95: FTS5 (baseline)", "ms"),
    Row("warm_navsok_p50_ms", "warm query p50: navsok, top 10 + snippets", "ms",
        "warm_fts5_p50_ms"),
    Row("warm_navsok_p95_ms", "warm query p95: navsok, top 10 + snippets", "ms",
        "warm_fts5_p95_ms", "≤50 ms", lambda m: m["warm_navsok_p95_ms"] <= 50),
    Row("warm_tantivy_p50_ms", "warm query p50: tantivy", "ms", "warm_fts5_p50_ms"),
    Row("warm_tantivy_p95_ms", "warm query p95: tantivy", "ms", "warm_fts5_p95_ms"),
    Row("cold_grep_ms", f"cold: `{GREP} -l` over the files, median (baseline)", "ms"),
    Row("cold_navsok_ms", "cold: `navsok query`, start to exit, median", "ms", "cold_grep_ms",
        f"≤300 ms and < {GREP}",
        lambda m: m["cold_navsok_ms"] <= 300 and m["cold_navsok_ms"] < m.get("cold_grep_ms", 0)),
    Row("cold_navsok_max_ms", "cold: `navsok query`, slowest", "ms", "cold_grep_max_ms"),
    Row("rss_query_grep_mb", f"peak RSS: `{GREP}`", "MB"),
    Row("rss_query_navsok_mb", "peak RSS: `navsok query`", "MB", "rss_query_grep_mb",
        "≤500 MB", lambda m: m["rss_query_navsok_mb"] <= 500),
)


def cell(row: Row, m: dict) -> str:
    if row.key not in m:
        return "n/a"
    value = m[row.key]
    text = f"{value:,.2f}" if value < 10 else f"{value:,.0f}"
    text += f" {row.unit}"
    if row.extra:
        text += f", {row.extra(m)}"
    if row.baseline and m.get(row.baseline):
        text += f" ({value / m[row.baseline]:.2f}×)"
    return text


def target_cell(row: Row, results: dict[int, dict]) -> str:
    """The target and whether it holds at the largest size measured."""
    if not row.target:
        return ""
    largest = results[max(results)]
    if row.key not in largest:
        return row.target
    try:
        mark = "✓" if row.holds(largest) else "✗"
    except KeyError:
        mark = "?"
    return f"{row.target} {mark}"


def table(results: dict[int, dict]) -> str:
    sizes = sorted(results)
    lines = [
        "| measure | " + " | ".join(f"{s:,} articles" for s in sizes) + " | target |",
        "|---" * (len(sizes) + 2) + "|",
    ]
    for row in ROWS:
        cells = [cell(row, results[s]) for s in sizes]
        lines.append(f"| {row.label} | " + " | ".join(cells) + f" | {target_cell(row, results)} |")
    return "\n".join(lines)


def totals_table(m: dict) -> str:
    """Matching articles per query and engine: the engines see the same terms, so they agree."""
    engines = list(m["totals"])
    lines = [
        "| query | kind | " + " | ".join(engines) + " |",
        "|---" * (len(engines) + 2) + "|",
    ]
    for query in QUERIES:
        counts = " | ".join(f"{m['totals'][e].get(query.text, 0):,}" for e in engines)
        lines.append(f"| `{query.text}` | {query.kind} | {counts} |")
    return "\n".join(lines)


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, load average {load}"
    )


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


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
    parser.add_argument("--cold-repeat", type=int, default=3, help="cold runs per query [3]")
    parser.add_argument("--cold-queries", type=int, default=len(QUERIES),
                        help="cold-start only the first N literal queries of the mix")
    parser.add_argument("--no-tantivy", dest="tantivy", action="store_false")
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
    if opts.json:
        opts.json.write_text(json.dumps({"machine": started_on, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
