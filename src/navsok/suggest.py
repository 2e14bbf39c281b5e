"""Spelling suggestions ("Mente du: …?"): the index's closest words for the words it lacks,
and whether a suggestion only writes the letters the query was typed without (Gjovik:
Gjøvik), which a search that found nothing then searches instead."""

from __future__ import annotations

import re
from collections.abc import Callable

from navsok.parsing import term_text

#: Fewer hits than this and navsok looks for a spelling suggestion.
FEW_HITS = 3
#: How many articles a suggested word's written forms are taken from.
SUGGESTION_SAMPLE = 5
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})
#: A query word that is no field name (title:) and no pattern (kvalifiser*, gjovik~).
_SUGGESTABLE_WORD = re.compile(r"(?<![\w:*?~])\w+(?![\w:*?~])")


#: How a keyboard or an address without them writes the Norwegian and Nordic letters.
PLAIN_LETTERS = {"æ": ("ae", "a"), "ø": ("oe", "o"), "å": ("aa", "a"), "ä": ("ae", "a"),
                 "ö": ("oe", "o"), "ü": ("ue", "u"), "é": ("e",), "è": ("e",)}


def written_plainly(typed: str, suggestion: str) -> bool:
    """Whether ``typed`` is ``suggestion`` with its Norwegian and Nordic letters written
    as a keyboard or a web address without them writes them (Gjovik, Gjoevik: Gjøvik;
    Baerum: Bærum; Makinen: Mäkinen), and not ``suggestion`` itself: then the suggestion
    is what was meant, not a guess at a typo."""
    typed, suggestion = typed.lower(), suggestion.lower()
    pattern = "".join(
        f"(?:{'|'.join(map(re.escape, (letter, *PLAIN_LETTERS[letter])))})"
        if letter in PLAIN_LETTERS else re.escape(letter)
        for letter in suggestion
    )
    return typed != suggestion and re.fullmatch(pattern, typed) is not None


def corrected_query(searcher, query: str, count: Callable[[str], int], better_than: int) -> str | None:
    """``query`` with each word the index does not know replaced by the closest word it
    does know, if ``count`` of that is more than ``better_than``; else ``None``."""

    def correct(match: re.Match) -> str:
        word = match.group(0)
        if word in _OPERATORS:
            return word
        better = closest_known_word(searcher, word)
        if better is None:
            return word
        if word.isupper() and len(word) > 1:
            return better.upper()
        return better if word[0].isupper() else better.lower()

    corrected = _SUGGESTABLE_WORD.sub(correct, query)
    if corrected == query or count(corrected) <= better_than:
        return None
    return corrected


def closest_known_word(searcher, word: str) -> str | None:
    """The article word closest in spelling to ``word``, as the article writes it, or its
    lemma when that is close and no way the articles write it is (*skrivr*: *skrive*, where
    the articles write only *skrev*); ``None`` when ``word`` is known to the index, too
    short, or nothing is close enough."""
    from whoosh.support.levenshtein import distance

    from navsok.stems import STEM_MARK

    reader, analyzer = searcher.reader(), searcher.schema["body"].analyzer
    # All the word's readings (one place): known when the index has any of them.
    terms = list(dict.fromkeys(token.text for token in analyzer(word)))
    if not terms or len(word) < 4 or not word.isalpha():
        return None
    if any(reader.doc_frequency(f, t) for t in terms for f in ("body", "title")):
        return None
    typed = terms[0].lstrip("~")  # an unknown word's stem: near lemmas and near stems
    maxdist = 1 if len(word) < 7 else 2
    near = sorted(
        (distance(typed, term.lstrip("~")), -reader.doc_frequency("body", term), term)
        for start in (typed, "~" + typed)
        for term in map(term_text, reader.terms_within("body", start, maxdist, prefix=1))
    )
    if not near:
        return None
    best = near[0][2]
    # How the articles that have the term write it; the form closest to what was typed.
    from whoosh.query import Term

    forms = set()
    for hit in searcher.search(Term("body", best), limit=SUGGESTION_SAMPLE):
        text = f"{hit.get('title', '')}\n{hit.get('body', '')}"
        forms.update(text[t.startchar : t.endchar] for t in analyzer(text, chars=True) if t.text == best)
    written = min(forms, key=lambda form: (distance(word.lower(), form.lower()), form))
    lemma_is_closer = distance(word.lower(), written.lower()) > maxdist >= distance(word.lower(), best)
    return best if lemma_is_closer and not best.startswith(STEM_MARK) else written  # ~skriv: no word
