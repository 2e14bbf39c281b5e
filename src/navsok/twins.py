"""The Bokmål twin of a Nynorsk lemma, under which :mod:`navsok.lexbuild` files the lemma's
forms too, so Bokmål and Nynorsk texts meet: the same word when only a known spelling
differs (:mod:`navsok.spelling`: brukar → bruker, teneste → tjeneste, vanleg → vanlig), a
compound by its last word's (folkeskule → folkeskole), or, for a lemma that is no Bokmål
word, a Nynorsk vowel (straum → strøm)."""

from __future__ import annotations

from navsok.spelling import (NYNORSK_ENDINGS, NYNORSK_WORDS, has_vowel, occurrences,
                              vowel_respellings)


def bokmal_twin(lemma: str, bokmal: set[str], known: set[str]) -> str:
    """The lemma a Nynorsk lemma is filed under: its Bokmål twin when only a known spelling
    differs (of the whole word, or of a compound's last word: :func:`_word_pair_twin`), or a
    Nynorsk vowel when the lemma is no Bokmål word (a Bokmål *høyre* is no *høre*), an
    a-infinitive's e-infinitive (syngja → syngje; a word of one syllable has no ending:
    sa is no se), else the lemma itself."""
    twin = _word_pair_twin(lemma, bokmal, inside=False)
    if twin:
        return twin
    twin = _bokmal_ending(lemma, bokmal)
    if twin in bokmal:
        return twin
    twin = lemma not in bokmal and _word_pair_twin(lemma, bokmal, inside=True)
    if twin:
        return twin
    if lemma not in bokmal:
        for respelt in vowel_respellings(lemma):
            twin = _bokmal_spelling(respelt, bokmal)
            if twin:
                return twin
    stem = lemma[:-1]
    if (lemma not in bokmal and lemma.endswith("a") and stem + "e" in known
            and has_vowel(stem)):
        return stem + "e"
    return lemma


def _word_pair_twin(lemma: str, bokmal: set[str], inside: bool) -> str | None:
    """The Bokmål lemma one of :data:`NYNORSK_WORDS` makes of ``lemma``: at its start
    (sjukepengar → sykepenger), or ``inside`` it after two letters or more, as a compound's
    last word (folkeskule → folkeskole, jobbsøkjar → jobbsøker), also after a prefix that
    is no word (samkøyre → samkjøre, råkøyre → råkjøre); else ``None``."""
    for nynorsk, bokmal_word in NYNORSK_WORDS:
        at_start = [0] if lemma.startswith(nynorsk) else []
        for at in occurrences(lemma, nynorsk, 2) if inside else at_start:
            twin = _bokmal_spelling(lemma[:at] + bokmal_word + lemma[at + len(nynorsk) :], bokmal)
            if twin:
                return twin
    return None


def _bokmal_spelling(respelt: str, bokmal: set[str]) -> str | None:
    """``respelt``, or it with a Bokmål ending, when that is a Bokmål lemma; else ``None``."""
    twin = respelt if respelt in bokmal else _bokmal_ending(respelt, bokmal)
    return twin if twin in bokmal else None


#: A Nynorsk deponent verb's ending and the Bokmål one (trivast: trives, synast: synes), read
#: only here: a word the lexicon lacks is not respelt by it (plast is no ples).
DEPONENT = ("ast", "es")


def _bokmal_ending(word: str, bokmal: set[str]) -> str:
    for nynorsk, bokmal_ending in (*NYNORSK_ENDINGS, DEPONENT):
        if len(word) > len(nynorsk) + 2 and word.endswith(nynorsk):
            candidate = word[: -len(nynorsk)] + bokmal_ending
            if candidate in bokmal:
                return candidate
    return word
