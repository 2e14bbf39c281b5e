"""The held-out conflation report: does a search for a word find every form of it?

For each part of speech and written standard, a sample of dictionary paradigms (see
:mod:`navsok.paradigms`) becomes one tiny article per distinct form, indexed with the real
schema through :func:`navsok.index.update_index`; each paradigm's dictionary form is then
the query, run through :class:`navsok.search.Session`. Per set:

* **paradigms whole**: the share of queries that find the article of every form;
* **forms found**: the share of all (paradigm, form) pairs found by their paradigm's query;
* **unrelated per query**: articles found whose form is in none of the query's forms
  (a form of several paradigms is relevant to each); in brackets, those found through the
  words themselves, not through navsok's compound parts (``avtale`` finding
  *bytteavtale* is by design; ``beste`` finding *gode* is not).

navsok is measured beside plain Snowball (the baseline of :mod:`navsok.evaluation`), on
paradigms its analyser never saw: a dictionary it is not built from (``--split none``), or,
once :mod:`navsok.lexicon` offers it, the 10 % of lemmas its lexicon leaves out under
``NAVSOK_LEXICON_HOLDOUT=1`` (``--split holdout``, run in a child process).

    python -m navsok.conflation                  # the table `make eval` prints
    python -m navsok.conflation --size 200 --failures 5
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from navsok.dictfiles import POS, SourceMissing
from navsok.paradigms import (
    OPTIONAL_SOURCES, SOURCES_OF, STANDARD_NAMES, STANDARDS, Paradigm, is_installed,
    paradigms, sample,
)

#: Paradigms per part of speech and standard in `make eval` (`--full` takes them all).
DEFAULT_SIZE = 1000
ANALYSERS = ("navsok", "snowball")
HOLDOUT_ENV = "NAVSOK_LEXICON_HOLDOUT"
#: ``--half``: the two halves of each dictionary's lemmas.
HALVES = ("a", "b")
GOALS = ("goals (issue 10), paradigms whole Bokmål/Nynorsk: nouns ≥97/≥95 %, verbs ≥95/≥93 %, "
         "adjectives ≥97/≥95 %; ≤0.05 unrelated articles per query")


@dataclass
class Figures:
    """What one analyser did on one set of paradigms."""

    paradigms: int = 0
    whole: int = 0
    forms: int = 0
    forms_found: int = 0
    unrelated: int = 0
    #: unrelated articles found through title or body, not only through compound parts
    unrelated_words: int = 0
    #: (lemma, forms it missed, unrelated forms it found), for ``--failures``
    failures: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    @property
    def whole_share(self) -> float:
        return _ratio(self.whole, self.paradigms)

    @property
    def forms_share(self) -> float:
        return _ratio(self.forms_found, self.forms)

    @property
    def unrelated_per_query(self) -> float:
        return _ratio(self.unrelated, self.paradigms)

    @property
    def unrelated_words_per_query(self) -> float:
        return _ratio(self.unrelated_words, self.paradigms)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def measure(chosen: list[Paradigm], analyser: str) -> Figures:
    """Index one article per form of ``chosen`` with ``analyser`` and query each lemma."""
    from navsok.errors import NavsokError
    from navsok.evaluation import schema_for
    from navsok.index import update_index
    from navsok.search import Session

    forms = sorted({form for p in chosen for form in p.forms})
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="navsok-conflation-") as tmp:
        articles = Path(tmp) / "forms.jsonl"
        articles.write_text(
            "".join(json.dumps({"id": str(i), "body": f}, ensure_ascii=False) + "\n"
                    for i, f in enumerate(forms)), "utf-8")
        index_dir = Path(tmp) / "index"
        report = update_index(index_dir, [articles], schema=schema_for(analyser))
        if report.failures:
            raise RuntimeError(f"could not index the forms: {report.failed[:3]}")
        with Session(index_dir) as session:

            def found(query: str) -> set[str]:
                try:
                    result = session.search(query, limit=len(forms), snippets=0)
                except NavsokError:  # a stopword alone: the query has no words left
                    return set()
                return {forms[int(hit.path.rsplit("#", 1)[1])] for hit in result.hits}

            for p in chosen:
                hits = found(p.lemma)
                missed = sorted(p.forms - hits)
                unrelated = sorted(hits - p.forms)
                if unrelated:  # body: alone leaves out the compound-parts field
                    figures.unrelated_words += len(found(f"body:{p.lemma}") & set(unrelated))
                figures.paradigms += 1
                figures.whole += not missed
                figures.forms += len(p.forms)
                figures.forms_found += len(p.forms) - len(missed)
                figures.unrelated += len(unrelated)
                if missed or unrelated:
                    figures.failures.append((p.lemma, missed, unrelated))
    return figures


def held_out_split():
    """``navsok.lexicon.is_held_out`` when the lexicon offers a held-out split, else None."""
    try:
        from navsok.lexicon import is_held_out
    except ImportError:
        return None
    return is_held_out


def lexicon_sources() -> tuple[str, ...]:
    """The dictionaries navsok's analyser is built from (``navsok.lexicon.SOURCES``)."""
    try:
        from navsok.lexicon import SOURCES
    except ImportError:
        return ("simplemma", "wordfreq")  # the analyser before its own lexicon
    return tuple(SOURCES)


