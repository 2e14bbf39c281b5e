"""Rules that derive verb forms the lexicon's sources lack or misfile (used by
:mod:`navsok.lexbuild` while it builds the lexicon): a participle adjective's verb
(bevegete is bevege's), the past of a Nynorsk e-verb in -gje or -kje (bølgde) and its
spelling in -ge or -ke (styrkje, styrke), a weak participle's -t and -d (øvt, tømd), a
Nynorsk strong participle's older -i form (sungi), an s-verb's past and supine
(eldtest, møst) and the older s-passive in -es of a verb that ends in its vowel (gåes,
taes)."""

from __future__ import annotations

import re

from navsok.spelling import has_vowel


#: The endings of a participle: past (beveget, forsømt, kjend) and present (gående, gåande).
PARTICIPLE = re.compile(r"(?:et|t|d|ende|ande)$")


def participle_verbs(participle: str, readings, verbs: set[str]):
    """The verbs a participle is a form of: those the dictionary files it under, or, for a
    present participle it does not, the verb its ending leaves (gående → gå, flyande → fly)."""
    found = [reading for reading in readings if reading in verbs]
    if not found and participle.endswith(("ende", "ande")):
        stem = participle[:-4]
        found = [verb for verb in (stem, stem + "e", stem + "a") if verb in verbs][:1]
    return found


def participle_inflections(participle: str) -> set[str]:
    """A participle adjective's own forms: itself, its definite and plural in -e and a
    genitive (beveget: bevegete, bevegede; brukt: brukte; gående: gåendes)."""
    forms = {participle, participle + "e", participle + "s"}
    if participle.endswith("et"):
        forms |= {participle[:-2] + "ede", participle[:-2] + "ete"}
    return forms


#: A weak verb's past (bygde, merkte), not a present participle (byggjande).
_WEAK_PAST = re.compile(r"(?<![ae]n)[dt]e$")


def is_weak_past(form: str) -> bool:
    """Whether ``form`` ends as a weak verb's past does (bygde, merkte, kastet), not as a
    present participle (byggjande)."""
    return bool(_WEAK_PAST.search(form)) or form.endswith("et")


def palatal_past(verb: str, forms) -> list[str]:
    """The past and participle of a Nynorsk e-verb in -gje or -kje (bølgje: bølgde, bølgd;
    merkje: merkte, merkt; a doubled consonant undoubled: byggje, bygde) when none of its
    ``forms`` is a past; ``[]`` for other verbs."""
    if not verb.endswith(("gje", "kje")) or any(is_weak_past(form) for form in forms):
        return []
    stem = _undoubled(verb[:-2])
    voiced = stem[-1] == "g"
    return [stem + ("de" if voiced else "te"), stem + ("d" if voiced else "t")]


def _undoubled(stem: str) -> str:
    """``stem`` with a doubled last consonant written once, as before a weak ending
    (bygg: byg·de; tømm: tøm·de)."""
    return stem[:-1] if stem[-1] == stem[-2:-1] else stem


def palatal_twins(verbs: set[str], bokmal_verbs: set[str], strong: tuple[str, ...],
                  lemmas: set[str]) -> dict[str, str]:
    """Each Nynorsk verb in -kje or -gje of ``verbs`` whose -ke or -ge spelling is one of
    ``verbs`` too → that spelling (styrkje → styrke, leggje → legge; both are written);
    and each of ``verbs`` or of the Nynorsk a-infinitives ``lemmas`` in -kje, -kja, -gje
    or -gja whose -ke or -ge spelling is one of ``bokmal_verbs``, unless its e-infinitive
    ends in one of ``strong`` (anstrengja → anstrenge; not liggje → ligge)."""
    twins = {verb: verb[:-2] + "e" for verb in verbs
             if verb.endswith(("gje", "kje")) and verb[:-2] + "e" in verbs}
    for verb in (verbs | lemmas) - twins.keys():
        spelt = verb[:-2] + "e"
        if (verb.endswith(("gje", "kje", "gja", "kja")) and spelt in bokmal_verbs
                and not (verb[:-1] + "e").endswith(strong)):
            twins[verb] = spelt
    return twins


