"""Importing Whoosh for a query without the modules a query never runs (a small workaround).

``whoosh.compat`` imports ``urllib.request`` for a download helper nothing in Whoosh calls
(with it come ``http.client``, ``email`` and ``ssl``), and ``whoosh.reading`` takes its
``cached_property`` from the package of that name, which imports ``asyncio`` for an async
variant Whoosh does not use. Together about 120 of the 330 modules a cold query loaded.
``whoosh.query`` imports English word variations (``whoosh.lang.morph_en``: 79 regular
expressions compiled at import) for a query class navsok never builds.
While those Whoosh modules load, light stand-ins take the three names; afterwards the
names are free again, so code that imports the real modules later gets the real ones.
"""

from __future__ import annotations

import functools
import sys
import types


def _urlretrieve(*args, **kwargs):
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _variations(word):
    from whoosh.lang.morph_en import variations

    return variations(word)


def import_whoosh() -> None:
    """Import ``whoosh.compat``, ``whoosh.reading`` and ``whoosh.query`` with the
    stand-ins, once."""
    if "whoosh.reading" in sys.modules:
        return
    stand_ins = {
        "urllib.request": types.ModuleType("urllib.request"),
        "cached_property": types.ModuleType("cached_property"),
        "whoosh.lang.morph_en": types.ModuleType("whoosh.lang.morph_en"),
    }
    stand_ins["urllib.request"].urlretrieve = _urlretrieve
    stand_ins["whoosh.lang.morph_en"].variations = _variations  # loaded when first called
    # Whoosh uses it on reader methods: computed once per reader, kept in its __dict__.
    stand_ins["cached_property"].cached_property = functools.cached_property
    missing = {name: module for name, module in stand_ins.items() if name not in sys.modules}
    sys.modules.update(missing)
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in missing.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
