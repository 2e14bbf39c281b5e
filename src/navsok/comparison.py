"""An adjective's degrees of comparison come whole: the comparative and superlative of one
stem (Bokmål *åpnere*, *åpnest*, *åpneste*; Nynorsk *opnare*, *opnast*, *opnaste*).

A dictionary table with one lemma per form and part of speech files a comparative that is
also another word's form under that word only (Ordbank: *åpnere* is the noun *åpner*'s
plural, *stilleste* the adjective *still*'s), so the adjective lacks it. A superlative the
lexicon does file under the adjective (*åpnest*, *stillest*) gives its stem the other
degrees. A superlative, not a comparative, is the evidence: a word in -ere or -are is
often another word's plural (*leiere*, renters, is no comparison of *lei*).

Both written standards compare the stem of an adjective's plural (*magre*: Bokmål
*magrere*, Nynorsk *magrare*), so an adjective the lexicon knows in either is given its
Nynorsk degrees from that stem (:func:`plural_stem`), which the Nynorsk sources lack where
they list the adjective without them, or not at all (*intimast*, which simplemma reads as
a word *intime*).
"""

from __future__ import annotations

from collections.abc import Iterator

#: Comparative, indefinite and definite superlative endings per written standard.
ENDINGS = {"nb": ("ere", "est", "este"), "nn": ("are", "ast", "aste")}
#: A stem shorter than this tells no comparison.
MIN_STEM = 3


def superlative_stem(lemma: str, form: str, standard: str) -> str | None:
    """The stem of ``form`` when it is a superlative of the adjective ``lemma``, else None."""
    _, indefinite, definite = ENDINGS[standard]
    for ending in (definite, indefinite):
        if form.endswith(ending) and form != lemma and len(form) - len(ending) >= MIN_STEM:
            return form[: -len(ending)]
    return None


def plural_stem(lemma: str, is_its_form) -> str | None:
    """The stem of the adjective ``lemma``'s plural: the plural without its -e, when
    ``is_its_form(plural)`` says the lexicon has it as the adjective's (*stille*: *still*;
    *intim*, *intime*: *intim*; *mager*, *magre*: *magr*; *vammel*, *vamle*: *vaml*;
    *fornem*, *fornemme*: *fornemm*)."""
    if lemma.endswith("e"):
        candidates = [lemma]
    else:
        candidates = [lemma + "e", lemma + "me"] if lemma.endswith("m") else [lemma + "e"]
        if lemma.endswith(("el", "en", "er")) and len(lemma) > MIN_STEM + 1:
            short = lemma[:-2]
            short = short[:-1] if short[-1] == short[-2] else short
            candidates.insert(0, short + lemma[-1] + "e")
    for plural in candidates:
        if len(plural) > MIN_STEM and is_its_form(plural):
            return plural[:-1]
    return None


def degrees(stem: str, standard: str) -> tuple[str, ...]:
    """Every degree of comparison of ``stem``: its comparative and superlatives."""
    return tuple(stem + ending for ending in ENDINGS[standard])


def readings(found: dict, bokmal_table: dict[str, list[str]], adjectives: set[str],
             nynorsk_adjectives: set[str], verbs: set[str]) -> Iterator[tuple[str, str]]:
    """(form, adjective) readings of the degrees of comparison the lexicon being built
    lacks. ``found`` maps each form to its readings so far and grows as the caller adds
    what this yields; ``bokmal_table`` is Ordbank's adjective forms → lemmas,
    ``adjectives`` its lemmas, ``nynorsk_adjectives`` the spell-checker's.

    A superlative filed under an adjective gives its stem the other degrees (*åpnest*:
    *åpnere*). Every adjective has the Nynorsk degrees of its plural's stem, which the
    Nynorsk sources lack or file under another lemma only (*intimast*: simplemma's
    *intime*): Ordbank's adjectives but the verbs it files participles under (*brune*:
    *brunet*) unless it lists their superlative (*stille*: *stillest*), and the
    spell-checker's that are neither a verb's form (its *parker* is *parkere*'s) nor, in
    -e, a plural (*slitne*). A superlative in -ast the lexicon does not know is also the
    passive of the word in -e or -a of its stem, as the ending guesses would read it
    (*grandast*: *grande*).
    """
    adjectives_of = {"nb": adjectives, "nn": nynorsk_adjectives}
    for standard, (_, *superlatives) in ENDINGS.items():
        for form in [form for form in found if form.endswith(tuple(superlatives))]:
            for lemma in [lemma for lemma in found[form] if lemma in adjectives_of[standard]]:
                stem = superlative_stem(lemma, form, standard)
                for degree in degrees(stem, standard) if stem else ():
                    yield degree, lemma
    compared = {lemma for form, lemmas in bokmal_table.items() for lemma in lemmas
                if superlative_stem(lemma, form, "nb")}
    nynorsk_only = {lemma for lemma in nynorsk_adjectives if not lemma.endswith("e")
                    and not found.get(lemma, {}).keys() & verbs}
    for lemma in sorted((adjectives - verbs) | compared | nynorsk_only):
        stem = plural_stem(lemma, lambda plural: lemma in found.get(plural, ()))
        for degree in degrees(stem, "nn") if stem else ():
            if degree not in found and degree.endswith("ast"):
                for word in (stem + "e", stem + "a"):
                    if word in found.get(word, ()):
                        yield degree, word
            yield degree, lemma
