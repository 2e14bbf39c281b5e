"""Paradigms found whole with navsok's full lexicon (nothing held out) against plain Snowball.

The conflation report (`make eval`) measures the lexicon's sources only on their held-out
split; this prints what a user sees on every source's dictionary paradigms with the lexicon
as shipped (``hunspell-nb`` is no source of the lexicon, so its rows are held out anyway):

    .venv/bin/python bench/lexicon_coverage.py --size 200
"""

from __future__ import annotations

import argparse

from navsok.conflation import measure
from navsok.dictfiles import POS
from navsok.paradigms import SOURCES_OF, STANDARD_NAMES, paradigms, sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="paradigms per set [200]")
    args = parser.parse_args(argv)
    print("| set | source | paradigms | whole navsok | whole Snowball | forms navsok | "
          "forms Snowball | unrelated/query navsok | unrelated/query Snowball |")
    print("|---|---|---|---|---|---|---|---|---|")
    for standard, sources in SOURCES_OF.items():
        for source in sources:
            for pos in POS:
                chosen = sample(paradigms(pos, source), args.size)
                ours, snowball = measure(chosen, "navsok"), measure(chosen, "snowball")
                print(f"| {pos} {STANDARD_NAMES[standard]} | {source} | {ours.paradigms} | "
                      f"{ours.whole_share:.1%} | {snowball.whole_share:.1%} | "
                      f"{ours.forms_share:.1%} | {snowball.forms_share:.1%} | "
                      f"{ours.unrelated_per_query:.3f} | {snowball.unrelated_per_query:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
