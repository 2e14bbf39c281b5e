"""Where the dictionary packages keep their files, and which of their words make a
paradigm (shared by :mod:`navsok.paradigms` and :mod:`navsok.spellcheckers`)."""

from __future__ import annotations

import re
from pathlib import Path

from navsok.spelling import VOWELS

POS = ("noun", "verb", "adj")
#: A headword or form we measure: lower-case letters only (no names, abbreviations,
#: hyphenated or multi-word entries: a query of several words measures something else),
#: with a vowel (the spell-checker's imperative rule makes ``bl`` of ``ble``).
DICTIONARY_VOWELS = VOWELS + "éèêóòôâü"  # the dictionaries' accented ones too
WORD = re.compile(rf"(?=.*[{DICTIONARY_VOWELS}])[a-zæøåéèêóòôâüä]{{2,}}")


class SourceMissing(Exception):
    """A dictionary package is not installed."""


def package_file(package: str, *parts: str) -> Path:
    import importlib.util

    try:
        spec = importlib.util.find_spec(package)
    except ImportError:
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise SourceMissing(f"the Python package {package!r} is not installed "
                            f"(pip install -e '.[test]')")
    return Path(next(iter(spec.submodule_search_locations)), *parts)
