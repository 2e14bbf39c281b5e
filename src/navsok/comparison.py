"""An adjective's degrees of comparison come whole: the comparative and superlative of one
stem (Bokmål *åpnere*, *åpnest*, *åpneste*; Nynorsk *opnare*, *opnast*, *opnaste*).

A dictionary table with one lemma per form and part of speech files a comparative that is
also another word's form under that word only (Ordbank: *åpnere* is the noun *åpner*'s
plural, *stilleste* the adjective *still*'s), so the adjective lacks it. A superlative the
lexicon does file under the adjective (*åpnest*, *stillest*) gives its stem the other
degrees. A superlative, not a comparative, is the evidence: a word in -ere or -are is
often another word's plural (*leiere*, renters, is no comparison of *lei*).
"""

from __future__ import annotations

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


def degrees(stem: str, standard: str) -> tuple[str, ...]:
    """Every degree of comparison of ``stem``: its comparative and superlatives."""
    return tuple(stem + ending for ending in ENDINGS[standard])
