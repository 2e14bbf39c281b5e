"""Generate a deterministic corpus of synthetic Norwegian (Bokmål) articles.

Words are drawn Zipf-style from the Bokmål frequency list shipped with
``wordfreq``, enriched with inflected noun forms, compounds and a fixed set
of domain words.  Same arguments -> byte-identical output.

Usage: python bench/make_corpus.py OUTDIR [--n 100000] [--words 300] [--seed 42]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from itertools import accumulate
from pathlib import Path
from random import Random

import wordfreq

LANG = "nb"
TOP_N = 30000
FILES_PER_DIR = 1000
WORD_RE = re.compile(r"[a-zæøåéèêóòôü]{2,}|[iå]")

SOURCES: tuple[str, ...] = (
    "NRK", "Aftenposten", "VG", "Dagbladet", "NTB", "NAV",
    "Arbeids- og inkluderingsdepartementet", "Adresseavisen",
    "Bergens Tidende", "Framtida.no", "Nationen", "Dagsavisen",
)

# Domain words and their share of all sampled tokens (so benchmark queries hit).
DOMAIN_WORDS: tuple[tuple[str, float], ...] = (
    ("NAV", 3e-4),
    ("kvalifiseringsprogrammet", 1e-4),
    ("arbeidsmarkedet", 1.5e-4),
    ("prøveprosjekt", 1e-4),
    ("dagpenger", 1.5e-4),
    ("sykepenger", 1.5e-4),
    ("Gjøvik", 1e-4),
    ("Heimdal", 1e-4),
    # Related forms, useful for stemming/lemmatisation benchmarks.
    ("kvalifiseringsprogram", 3e-5),
    ("arbeidsmarked", 3e-5),
    ("prøveprosjektet", 3e-5),
    ("prøveprosjekter", 2e-5),
)

S_LINK_SUFFIXES = ("ing", "het", "sjon", "dom", "skap", "else", "tet", "ment", "nad", "sel")
VOWELS = "aeiouyæøå"
DATE_START = dt.date(2005, 1, 1).toordinal()
DATE_END = dt.date(2026, 11, 1).toordinal()

N_INFLECTED_NOUNS = 900
N_COMPOUNDS = 6000
COMPOUND_WEIGHT = 2.5e-6


def base_vocabulary() -> dict[str, float]:
    """Alphabetic lower-case words from wordfreq's Bokmål list with frequencies."""
    vocab: dict[str, float] = {}
    for rank, word in enumerate(wordfreq.top_n_list(LANG, TOP_N), start=1):
        if WORD_RE.fullmatch(word) and word not in vocab:
            freq = wordfreq.word_frequency(word, LANG)
            vocab[word] = freq if freq > 0 else 1e-3 / rank
    return vocab


def find_nouns(vocab: dict[str, float]) -> list[str]:
    """Heuristic noun detection: a word is a noun if >=2 inflected forms exist."""
    words = list(vocab)
    nouns = []
    for word in words[150:]:  # skip the most frequent function words
        if len(word) < 4 or word.endswith("e"):
            continue
        hits = sum(word + suf in vocab for suf in ("en", "et", "er", "ene"))
        if hits >= 2:
            nouns.append(word)
    return nouns


def stem_for_suffix(noun: str) -> str:
    """Double a final consonant after a short vowel (program -> programm-)."""
    if noun.endswith("ram") or (len(noun) <= 4 and noun.endswith("om")):
        return noun + noun[-1]
    return noun


def is_neuter(noun: str, vocab: dict[str, float]) -> bool:
    """Guess grammatical gender from which definite form is more frequent."""
    return vocab.get(noun + "et", 0.0) > vocab.get(noun + "en", 0.0)


def inflect(noun: str, neuter: bool) -> list[str]:
    """Definite singular, indefinite plural and definite plural forms."""
    if noun.endswith("er"):  # lærer -> læreren, lærere, lærerne
        return [noun + "en", noun + "e", noun + "ne"]
    stem = stem_for_suffix(noun)
    return [stem + ("et" if neuter else "en"), stem + "er", stem + "ene"]


def compound(first: str, second: str, rng: Random) -> str:
    """Join two nouns, sometimes with the linking s (arbeid+s+marked)."""
    if first.endswith(S_LINK_SUFFIXES):
        link = "s"
    elif first.endswith("s") or first[-1] in VOWELS:
        link = ""
    else:
        link = "s" if rng.random() < 0.3 else ""
    return first + link + second