def is_used(source: str) -> bool:
    """Whether the analyser's lexicon is built from ``source`` (``ordbank-nb`` is used when
    :data:`navsok.lexicon.SOURCES` names ``ordbank-nb`` or ``ordbank``)."""
    used = lexicon_sources()
    return source in used or source.split("-")[0] in used


def run(size: int | None, split: str, pos_list=POS, standards=STANDARDS,
        half: str | None = None) -> list[dict]:
    """One row per source × part of speech × analyser, as plain dicts (JSON-ready): with
    ``split="none"`` the sources the analyser is not built from, whole; with ``"holdout"``
    the sources it is built from, only the lemmas its lexicon left out."""
    keep = held_out_split() if split == "holdout" else None
    if half is not None:  # the lemmas of one half, by a hash: look at one, judge on the other
        keep = lambda lemma: zlib.crc32(lemma.encode()) % 2 == HALVES.index(half)  # noqa: E731
    if split == "holdout" and keep is None:
        raise RuntimeError("this navsok has no held-out split (navsok.lexicon.is_held_out)")
    if (split == "holdout") != (os.environ.get(HOLDOUT_ENV) == "1"):
        raise RuntimeError(f"--split holdout needs {HOLDOUT_ENV}=1 and the other splits need it "
                           "unset (the default --split auto sets it for its child run)")
    rows = []
    absent = missing()
    chosen_sources = [source for standard in standards for source in SOURCES_OF[standard]
                      if is_used(source) == (split == "holdout") and source not in absent]
    for source in chosen_sources:
        for pos in pos_list:
            chosen = sample(paradigms(pos, source, keep), size)
            if not chosen:
                continue
            for analyser in ANALYSERS:
                row = {"pos": pos, "standard": chosen[0].standard, "analyser": analyser,
                       "source": source, "split": split}
                row.update(asdict(measure(chosen, analyser)))
                rows.append(row)
    return rows


def missing() -> list[str]:
    """The optional sources (:data:`navsok.paradigms.OPTIONAL_SOURCES`) not installed here."""
    return sorted(source for source in OPTIONAL_SOURCES if not is_installed(source))


def run_holdout_child(size: int | None, pos_list, standards) -> list[dict]:
    """:func:`run` with the split, in a child process whose lexicon leaves the split out."""
    argv = [sys.executable, "-m", "navsok.conflation", "--split", "holdout", "--json",
            "--pos", ",".join(pos_list), "--standard", ",".join(standards)]
    argv += ["--full"] if size is None else ["--size", str(size)]
    env = dict(os.environ, **{HOLDOUT_ENV: "1"})
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the held-out run failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)


def report_rows(size: int | None, split: str = "auto", pos_list=POS,
                standards=STANDARDS) -> list[dict]:
    """The report's rows: on the dictionaries the analyser was not built from, and (with
    ``auto``, when the lexicon has one) on its held-out split."""
    if split == "holdout":
        return run(size, "holdout", pos_list, standards)
    rows = run(size, "none", pos_list, standards)
    if split == "auto" and held_out_split() is not None:
        rows += run_holdout_child(size, pos_list, standards)
    return rows


def _figures(row: dict) -> Figures:
    return Figures(**{k: row[k] for k in ("paradigms", "whole", "forms", "forms_found",
                                           "unrelated", "unrelated_words", "failures")})


