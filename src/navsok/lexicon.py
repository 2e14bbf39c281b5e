"""The full-form lexicon of Bokmål and Nynorsk: every known word form → all its lemmas.

Built once from published dictionaries by :mod:`navsok.lexbuild` (its docstring names the
sources and their licences) and kept in a mapped cache file (:mod:`navsok.lexfile`), which
every process and forked worker reads without loading it.
"""

from __future__ import annotations

from functools import lru_cache

from navsok.lexbuild import (
    HOLDOUT_ENV,
    SOURCES,
    Readings,
    cache_name_and_key,
    holding_out,
    is_held_out,
)
from navsok.lexsources import simplemma_table

# What the held-out report and the analyser ask the lexicon (built in navsok.lexbuild).
__all__ = ["HOLDOUT_ENV", "SOURCES", "is_held_out", "load", "own_readings", "readings"]


def readings(word: str) -> Readings | None:
    """All lemmas of a normalised, lower-cased word form, or ``None`` for an unknown word.

    The word's own lemma comes first when the word is a dictionary form itself
    (bruker → bruker, bruke), then Bokmål before Nynorsk readings.
    """
    found = _entry(word)
    return found[1:] if found else None


def own_readings(word: str) -> Readings | None:
    """What a query for ``word`` searches: when the word is a dictionary form (a lemma)
    itself, that lemma and its other spellings only (bruker → bruker, not the verb bruke;
    brukar → brukar, bruker); an inflected form, all its readings (stasjoner → stasjon,
    stasjonere); ``None`` for an unknown word."""
    found = _entry(word)
    if not found:
        return None
    return found[1 : 1 + found[0]] if found[0] else found[1:]


def _entry(word: str):
    """The lexicon's row of ``word``; for a word with å it does not know, the row of its
    spelling with aa: the analyser reads aa as å (Aasen: Åsen), but the dictionaries write
    an a-word's ending after its a (temaa, kollegaar: temå, kollegår)."""
    found = entries().get(word)
    if found is None and "å" in word:
        found = entries().get(word.replace("å", "aa"))
    return found


@lru_cache(maxsize=1)
def table() -> dict[str, tuple]:
    """form → (how many of its readings are its own lemma and spellings, *readings),
    derived once from :data:`SOURCES` and then read from the cache. (A lookup reads
    :func:`entries`, the same table in a mapped file.)"""
    from navsok.lexbuild import build
    from navsok.wordcache import cached_object

    name, key = cache_name_and_key()
    return cached_object(name, key, lambda: build(holding_out()))


@lru_cache(maxsize=1)
def entries():
    """:func:`table` as a :class:`navsok.lexfile.LexiconFile` (written to the cache once):
    no load time, and pages every process shares; the dict itself where the cache cannot
    be written."""
    name, key = cache_name_and_key()
    return _mapped(name, key, table)


def is_built() -> bool:
    """Whether the lexicon's mapped cache file exists: if not, the first index run builds
    it from the dictionaries, which takes about half a minute (a query never needs it)."""
    from navsok.wordcache import cache_path

    return cache_path(*cache_name_and_key(), "lex").is_file()


def _mapped(name: str, key: str, compute):
    """``compute()`` (a table: word → (int, *words)) as a mapped cache file, written once."""
    from navsok import lexfile
    from navsok.wordcache import cached_file

    path = cached_file(name, key, "lex", lambda partial: lexfile.write(partial, compute()))
    try:
        return lexfile.LexiconFile(path) if path else compute()
    except (OSError, ValueError):  # a damaged cache file: the dict, and a new file next time
        path.unlink(missing_ok=True)
        return compute()


def load() -> None:
    """Open the lexicon now (before a parallel index run forks its workers)."""
    from navsok.lexsources import ordbank

    try:
        entries()
        bokmal_headwords()
        parts_of_speech()
    finally:
        ordbank.cache_clear()  # read once for both on a first run; not kept for the run