def build_vocabulary(rng: Random) -> tuple[list[str], list[float]]:
    """Return (words, cumulative weights) for Zipf-style sampling."""
    vocab = base_vocabulary()
    nouns = find_nouns(vocab)
    weights: dict[str, float] = dict(vocab)

    for noun in rng.sample(nouns, min(N_INFLECTED_NOUNS, len(nouns))):
        for form, factor in zip(inflect(noun, is_neuter(noun, vocab)), (0.3, 0.15, 0.08)):
            weights.setdefault(form, vocab[noun] * factor)

    head = nouns[:600]
    for _ in range(N_COMPOUNDS):
        first, second = rng.choice(head), rng.choice(nouns)
        if first == second:
            continue
        word = compound(first, second, rng)
        weights.setdefault(word, COMPOUND_WEIGHT)
        if rng.random() < 0.4:
            definite = word[: -len(second)] + inflect(second, is_neuter(second, vocab))[0]
            weights.setdefault(definite, COMPOUND_WEIGHT / 2)

    total = sum(weights.values())
    for word, share in DOMAIN_WORDS:
        weights[word] = share * total

    words = list(weights)
    return words, list(accumulate(weights[w] for w in words))


def capitalise(word: str) -> str:
    """Upper-case the first letter only (keeps 'NAV' intact)."""
    return word[:1].upper() + word[1:]


def sentence_lengths(n_words: int, rng: Random) -> list[int]:
    """Sentence lengths of 6-20 words summing to at least n_words."""
    lengths: list[int] = []
    total = 0
    while total < n_words:
        length = rng.randint(6, 20)
        lengths.append(length)
        total += length
    return lengths


def make_body(tokens: list[str], lengths: list[int], rng: Random) -> str:
    """Build 3-6 paragraphs of sentences from the sampled tokens."""
    sentences: list[str] = []
    pos = 0
    for length in lengths:
        chunk = tokens[pos:pos + length]
        pos += length
        sentences.append(capitalise(chunk[0]) + " " + " ".join(chunk[1:]) + ".")
    n_par = min(rng.randint(3, 6), len(sentences))
    cuts = sorted(rng.sample(range(1, len(sentences)), n_par - 1))
    bounds = [0, *cuts, len(sentences)]
    return "\n\n".join(" ".join(sentences[a:b]) for a, b in zip(bounds, bounds[1:]))


def make_article(words: list[str], cum: list[float], n_words: int, rng: Random) -> str:
    """Render one article (title, source, date, body) as text."""
    n_title = rng.randint(4, 9)
    target = max(n_words + rng.randint(-n_words // 10, n_words // 10), 6)
    lengths = sentence_lengths(target, rng)
    tokens = rng.choices(words, cum_weights=cum, k=n_title + sum(lengths))
    title = capitalise(tokens[0]) + " " + " ".join(tokens[1:n_title])
    source = rng.choice(SOURCES)
    date = dt.date.fromordinal(rng.randint(DATE_START, DATE_END)).isoformat()
    body = make_body(tokens[n_title:], lengths, rng)
    return f"{title}\n\nUtgiver: {source}\nPublisert: {date}\n\n{body}\n"


def article_path(outdir: Path, index: int) -> Path:
    """OUTDIR/0000/art_000001.txt for index 1 (1000 files per folder)."""
    return outdir / f"{(index - 1) // FILES_PER_DIR:04d}" / f"art_{index:06d}.txt"


def write_corpus(outdir: Path, n: int, words: int = 300, seed: int = 42) -> tuple[int, int]:
    """Write n articles to outdir; return (files written, bytes written)."""
    rng = Random(seed)
    vocab, cum = build_vocabulary(rng)
    outdir = Path(outdir)
    n_bytes = 0
    for index in range(1, n + 1):
        path = article_path(outdir, index)
        if (index - 1) % FILES_PER_DIR == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        data = make_article(vocab, cum, words, rng).encode("utf-8")
        path.write_bytes(data)
        n_bytes += len(data)
    return n, n_bytes


def generate(outdir: Path, n: int, words: int = 300, seed: int = 42) -> int:
    """Write n articles of ~words words to outdir; return the number of files."""
    return write_corpus(outdir, n, words, seed)[0]


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--n", type=int, default=100_000, help="number of articles")
    parser.add_argument("--words", type=int, default=300, help="approx. words per article")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    if args.n < 0 or args.words < 1:
        parser.error("--n must be >= 0 and --words >= 1")

    start = time.perf_counter()
    count, size = write_corpus(args.outdir, args.n, args.words, args.seed)
    elapsed = time.perf_counter() - start
    print(f"make_corpus: {count} files, {size / 1e6:.1f} MB, {elapsed:.1f} s -> {args.outdir}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
