"""The benchmark's queries: the warm mix, and one query per class for the cold runs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    """One query of the fixed mix: its kind, navsok syntax, and a literal for grep (or None)."""

    kind: str
    text: str
    literal: str | None


QUERIES: tuple[Query, ...] = (
    Query("frequent", "år", "år"),
    Query("frequent (every article)", "publisert", "publisert"),
    Query("single", "barn", "barn"),
    Query("single", "dagpenger", "dagpenger"),
    Query("compound", "kvalifiseringsprogram", "kvalifiseringsprogram"),
    Query("compound", "arbeidsmarked", "arbeidsmarked"),
    Query("rare", "ytringsfriheten", "ytringsfriheten"),
    Query("rare", "ørret", "ørret"),
    Query("phrase", "\"første gang\"", "første gang"),
    Query("phrase (rare)", '"NAV Gjøvik"', "NAV Gjøvik"),
    Query("two terms", "sykepenger Heimdal", None),
    Query("or", "dagpenger OR sykepenger", None),
    Query("wildcard", "prøveprosjekt*", None),
)


@dataclass(frozen=True)
class Cold:
    """One query class for the cold runs: navsok's query and the words ``rg -il`` looks for
    (any of them; a phrase as its literal text, a pattern as its prefix)."""

    kind: str
    text: str
    literals: tuple[str, ...]


COLD: tuple[Cold, ...] = (
    Cold("rare", "ørret", ("ørret",)),
    Cold("frequent", "publisert", ("publisert",)),
    Cold("phrase", '"første gang"', ("første gang",)),
    Cold("or", "dagpenger OR sykepenger", ("dagpenger", "sykepenger")),
    Cold("wildcard", "prøveprosjekt*", ("prøveprosjekt",)),
)
