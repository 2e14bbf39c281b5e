"""Measuring search quality on a judged relevance set: nDCG@10 and MRR per query class.

A relevance set is a folder with ``corpus/*.txt`` and ``queries.json``, a list of
``{"id", "class", "query", "judgments": {filename: grade 1-3}}``. Each analyser under
comparison indexes the corpus (plus any extra folders, e.g. the seeds) into a temporary
index, runs every query through :func:`navsok.search.search`, and is scored on the top 10.

    python -m navsok.evaluation tests/relevance seeds     # the table `make eval` prints
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

CUTOFF = 10
OVERALL = "overall"
#: How far below a measured value a recorded baseline sits, to absorb float noise.
BASELINE_MARGIN = 0.005


@dataclass(frozen=True)
class JudgedQuery:
    id: str
    query_class: str
    query: str
    judgments: dict[str, int]  # file name → grade (1 somewhat, 3 exactly relevant)


@dataclass(frozen=True)
class Scores:
    ndcg: float
    mrr: float
    queries: int


def load_queries(relevance_dir: Path) -> list[JudgedQuery]:
    raw = json.loads((relevance_dir / "queries.json").read_text("utf-8"))
    return [
        JudgedQuery(q["id"], q["class"], q["query"], {k: int(v) for k, v in q["judgments"].items()})
        for q in raw
    ]


def ndcg(ranked: list[str], judgments: dict[str, int], cutoff: int = CUTOFF) -> float:
    """Normalised discounted cumulative gain of ``ranked`` file names, gain 2^grade - 1."""

    def dcg(grades: Iterable[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))

    ideal = dcg(sorted(judgments.values(), reverse=True)[:cutoff])
    actual = dcg(judgments.get(name, 0) for name in ranked[:cutoff])
    return actual / ideal if ideal else 0.0


def reciprocal_rank(ranked: list[str], judgments: dict[str, int], cutoff: int = CUTOFF) -> float:
    """1/rank of the first judged-relevant file within the cutoff, else 0."""
    for rank, name in enumerate(ranked[:cutoff], 1):
        if judgments.get(name, 0) > 0:
            return 1.0 / rank
    return 0.0


ANALYSERS = ("snowball", "navsok")


def schema_for(analyser: str):
    """The index schema for ``snowball`` (plain Snowball Norwegian, the baseline) or ``navsok``."""
    from navsok.analysis import snowball_analyzer
    from navsok.index import build_schema

    return build_schema(snowball_analyzer() if analyser == "snowball" else None)


def rankings(
    corpus_dirs: list[Path], queries: list[JudgedQuery], analyser: str
) -> dict[str, list[str]]:
    """Index ``corpus_dirs`` with ``analyser`` and return each query's top file names."""
    from navsok.index import update_index
    from navsok.search import search

    schema = schema_for(analyser)
    with tempfile.TemporaryDirectory(prefix="navsok-eval-") as tmp:
        index_dir = Path(tmp) / "index"
        report = update_index(index_dir, corpus_dirs, schema=schema)
        if report.failed:
            raise RuntimeError(f"could not index {report.failed}")
        return {
            q.id: [Path(hit.path).name for hit in search(index_dir, q.query, limit=CUTOFF).hits]
            for q in queries
        }


def score(queries: list[JudgedQuery], ranked: dict[str, list[str]]) -> dict[str, Scores]:
    """Mean nDCG@10 and MRR per query class, and over all queries (key ``overall``)."""
    groups: dict[str, list[JudgedQuery]] = {}
    for q in queries:
        groups.setdefault(q.query_class, []).append(q)
    groups = dict(sorted(groups.items()))
    groups[OVERALL] = list(queries)
    return {
        name: Scores(
            ndcg=sum(ndcg(ranked[q.id], q.judgments) for q in group) / len(group),
            mrr=sum(reciprocal_rank(ranked[q.id], q.judgments) for q in group) / len(group),
            queries=len(group),
        )
        for name, group in groups.items()
    }


def evaluate(relevance_dir: Path, extra_dirs: list[Path] = ()) -> dict[str, dict[str, Scores]]:
    """Scores per analyser (``snowball``, ``navsok``) and query class."""
    queries, ranked = rank_all(relevance_dir, extra_dirs)
    return {name: score(queries, ranked[name]) for name in ANALYSERS}


def rank_all(
    relevance_dir: Path, extra_dirs: list[Path] = ()
) -> tuple[list[JudgedQuery], dict[str, dict[str, list[str]]]]:
    """The judged queries, and each analyser's top file names per query id."""
    queries = load_queries(relevance_dir)
    corpus = [relevance_dir / "corpus", *extra_dirs]
    return queries, {name: rankings(corpus, queries, name) for name in ANALYSERS}


def query_table(queries: list[JudgedQuery], ranked: dict[str, dict[str, list[str]]]) -> str:
    """A Markdown table with one row per query: its nDCG@10 for each analyser."""
    names = list(ranked)
    rows = [["id", "class", "query"] + [f"nDCG@10 {n}" for n in names]]
    rows.append(["---"] * len(rows[0]))
    for q in queries:
        rows.append([q.id, q.query_class, f"`{q.query}`"]
                    + [f"{ndcg(ranked[n][q.id], q.judgments):.3f}" for n in names])
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def table(results: dict[str, dict[str, Scores]]) -> str:
    """A Markdown table: one row per query class, nDCG@10 and MRR for each analyser."""
    names = list(results)
    classes = list(next(iter(results.values())))
    header = ["class", "queries"] + [f"{m} {n}" for n in names for m in ("nDCG@10", "MRR")]
    rows = [header, ["---"] * len(header)]
    for cls in classes:
        first = results[names[0]][cls]
        row = [f"**{cls}**" if cls == OVERALL else cls, str(first.queries)]
        for name in names:
            s = results[name][cls]
            row += [f"{s.ndcg:.3f}", f"{s.mrr:.3f}"]
        rows.append(row)
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def baseline_record(scores: dict[str, Scores]) -> dict[str, dict[str, float]]:
    """Measured scores lowered by :data:`BASELINE_MARGIN`: the floor a test holds them to."""
    return {
        cls: {
            "ndcg": round(max(0.0, s.ndcg - BASELINE_MARGIN), 4),
            "mrr": round(max(0.0, s.mrr - BASELINE_MARGIN), 4),
        }
        for cls, s in scores.items()
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("relevance_dir", type=Path, help="folder with corpus/ and queries.json")
    parser.add_argument("extra_dirs", type=Path, nargs="*", help="more article folders (seeds)")
    parser.add_argument("--write-baseline", type=Path, metavar="JSON",
                        help="record navsok's scores (minus a small margin) as the test baseline")
    parser.add_argument("--per-query", action="store_true",
                        help="also print each query's nDCG@10 (to see what a change moved)")
    args = parser.parse_args(argv)
    queries, ranked = rank_all(args.relevance_dir, args.extra_dirs)
    results = {name: score(queries, ranked[name]) for name in ANALYSERS}
    print(table(results))
    if args.per_query:
        print()
        print(query_table(queries, ranked))
    if args.write_baseline:
        record = baseline_record(results["navsok"])
        args.write_baseline.write_text(json.dumps(record, indent=2) + "\n", "utf-8")
        print(f"baseline written to {args.write_baseline}")


if __name__ == "__main__":
    main()
