"""The forms of Bokmål and Nynorsk strong and irregular verbs (``data/strong_verbs_nb.txt``,
``data/strong_verbs_nn.txt``: fløt and skutt are flyte's and skyte's; fraus and frose are
fryse's), and of the verbs with a prefix that inflect as their last verb (beskrive:
beskreiv, beskrive; forstå: forstod, forstått).

The Nynorsk spell-checker lists a strong verb's past and participle as words of their own,
linked to no verb, so the lexicon could not know that frose, frosen and frosne are fryse's;
Ordbank's Bokmål table, as spacy-lookups-data ships it, keeps one lemma per form and part
of speech, so a strong form that is also another verb's form kept only that verb (fløt:
fløte). The verbs are a closed class, which the grammars list whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from navsok import datafiles

#: Prefixes that are no words of their own (begå, forstå, misforstå, erfare, unngå).
BOUND_PREFIXES = frozenset({"be", "for", "er", "mis", "und", "unn"})
#: The particles a loan verb in -ere may follow (innebere, oververe: strong verbs).
PARTICLES = frozenset({"fra", "frå", "inne", "nær", "over", "til", "ved"})
#: A weak verb's past and participle endings: a strong form ending so tells no prefix.
WEAK_ENDINGS = ("t", "d", "de", "te")
#: A past or participle shorter than this tells no verb with a prefix (jobba, silo).
MIN_EVIDENCE = 3
#: A prefix is at least this long (gjete is no form of ete, nor lete).
MIN_PREFIX = 2
#: A verb with no past of its own ends in a verb of the tables at least this long to
#: inflect as it (synleggjere: gjere; vantrive is no van·t·rive).
MIN_PASTLESS_INFINITIVE = 5
#: Vowels: a participle in -t after one is a strong verb's (gått), after a consonant a weak one's.
VOWELS = "aeiouyæøå"
#: The tables, one per written standard.
TABLES = {"nb": "strong_verbs_nb.txt", "nn": "strong_verbs_nn.txt"}


@lru_cache(maxsize=len(TABLES))
def principal_parts(standard: str) -> tuple[tuple[str, str, str, str], ...]:
    """(infinitive, present, past, participle) of each strong or irregular verb of the
    written ``standard`` (nb, nn)."""
    return tuple(tuple(row) for row in datafiles.rows(TABLES[standard]))


def participle_forms(participle: str) -> list[str]:
    """A strong participle's neuter (frose) with its masculine and feminine (frosen) and its
    definite and plural (frosne; funne for funnen, falne for fallen, drukne for drukken);
    a weak one's in -t after another consonant with its -d and -de (lagt: lagd, lagde;
    valt: vald, valde)."""
    if participle[-1:] == "t" and participle[-2:-1] not in VOWELS + "dst":
        return [participle, participle[:-1] + "d", participle[:-1] + "de"]
    if not participle.endswith("e"):
        return [participle]  # gått, sett: a weak participle's forms come from its rules
    stem = participle[:-1]
    if stem.endswith("n"):
        plural = participle
    else:
        plural = (stem[:-1] if stem[-1] == stem[-2:-1] else stem) + "ne"  # falne, drukne
    return [participle, participle + "n", plural]


def adjective_forms(participle: str) -> list[str]:
    """A participle's adjective forms (:func:`participle_forms` but itself), a Bokmål
    strong participle's in -en and -ne from its -et (brukket: brukken, brukne)."""
    if participle.endswith("et"):
        return participle_forms(participle[:-2] + "e")[1:]
    return participle_forms(participle)[1:]


def verb_paradigms(verbs: set[str], known, pastless=frozenset()
                   ) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(verb, written standard, its forms) for each strong verb of the tables and each
    verb of ``verbs`` that is one of them with a prefix (``known``, a container of words,
    holds its strong past or participle with the prefix, or the verb is ``pastless``:
    its sources give it no past); with the participle's other
    forms (:func:`participle_forms`): a strong one's all (the sources lack older ones,
    *dregne*, *bodne*, and a form no source knows is no other word's), a Nynorsk weak
    one's -d and -de only where ``known`` has them (*tord*, of *tort*, is a name; Bokmål
    writes *falt* only)."""
    by_infinitive: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for standard in TABLES:
        for infinitive, present, past, participle in principal_parts(standard):
            strong = participle.endswith("e")
            forms = [infinitive, present, past, participle]
            forms += [form for form in participle_forms(participle)[1:]
                      if strong or standard == "nn" and form in known]
            if standard == "nb" and participle.endswith("et"):
                forms += adjective_forms(participle)  # brukken: lexbuild keeps the adjectives
            by_infinitive.setdefault(infinitive, []).append((standard, tuple(forms)))
    for verb in sorted(verbs | set(by_infinitive)):
        for cut in range(0, len(verb) - 1):
            prefix, infinitive = verb[:cut], verb[cut:]
            paradigms = [(standard, forms) for standard, forms in by_infinitive.get(infinitive, ())
                         if _is_prefixed(prefix, forms, known, verb in pastless)]
            for standard, forms in paradigms:
                yield verb, standard, tuple(prefix + form for form in forms)
            if paradigms:
                break  # the longest verb it ends in (omskrive: skrive, not rive)


def _is_prefixed(prefix: str, forms: tuple[str, ...], known, pastless: bool = False) -> bool:
    """True for no prefix, and for a prefix of two letters or more (a word, or one of its
    own) when the dictionary knows its strong past or participle with it (beskreiv,
    beskriven, beskrev: bevege, beverte, jobbe, rose and sile are no strong verbs). A verb
    in -ere is a loan (barbere, gravere) unless its prefix is a particle (innebere,
    oververe). A verb whose sources give it no past of its own needs no evidence when the
    verb it ends in is long (synleggjere, offentleggjere: gjere)."""
    if not prefix:
        return True
    if len(prefix) < MIN_PREFIX or not (prefix in BOUND_PREFIXES or prefix in known):
        return False
    infinitive, _, past, participle = forms[:4]
    if pastless and len(infinitive) >= MIN_PASTLESS_INFINITIVE:
        return True  # a loan in -ere has its past (barberte, regjerte)
    if infinitive.endswith("ere") and prefix not in PARTICLES:
        return False
    # Not a form with a weak verb's ending, nor a short one, which another word may end in
    # too (bevart is bevare's, bombede bombe's, bekledd bekle's; silo a noun, jobba jobbe's).
    evidence = [form for form in (past, participle, participle + "n") if form != infinitive
                and not form.endswith(WEAK_ENDINGS) and len(form) >= MIN_EVIDENCE]
    if any(prefix + form in known for form in evidence):
        return True
    # A participle in a vowel and -tt, or a weak one's -t, with its past: each alone is no
    # evidence (rosett is a noun, hundsett hundse's; så is short), both are (anså, ansett;
    # overså, oversett; kartla, kartlagt).
    return (participle[-3:-2] in VOWELS and participle.endswith("tt")
            or participle.endswith("t") and participle[-2:-1] not in VOWELS + "t"
            ) and prefix + participle in known and prefix + past in known
