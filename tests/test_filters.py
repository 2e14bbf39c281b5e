"""--since/--until decided on the date column give the articles Whoosh's own DateRange
filter gives: the same hits with the same scores, and the same totals."""

from __future__ import annotations

import json
import random
import re
from datetime import date

import pytest

from navsok.cli import main

WORDS = "kake NAV Heimdal marked dagpenger første gang prøveprosjektet og det er på i år".split()
QUERIES = ("kake", "NAV OR kake", "kake AND NAV", '"første gang"', "prøveprosjekt*", "kake NOT NAV")
BOUNDS = (  # both bounds, each alone, a single day, and a range no article is in
    ("2021-03-04", "2023-03-04"), ("2022-06-30", None), (None, "2020-12-31"),
    ("2021-03-04", "2021-03-04"), ("2030-01-01", None),
)


@pytest.fixture(scope="module")
def dated_index(tmp_path_factory):
    """120 small articles, dated 2019-2025 (some on the bounds' very days) or undated."""
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("dated")
    corpus = folder / "corpus"
    corpus.mkdir()
    chooser = random.Random(11)
    days = ["2021-03-04", "2023-03-04", "2022-06-30", "2020-12-31", "2021-03-03", "2023-03-05"]
    for n in range(120):
        day = days[n] if n < len(days) else f"{chooser.randint(2019, 2025)}-{chooser.randint(1, 12):02d}-15"
        dated = f"Publisert: {day}\n" if n % 7 != 6 else ""  # every 7th undated
        source = chooser.choice(("NRK", "NTB"))
        body = " ".join(chooser.choices(WORDS, k=chooser.randint(3, 30)))
        (corpus / f"{n:03d}.txt").write_text(
            f"{chooser.choice(WORDS)} {chooser.choice(WORDS)}\n\nKilde: {source}\n{dated}\n{body}\n", "utf-8"
        )
    index_dir = folder / "ix"
    result = CliRunner().invoke(main, ["index", str(corpus), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    return index_dir


def options(since, until, source=None) -> list[str]:
    found = []
    for name, value in (("--since", since), ("--until", until), ("--source", source)):
        if value:
            found += [name, value]
    return found


def whoosh_filtered(index_dir, query, since, until, source):
    """The hits (path → score) and total of Whoosh's own filter queries, every match scored."""
    from navsok.filters import Filters
    from navsok.parsing import parse_query
    from navsok.store import open_index

    filters = Filters(since=since and date.fromisoformat(since),
                      until=until and date.fromisoformat(until), source=source)
    with open_index(index_dir).searcher() as searcher:
        results = searcher.search(parse_query(query, searcher.schema), limit=None,
                                  filter=filters.query(searcher.schema))
        return {hit["path"]: hit.score for hit in results}


@pytest.mark.parametrize("since, until, source", [
    *((since, until, None) for since, until in BOUNDS), ("2021-03-04", "2023-03-04", "NRK")])
def test_date_filters_give_whooshs_hits_and_totals(runner, dated_index, since, until, source):
    undated_seen = False
    for query in QUERIES:
        expected = whoosh_filtered(dated_index, query, since, until, source)
        args = ["query", query, "--index", str(dated_index), *options(since, until, source)]
        listed = runner.invoke(main, [*args, "--json", "-n", "500"])
        assert listed.exit_code == (0 if expected else 1), listed.output
        hits = [json.loads(line) for line in listed.stdout.splitlines()]
        # JSON rounds scores to 4 decimals
        assert {hit["path"]: pytest.approx(hit["score"], abs=1e-4) for hit in hits} == expected, query
        assert all(hit["date"] for hit in hits)  # a date filter leaves the undated out
        undated_seen |= bool(whoosh_filtered(dated_index, query, None, None, None).keys()
                             - expected.keys())
        counted = runner.invoke(main, [*args, "--count"])
        assert counted.stdout == f"{len(expected)}\n", query
        if len(expected) > 2:  # the total beside the best two, as a terminal shows it
            shown = runner.invoke(main, [*args, "-n", "2", "--color", "always"])
            assert re.search(rf"(?<!\d){len(expected)} hits? for", shown.stdout), query
    assert undated_seen


def test_a_day_range_keeps_its_first_and_last_day(runner, dated_index):
    listed = runner.invoke(main, ["query", "kake OR NAV OR marked OR dagpenger OR gang", "--json",
                                  "-n", "500", "--index", str(dated_index),
                                  "--since", "2021-03-04", "--until", "2023-03-04"])
    days = {json.loads(line)["date"] for line in listed.stdout.splitlines()}
    assert {"2021-03-04", "2023-03-04"} <= days
    assert not days & {"2021-03-03", "2023-03-05"}
