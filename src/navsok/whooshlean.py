"""Importing Whoosh for a query without the modules a query never runs (a small workaround).

``whoosh.compat`` imports ``urllib.request`` for a download helper nothing in Whoosh calls
(with it come ``http.client``, ``email`` and ``ssl``), and ``whoosh.reading`` takes its
``cached_property`` from the package of that name, which imports ``asyncio`` for an async
variant Whoosh does not use. Together about 120 of the 330 modules a cold query loaded.
While those two Whoosh modules load, light stand-ins take the two names; afterwards the
names are free again, so code that imports the real modules later gets the real ones.
"""

from __future__ import annotations

import functools
import sys
import types


def _urlretrieve(*args, **kwargs):
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def import_whoosh() -> None:
    """Import ``whoosh.compat`` and ``whoosh.reading`` with the stand-ins, once."""
    if "whoosh.reading" in sys.modules:
        return
    stand_ins = {
        "urllib.request": types.ModuleType("urllib.request"),
        "cached_property": types.ModuleType("cached_property"),
    }
    stand_ins["urllib.request"].urlretrieve = _urlretrieve
    # Whoosh uses it on reader methods: computed once per reader, kept in its __dict__.
    stand_ins["cached_property"].cached_property = functools.cached_property
    missing = {name: module for name, module in stand_ins.items() if name not in sys.modules}
    sys.modules.update(missing)
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in missing.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
