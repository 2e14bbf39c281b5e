"""Search quality on the judged relevance set in tests/relevance: nDCG@10 and MRR.

The recorded baseline (tests/relevance/baseline.json) is navsok's measured score per query
class minus a small margin; re-record it with
``python -m navsok.evaluation tests/relevance seeds --write-baseline tests/relevance/baseline.json``
when a change improves the scores.
"""

import json

import pytest

from conftest import ROOT, SEEDS
from navsok.evaluation import OVERALL, evaluate, load_queries, ndcg, reciprocal_rank

RELEVANCE = ROOT / "tests" / "relevance"
CLASSES = {"inflection", "compound", "nynorsk", "variant", "phrase", "precision"}


@pytest.fixture(scope="module")
def results():
    return evaluate(RELEVANCE, [SEEDS])


def test_judged_set_is_large_enough_and_every_judged_file_exists():
    queries = load_queries(RELEVANCE)
    articles = {p.name for p in (RELEVANCE / "corpus").glob("*.txt")} | {p.name for p in SEEDS.glob("*.txt")}
    assert len(articles) >= 40 and len(queries) >= 30
    assert {q.query_class for q in queries} == CLASSES
    for q in queries:
        assert q.judgments and set(q.judgments) <= articles, q.id
        assert set(q.judgments.values()) <= {1, 2, 3}, q.id


def test_navsok_holds_the_recorded_baseline_in_every_class(results):
    baseline = json.loads((RELEVANCE / "baseline.json").read_text("utf-8"))
    assert set(baseline) == set(results["navsok"])
    for cls, floor in baseline.items():
        measured = results["navsok"][cls]
        assert measured.ndcg >= floor["ndcg"], (cls, measured)
        assert measured.mrr >= floor["mrr"], (cls, measured)


def test_navsok_beats_plain_snowball_overall(results):
    ours, snowball = results["navsok"][OVERALL], results["snowball"][OVERALL]
    assert ours.ndcg > snowball.ndcg
    assert ours.mrr > snowball.mrr


def test_ndcg_and_mrr_on_hand_computed_rankings():
    judged = {"a": 3, "b": 1}
    assert ndcg(["a", "b", "x"], judged) == pytest.approx(1.0)
    # b first, a second: (1/log2(2) + 7/log2(3)) / (7/log2(2) + 1/log2(3))
    assert ndcg(["b", "a"], judged) == pytest.approx((1 + 7 / 1.58496) / (7 + 1 / 1.58496), rel=1e-4)
    assert ndcg(["x", "y"], judged) == 0.0
    assert reciprocal_rank(["x", "b", "a"], judged) == 0.5
    assert reciprocal_rank(["x"] * 10 + ["a"], judged) == 0.0  # beyond the top 10


def test_make_eval_prints_the_class_table_and_per_query_rows(capsys):
    from navsok.evaluation import main

    main([str(RELEVANCE), str(SEEDS), "--per-query"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "| class | queries | nDCG@10 snowball | MRR snowball | nDCG@10 navsok | MRR navsok |"
    assert any(line.startswith("| **overall** | ") for line in lines)
    assert any(line.startswith("| q08 | compound | `marked` | ") for line in lines)
