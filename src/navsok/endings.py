"""Lemma guesses for words the lexicon does not know, learnt from the endings of the words
it does know.

Every form → lemma pair of the lexicon is a rule: cut an ending, add another (*skåret* →
*skjære*: cut ``året``, add ``jære``). A rule is counted under each ending of the form
that holds the cut and one to :data:`CONTEXT` letters before it (``kåret``, ``skåret``,
…). An unknown word takes the rules of its longest ending the lexicon has seen at least
:data:`MIN_SUPPORT` times inflected, those that make at least :data:`MIN_SHARE` of that
ending's inflected pairs: *beskåret*, *fratrukket*, *bitrere*, *bergenserne* →
*beskjære*, *fratrekke*, *bitter*, *bergenser*. (A form that is its own lemma, such as a
participle the dictionary also lists as an adjective, says only that the word may be a
headword: its rule is kept, but it does not crowd out the inflections, *fulgt* → *følge*
beside *fulgt*.) So the lexicon's own inflection, strong verbs included, reaches
words it lacks (new compounds, names with endings, words of other dictionaries), where a
stemmer knows only a list of suffixes.

The rules are derived once per lexicon and kept in a mapped cache file beside it
(:func:`navsok.lexicon.derived_table`): an index run reads only the pages its words need.
"""

from __future__ import annotations

from functools import lru_cache
from os.path import commonprefix

#: Bump when the rules change (a new cache file is then derived).
VERSION = 4
#: Letters of a form before its cut that an ending holds (at least one).
CONTEXT = 5
#: An ending is trusted when the lexicon has this many form → other lemma pairs with it.
MIN_SUPPORT = 3
#: A rule is used when it makes this share of its ending's form → other lemma pairs at least.
MIN_SHARE = 0.05
#: A word the lexicon knows takes a rule of a smaller share than this only when the rule
#: has an inflection's shape: it cuts at most :data:`RARE_CUT` letters and adds at most
#: :data:`RARE_ADD` (*mangler* → *mangle*, *pleiar* → *pleie*, *silt* → *sile*). Some
#: rare rule fits nearly any word, and a known word is seldom a form of a word the
#: lexicon lacks: *og* → *oga*, *faktisk* → *faktiansk*, *stor* → *stolder*.
CONFIDENT_SHARE = 0.2
RARE_CUT = 2
RARE_ADD = 1
#: A form and its lemma share this many first letters at least (*er*, *være* make no rule).
MIN_SHARED = 2
#: A guessed lemma keeps this many letters at least.
MIN_LEMMA = 3
#: The rule of a form that is its own lemma (cut nothing, add nothing).
_ITSELF = ">"


def guesses(word: str, known: bool = False) -> tuple[str, ...]:
    """The lemmas an unknown, normalised, lower-cased word is probably a form of, most
    likely first (maybe the word itself); ``()`` when no ending of it is trusted. For a
    ``known`` word (a form of a word the lexicon lacks may be another word's form too:
    *mangler* of a verb *mangle* it lacks is the noun *mangel*'s plural), only a rare rule
    of an inflection's shape (:func:`apply`)."""
    rules = _rules()
    for length in range(len(word) - 1, 0, -1):
        found = rules.get(word[-length:])
        if found is not None:
            return apply(word, found, known)
    return ()


def apply(word: str, found: tuple, known: bool = False) -> tuple[str, ...]:
    """The lemmas the rules of ``word``'s ending (``found``: (n, *rules), as :func:`derive`
    makes them) make of it; for a ``known`` word, the rules after the first n (those of
    :data:`CONFIDENT_SHARE`) only where they have an inflection's shape."""
    lemmas = []
    for rank, rule in enumerate(found[1:]):
        cut, _, add = rule.partition(">")
        if known and rank >= found[0] and not (0 < len(cut) <= RARE_CUT and len(add) <= RARE_ADD):
            continue
        if word.endswith(cut) and len(word) - len(cut) + len(add) >= MIN_LEMMA:
            lemmas.append(word[: len(word) - len(cut)] + add)
    return tuple(dict.fromkeys(lemmas))


def derive(table) -> dict[str, tuple]:
    """The rules of a lexicon table (form → (int, *readings)): ending → (n, *rules), a rule
    ``cut>add`` (most frequent first, the first n those of :data:`CONFIDENT_SHARE`), for
    the endings seen :data:`MIN_SUPPORT` times with another lemma."""
    counts: dict[str, dict[str, int]] = {}
    for form, entry in table.items():
        if not form.isalpha():
            continue
        for lemma in dict.fromkeys(entry[1:]):
            shared = len(commonprefix((form, lemma)))
            if shared < MIN_SHARED or not lemma.isalpha():
                continue
            rule = f"{form[shared:]}>{lemma[shared:]}"
            cut = len(form) - shared
            for length in range(cut + 1, min(cut + CONTEXT, len(form) - 1) + 1):
                ending = counts.setdefault(form[-length:], {})
                ending[rule] = ending.get(rule, 0) + 1
    rules = {}
    for ending, found in counts.items():
        total = sum(n for rule, n in found.items() if rule != _ITSELF)
        if total >= MIN_SUPPORT:
            # Equal counts in alphabetical order: the same rules in every process (a set's
            # order differs with each process's hash seed).
            kept = sorted((rule for rule, n in found.items() if n >= MIN_SHARE * total),
                          key=lambda rule: (-found[rule], rule))
            confident = sum(found[rule] >= CONFIDENT_SHARE * total for rule in kept)
            rules[ending] = (confident, *kept)
    return rules


def load() -> None:
    """Derive the rules now if they are not cached yet (before an index run forks)."""
    _rules()


@lru_cache(maxsize=1)
def _rules():
    from navsok.lexicon import derived_table, table

    return derived_table("endings", VERSION, lambda: derive(table()))
