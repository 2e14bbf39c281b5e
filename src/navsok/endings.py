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
VERSION = 3
#: Letters of a form before its cut that an ending holds (at least one).
CONTEXT = 5
#: An ending is trusted when the lexicon has this many form → other lemma pairs with it.
MIN_SUPPORT = 3
#: A rule is used when it makes this share of its ending's form → other lemma pairs at least.
MIN_SHARE = 0.2
#: A form and its lemma share this many first letters at least (*er*, *være* make no rule).
MIN_SHARED = 2
#: A guessed lemma keeps this many letters at least.
MIN_LEMMA = 3
#: The rule of a form that is its own lemma (cut nothing, add nothing).
_ITSELF = ">"


def guesses(word: str) -> tuple[str, ...]:
    """The lemmas an unknown, normalised, lower-cased word is probably a form of, most
    likely first (maybe the word itself); ``()`` when no ending of it is trusted."""
    rules = _rules()
    for length in range(len(word) - 1, 0, -1):
        found = rules.get(word[-length:])
        if found is None:
            continue
        lemmas = []
        for rule in found[1:]:
            cut, _, add = rule.partition(">")
            if word.endswith(cut) and len(word) - len(cut) + len(add) >= MIN_LEMMA:
                lemmas.append(word[: len(word) - len(cut)] + add)
        return tuple(dict.fromkeys(lemmas))
    return ()


def derive(table) -> dict[str, tuple]:
    """The rules of a lexicon table (form → (int, *readings)): ending → (0, *rules), a rule
    ``cut>add`` (most frequent first), for the endings seen :data:`MIN_SUPPORT` times with
    another lemma."""
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
            rules[ending] = (0, *kept)
    return rules


def load() -> None:
    """Derive the rules now if they are not cached yet (before an index run forks)."""
    _rules()


@lru_cache(maxsize=1)
def _rules():
    from navsok.lexicon import derived_table, table

    return derived_table("endings", VERSION, lambda: derive(table()))