def table(rows: list[dict]) -> str:
    """A Markdown table: per part of speech and standard, navsok beside plain Snowball."""
    header = ["set", "source / split", "paradigms", "whole navsok", "whole Snowball",
              "forms navsok", "forms Snowball", "unrelated/query navsok (not via parts)",
              "unrelated/query Snowball"]
    lines = [header, ["---"] * len(header)]
    by_set: dict[tuple, dict[str, Figures]] = {}
    for row in rows:
        key = (row["split"], row["standard"], row["pos"], row["source"])
        by_set.setdefault(key, {})[row["analyser"]] = _figures(row)
    for (split, standard, pos, source), result in by_set.items():
        ours, base = result["navsok"], result["snowball"]
        where = source if split == "none" else f"{source}, held-out 10 %"
        lines.append([f"{pos} {STANDARD_NAMES[standard]}", where, str(ours.paradigms),
                      f"{ours.whole_share:.1%}", f"{base.whole_share:.1%}",
                      f"{ours.forms_share:.1%}", f"{base.forms_share:.1%}",
                      f"{ours.unrelated_per_query:.3f} ({ours.unrelated_words_per_query:.3f})",
                      f"{base.unrelated_per_query:.3f}"])
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def failures(rows: list[dict], count: int) -> str:
    """The first ``count`` paradigms navsok did not find whole, or found too much for."""
    out = []
    for row in rows:
        if row["analyser"] != "navsok" or not row["failures"]:
            continue
        out.append(f"{row['pos']} {STANDARD_NAMES[row['standard']]} ({row['split']}):")
        for lemma, missed, unrelated in row["failures"][:count]:
            out.append(f"  {lemma}: missed {' '.join(missed) or '-'}; "
                       f"unrelated {' '.join(unrelated) or '-'}")
    return "\n".join(out)


def _choices(text: str, allowed) -> tuple[str, ...]:
    chosen = tuple(t for t in text.split(",") if t)
    unknown = set(chosen) - set(allowed)
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(allowed)}")
    return chosen


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not the usage block
        print(f"navsok.conflation: {message} (see --help)", file=sys.stderr)
        raise SystemExit(2)


def main(argv: list[str] | None = None) -> None:
    parser = _Parser(
        description=__doc__.splitlines()[0],
        epilog="examples: python -m navsok.conflation --size 300 --pos verb --standard nn "
               "--failures 10")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE,
                        help=f"paradigms per part of speech and standard (default {DEFAULT_SIZE})")
    parser.add_argument("--full", action="store_true", help="every paradigm (slow: an hour or more)")
    parser.add_argument("--pos", type=lambda t: _choices(t, POS), default=POS,
                        help="noun,verb,adj (default all)")
    parser.add_argument("--standard", type=lambda t: _choices(t, STANDARDS), default=STANDARDS,
                        help="nb,nn (default both)")
    parser.add_argument("--split", choices=("auto", "none", "holdout"), default="auto",
                        help="none: the whole held-out dictionaries; holdout: the lexicon's "
                             "held-out 10 %%; auto (default): both when the lexicon has a split")
    parser.add_argument("--half", choices=HALVES,
                        help="with --split none: only the lemmas of one half (by a hash), to "
                             "tune on one half and measure on the other")
    parser.add_argument("--failures", type=int, default=0, metavar="N",
                        help="also list N paradigms per set that navsok missed (for engineers: "
                             "tuning to this list does not carry over to other dictionaries)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    if args.size < 1:
        parser.error("--size must be at least 1")
    size = None if args.full else args.size
    if args.half and args.split != "none":
        parser.error("--half needs --split none")
    try:
        if args.half:
            rows = run(size, "none", args.pos, args.standard, args.half)
        else:
            rows = report_rows(size, args.split, args.pos, args.standard)
    except (SourceMissing, RuntimeError) as exc:
        print(f"navsok.conflation: {exc}", file=sys.stderr)
        raise SystemExit(2)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    print(f"navsok's analyser is built from: {', '.join(lexicon_sources())}; "
          f"{'every' if size is None else size} paradigm(s) per set (half the most frequent "
          "lemmas, half drawn at random)")
    skipped = [source for s in args.standard for source in SOURCES_OF[s] if is_used(source)]
    if skipped:
        print(f"not held out, measured on the split only: {', '.join(skipped)}")
    absent = missing()
    if absent:
        print(f"not installed, left out: {', '.join(absent)} "
              "(apt-get install apertium-nno-nob lttoolbox-dev)")
    print(table(rows))
    print(GOALS)
    if args.failures:
        print()
        print(failures(rows, args.failures))


if __name__ == "__main__":
    main()