@lru_cache(maxsize=1)
def bokmal_headwords() -> frozenset[str]:
    """Every dictionary form in simplemma's Bokmål table (about 140,000 words): the words
    a compound's head may be (see :mod:`navsok.compounds`)."""
    from importlib.metadata import version

    from navsok.wordcache import cached_lines

    def derive():
        return sorted({lemma.lower() for lemma in simplemma_table("nb").values()})

    # The version from the package's metadata: importing simplemma (its rules compile
    # hundreds of regular expressions) would cost every index run about 60 ms.
    return frozenset(cached_lines("headwords-nb", f"simplemma {version('simplemma')}", derive))


#: The parts of speech :func:`parts_of_speech` knows, as letters.
POS_LETTERS = {"noun": "n", "verb": "v", "adj": "a"}
#: Bump when :func:`parts_of_speech` is derived differently.
POS_VERSION = 1


@lru_cache(maxsize=1)
def parts_of_speech():
    """lemma → (0, the letters of its parts of speech: n noun, v verb, a adjective) in
    Norsk Ordbank and the Nynorsk spell-checker, a mapped table beside the lexicon (see
    :mod:`navsok.compounds`: a compound's last part is of the compound's part of speech)."""

    def derive():
        from navsok.lexsources import hunspell_nynorsk, ordbank

        found: dict[str, set[str]] = {}
        for pos, forms in ordbank().items():
            if pos in POS_LETTERS:
                for lemmas in forms.values():
                    for lemma in lemmas:
                        found.setdefault(lemma, set()).add(POS_LETTERS[pos])
        for pos, letter in POS_LETTERS.items():
            for headword, _ in hunspell_nynorsk(pos):
                found.setdefault(headword, set()).add(letter)
        return {lemma: (0, "".join(sorted(letters))) for lemma, letters in found.items()}

    return derived_table("pos", POS_VERSION, derive)


def lemma_parts_of_speech(lemma: str) -> str:
    """The letters of a lemma's parts of speech (:func:`parts_of_speech`), "" if none."""
    found = parts_of_speech().get(lemma)
    return found[1] if found else ""


def word_parts_of_speech(word: str) -> str:
    """The letters of every part of speech a known word's lemmas have (:func:`parts_of_speech`),
    or "" when the word is unknown or one of its lemmas has none the sources name."""
    found = readings(word)
    if not found:
        return ""
    letters = [lemma_parts_of_speech(lemma) for lemma in found]
    return "" if "" in letters else "".join(sorted(set("".join(letters))))


def compatible(letters: str, other: str) -> bool:
    """Whether two parts of speech (letters of :func:`word_parts_of_speech`) may be one
    word's: a noun and a noun, or a verb or adjective and a verb or adjective (a
    participle is both)."""
    return bool({letter == "n" for letter in letters} & {letter == "n" for letter in other})


def lemmas_by(name: str, version: int, key):
    """Every lemma of the lexicon, grouped by ``key(lemma)`` (say, its stem): a mapping
    ``key → (0, *lemmas)`` in alphabetical order (see :func:`derived_table`)."""

    def derive():
        grouped: dict[str, list[str]] = {}
        for lemma in sorted({lemma for entry in table().values() for lemma in entry[1:]}):
            if lemma.isalpha():
                grouped.setdefault(key(lemma), []).append(lemma)
        return {group: (0, *lemmas) for group, lemmas in grouped.items()}

    return derived_table(name, version, derive)


def derived_table(name: str, version: int, derive):
    """A table derived from the lexicon (``derive()``: word → (int, *words)), derived once
    and kept in a mapped cache file beside the lexicon (``name``), anew when ``version``
    (of ``derive``) or the lexicon changes."""
    lexicon_name, lexicon_key = cache_name_and_key()
    key = repr((lexicon_key, version))
    return _mapped(f"{lexicon_name}-{name}", key, lru_cache(maxsize=1)(derive))
