"""Query syntax fuzz: random strings of operators, quotes, brackets, field prefixes,
wildcards and unicode never crash `navsok query`: no traceback, exit 0, 1 or 2, and an
exit 2 is one line on stderr. Seeded, so a failure is repeatable
(NAVSOK_FUZZ_QUERIES=N for a longer run)."""

from __future__ import annotations

import os
import random

from navsok.cli import main

SEED = 13
QUERIES = int(os.environ.get("NAVSOK_FUZZ_QUERIES", "500"))
PIECES = (
    "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "and", "or", "(", ")", "[", "]", "{", "}", '"',
    "'", "*", "?", "~", "~2", "^", "^3", ":", "title:", "body:", "source:", "date:", "path:",
    "parts:", "url:", "nope:", "TO", "-", "+", "\\", "/", "<", ">", "=", ",", ".", "..",
    "NAV", "kvalifiseringsprogram", "søknad", "prøve", "æøå", "ÆØÅ", "2026", "2026-11-24",
    "24.11.2026", "é", "ß", "日本", "🙂", "\u0301", "\u200b", "\x00", "\t", " ", " ", " ",
)


def random_query(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8)))


def test_random_query_syntax_never_crashes(navsok):
    rng = random.Random(SEED)
    failures = []
    for _ in range(QUERIES):
        query = random_query(rng)
        result = navsok("query", "--format", "plain", "--", query)  # a leading - is no option
        one_error_line = result.exit_code != 2 or (
            result.stderr.startswith("navsok: ") and result.stderr.count("\n") == 1
        )
        if (result.exit_code not in (0, 1, 2) or "Traceback" in result.output
                or "internal error" in result.stderr or not one_error_line):
            failures.append((query, result.exit_code, result.stderr[-200:]))
    assert failures == [], failures[:5]
