"""Reading a compound by its head: the longest tail of a word the lexicon knows, after a
prefix that is a known word (natur·midler, polititeneste·menn, nett·la). A compound the
lexicon lacks is read by its head's lemmas (:func:`known_head`, used by
:mod:`navsok.wordterms`), and so is a rare word the lexicon knows only as another word's
form (:func:`head_lemmas`).
"""

from __future__ import annotations

from functools import lru_cache

from navsok.compounds import MAX_LETTERS, link_stripped
from navsok.spelling import head_respellings

#: A compound the lexicon does not know is read by its longest known tail (its head) after
#: a known word (its prefix, maybe with a linking -s-/-e-, maybe a compound itself): at
#: least this many letters in each (av·slått, natur·midler, elbil·ladestasjonene). A run
#: of more than :data:`navsok.compounds.MAX_LETTERS` letters is no compound: only stemmed.
MIN_COMPOUND_PREFIX = 2
MIN_COMPOUND_HEAD = 3
#: Heads shorter than that which still head a compound: the two-letter pasts of the strong
#: verbs legge, si, gi and ligge (fastla, motsa, avga, overlå), after a prefix of at least
#: :data:`MIN_COMPOUND_HEAD` letters. (Not så: the lexicon reads it as *så*, to sow, only.)
SHORT_HEADS = frozenset({"la", "sa", "ga", "lå"})


@lru_cache(maxsize=100_000)
def known_head(word: str):
    """(where the head starts, its own readings, all its readings) for the longest tail of
    ``word`` the lexicon knows after a prefix that is a word, or ``None``: ``naturmidler``
    → 5, (midler, midle, …); ``arrangerer`` → ``None`` (*arrang* is no word). A head of two
    letters only when it is one of :data:`SHORT_HEADS` (*nett·la* → *nettlegge*)."""
    from navsok.lexicon import own_readings
    from navsok.lexicon import readings as lexicon_readings

    if len(word) > MAX_LETTERS:
        return None
    for start in range(MIN_COMPOUND_PREFIX, len(word) - MIN_COMPOUND_HEAD + 1):
        for head in (word[start:], *head_respellings(word[start:])):
            found = lexicon_readings(head)
            if found:
                break
        if found and _is_compound_prefix(word[:start]):
            return start, own_readings(head), found
    start, head = len(word) - 2, word[-2:]
    found = lexicon_readings(head) if head in SHORT_HEADS else None
    if found and start >= MIN_COMPOUND_HEAD and _is_compound_prefix(word[:start]):
        return start, own_readings(head), found
    return None


def _is_compound_prefix(prefix: str) -> bool:
    from navsok.lexicon import readings as lexicon_readings

    if lexicon_readings(prefix):
        return True
    unlinked = link_stripped(prefix)
    if len(prefix) > 3 and unlinked and lexicon_readings(unlinked):
        return True
    return len(prefix) >= 2 * MIN_COMPOUND_HEAD and known_head(prefix) is not None


def head_lemmas(word: str, found: tuple[str, ...]) -> tuple[str, ...]:
    """What a rare known word is also indexed under when it is a compound of a known word
    and a known head: the lemmas its head gives it (as an unknown compound's, see
    :func:`known_head`) that are none of its readings and no headword of the lexicon. A
    new compound may be a form the lexicon knows only as another word's
    (*brosteinsbelagt*, known as an adjective only, is *brosteins·belagt*:
    *brosteinsbelegge*). Not a common word (one of the compound splitter's,
    :func:`navsok.compounds.frequencies`): the lexicon knows those well, and a prefix and
    head of one are seldom its parts (*sam·men* is no *samme*, *liv·et* no *livite*)."""
    head = known_head(word)
    if head is None:
        return ()
    from navsok.compounds import frequencies
    from navsok.lexicon import readings as lexicon_readings

    if word in frequencies():
        return ()
    prefix = word[: head[0]]
    lemmas = (prefix + lemma for lemma in head[2])
    return tuple(dict.fromkeys(lemma for lemma in lemmas
                               if lemma not in found and not lexicon_readings(lemma)))


def forget_words() -> None:
    """Empty the per-word cache of heads (see ``analysis.forget_words``)."""
    known_head.cache_clear()