def weak_participles(verbs: set[str], found: dict, adjectives: set[str]) -> list[tuple[str, str]]:
    """(form, verb): the forms of a Nynorsk e-verb's weak participle its sources leave out,
    where they are no other word's: the neuter in -t of a participle in -d (øvd: øvt;
    sørgd: sørgt, which the spell-checker files under the stem *sørg* only, not under an
    adjective, as *stygt* is *stygg*'s), and the -d of a participle whose past is in -de and
    neuter in -t (tømde, tømt: tømd)."""
    pairs = []
    for verb in sorted(verb for verb in verbs if verb.endswith("e") and len(verb) > 2):
        stem = _undoubled(verb[:-1])  # tømme: tømd, tømt
        if stem.endswith(("d", "t")):
            continue
        masculine, neuter = stem + "d", stem + "t"
        if verb in found.get(masculine, ()):
            others = set(found.get(neuter, ())) - {verb}
            if others <= {stem, verb[:-1]} and not others & adjectives:
                pairs.append((neuter, verb))
        elif (verb in found.get(stem + "de", ()) and verb in found.get(neuter, ())
              and masculine not in found):
            pairs.append((masculine, verb))
    return pairs


def older_participles(found: dict, inflected: set[str]) -> list[tuple[str, str]]:
    """(form, lemma): a Nynorsk strong participle in -e has an older form in -i that
    dictionaries still list (sunge/sungi, skrive/skrivi, teke/teki, open: ope/opi). That
    its -en form has the same verb or adjective (sungen, skriven), or is an adjective of
    its own (drukken), tells the participle from other -e forms. Not for an -i word that
    is a lemma itself (tretti is no form of trette)."""
    pairs = []
    for form in [form for form in found if form.endswith("e") and len(form) > 2]:
        older, masculine = form[:-1] + "i", found.get(form + "n", ())
        if older in found.get(older, ()):
            continue
        adjective = form + "n" in masculine and form + "n" in inflected
        pairs += [(older, lemma) for lemma in found[form]
                  if lemma in inflected and (adjective or lemma in masculine)]
    return pairs


def s_verb_forms(found: dict, verbs: set[str]) -> list[tuple[str, str]]:
    """(form, lemma): the past and supine of a Nynorsk s-verb that is a lemma of its own
    (eldast, møtast, whose search does not take elde, møte), which the dictionaries seldom
    list: its verb's weak past and -st (eldtest, møttest), and that past's stem without its
    -t or -d and -st (møst: har møst), where they are no word of their own; the s-verb's
    and its verb's. Not of a past that is a lemma itself (brede, to spread, is bre's past
    too). Other verbs' s-forms are left to the ending rules: an unknown -dest or -test is
    more often a superlative (bredest) than a passive's past."""
    pairs = []
    for past in [form for form in found if _WEAK_PAST.search(form) and form not in found[form]]:
        for verb in found[past]:
            s_verb = verb[:-1] + "ast"
            if (verb not in verbs or verb[:2] != past[:2] or verb[-1] not in "ae"
                    or s_verb not in found.get(s_verb, ())
                    or not has_vowel(verb[:-1])):  # bre: no brast
                continue
            supine = _undoubled(past[:-2]).rstrip("dt") + "st"
            for form in [past + "st", supine]:
                if form not in found and len(form) > 3:
                    pairs += [(form, s_verb), (form, verb)]
    return pairs


#: The last letters of a verb whose s-passive was also written -es (gås, gåes; tas, taes;
#: tros, troes; snus, snues): not a verb in -e (kastes), nor -i (gis, blir: no gies).
_OLDER_PASSIVE_AFTER = "åaou"


def older_passives(found: dict, verbs: set[str]) -> list[tuple[str, str]]:
    """(form, verb): the older spelling -es of the s-passive of a verb that ends in its
    vowel (gåes, taes, oppnåes, troes), where the lexicon knows the passive in -s as the
    verb's and the -es spelling as no word (the sources list it for a few verbs only:
    forståes, antaes)."""
    return [(verb + "es", verb) for verb in sorted(verbs)
            if verb[-1:] in _OLDER_PASSIVE_AFTER and verb in found.get(verb + "s", ())
            and verb + "es" not in found]
