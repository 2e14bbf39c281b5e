"""The terms of the commonest words, worked out once per lexicon and analyser.

An index run's workers analyse every word they have not met before (the lexicon's
readings, the lemmas its ending suggests, a compound's head: about 50 µs a word), and in
a run of a few hundred pages nearly every word is new, in each worker. The most frequent
Bokmål words (:func:`navsok.compounds.frequencies`, about 21,000) are analysed once, when
an index run first needs them, and kept in a mapped file beside the lexicon
(:func:`navsok.lexicon.derived_table`) whose pages every process shares; a word is looked
up there before it is analysed. Like the stem table beside an index
(:mod:`navsok.stemtable`), it is a cache of :mod:`navsok.wordterms`, nothing more: the
file's key holds the analyser's version, so a table of another analyser is never read.
"""

from __future__ import annotations

from typing import Callable, Mapping

from navsok.stemtable import Entry

#: Bump when what this module keeps of a word changes.
VERSION = 1


class CommonWords:
    """:meth:`get` gives a common word's entry, ``None`` for any other word."""

    def __init__(self, table: Mapping[str, tuple]):
        self._table = table

    def get(self, word: str) -> Entry | None:
        found = self._table.get(word)
        if found is None:
            return None
        query, readings, parts = (tuple(terms.split(",")) if terms else () for terms in found[1:])
        return query, readings, parts, bool(found[0])


def load(analyser: tuple, describe: Callable[[str], Entry]) -> CommonWords:
    """The common words' entries: from the cache, else ``describe(word)`` for each and
    cached (a second or two, once). ``analyser`` holds the versions the entries depend on."""
    from navsok.compounds import frequencies
    from navsok.lexicon import derived_table

    def derive() -> dict[str, tuple]:
        table = {}
        for word in sorted(frequencies()):
            query, readings, parts, known = describe(word)
            table[word] = (int(known), ",".join(query), ",".join(readings), ",".join(parts))
        return table

    return CommonWords(derived_table("common", repr((VERSION, *analyser)), derive))
