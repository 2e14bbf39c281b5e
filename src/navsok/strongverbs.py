"""The forms of Nynorsk strong and irregular verbs (``data/strong_verbs_nn.txt``: fraus and
frose are forms of fryse), and of the verbs with a prefix that inflect as their last verb
(beskrive: beskreiv, beskrive; forstå: forstod, forstått).

The spell-checker lists a strong verb's past and participle as words of their own, linked to
no verb, so the lexicon could not know that frose, frosen and frosne are fryse's; the verbs
are a closed class, which the grammars list whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

#: Prefixes that are no words of their own (begå, forstå, misforstå, erfare, unngå).
BOUND_PREFIXES = frozenset({"be", "for", "er", "mis", "und", "unn"})
#: The particles a loan verb in -ere may follow (innebere, oververe: strong verbs).
PARTICLES = frozenset({"fra", "frå", "inne", "nær", "over", "til", "ved"})
#: A prefix is at least this long (gjete is no form of ete, nor lete).
MIN_PREFIX = 2


@lru_cache(maxsize=1)
def principal_parts() -> tuple[tuple[str, str, str, str], ...]:
    """(infinitive, present, past, participle) of each strong or irregular verb."""
    from importlib.resources import files

    text = (files("navsok") / "data" / "strong_verbs_nn.txt").read_text("utf-8")
    return tuple(
        tuple(line.split()) for line in text.splitlines() if line and not line.startswith("#")
    )


def participle_forms(participle: str) -> list[str]:
    """A strong participle's neuter (frose) with its masculine and feminine (frosen) and its
    definite and plural (frosne; funne for funnen)."""
    if not participle.endswith("e"):
        return [participle]  # gått, sett: a weak participle's forms come from its rules
    stem = participle[:-1]
    plural = participle if stem.endswith("n") else stem + "ne"
    return [participle, participle + "n", plural]


def verb_forms(verbs: set[str], known) -> Iterator[tuple[str, str]]:
    """(form, verb) for each strong verb of the table and each verb of ``verbs`` that is
    one of them with a prefix; a participle's -en and -ne forms only as far as ``known`` (a
    container of words) has the strong verb's own."""
    by_infinitive: dict[str, list[tuple[str, ...]]] = {}
    for infinitive, present, past, participle in principal_parts():
        forms = [infinitive, present, past, participle]
        forms += [form for form in participle_forms(participle)[1:] if form in known]
        by_infinitive.setdefault(infinitive, []).append(tuple(forms))
    for verb in sorted(verbs | set(by_infinitive)):
        for cut in range(0, len(verb) - 1):
            prefix, infinitive = verb[:cut], verb[cut:]
            paradigms = [forms for forms in by_infinitive.get(infinitive, ())
                         if _is_prefixed(prefix, forms, known)]
            for forms in paradigms:
                for form in forms:
                    yield prefix + form, verb
            if paradigms:
                break  # the longest verb it ends in (omskrive: skrive, not rive)


def _is_prefixed(prefix: str, forms: tuple[str, ...], known) -> bool:
    """True for no prefix, and for a prefix of two letters or more (a word, or one of its
    own) when the dictionary knows the verb's masculine participle or a strong past with it
    (beskriven, beskreiv: bevege, beverte, bombe and jobbe are no strong verbs). A verb in -ere is a
    loan (barbere, gravere) unless its prefix is a particle (innebere, oververe)."""
    if not prefix:
        return True
    if len(prefix) < MIN_PREFIX or not (prefix in BOUND_PREFIXES or prefix in known):
        return False
    infinitive, _, past, participle = forms[:4]
    if infinitive.endswith("ere") and prefix not in PARTICLES:
        return False
    # A past in -t is weak-looking (bevart is bevare's, not beverte's): not enough alone.
    return prefix + participle + "n" in known or not past.endswith("t") and prefix + past in known
