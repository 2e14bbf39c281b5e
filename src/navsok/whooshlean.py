"""Importing Whoosh for a query without the modules a query never runs (a small workaround).

``whoosh.compat`` imports ``urllib.request`` for a download helper nothing in Whoosh calls
(with it come ``http.client``, ``email`` and ``ssl``), and ``whoosh.reading`` takes its
``cached_property`` from the package of that name, which imports ``asyncio`` for an async
variant Whoosh does not use. Together about 120 of the 330 modules a cold query loaded.
``whoosh.query`` imports English word variations (``whoosh.lang.morph_en``: 79 regular
expressions compiled at import) for a query class navsok never builds, and
``whoosh.analysis`` the Porter stemmer and double metaphone (``whoosh.lang.porter``,
``whoosh.lang.dmetaphone``: regular expressions and tables) as the defaults of English
filters navsok never uses. Smaller ones: ``tempfile`` and ``shutil`` (with ``bz2``,
``lzma``) and ``random`` for writing and clustering, ``calendar`` for parsing dates in queries, ``html`` for
highlighting as HTML, and ``hashlib`` (OpenSSL's library) for the MD5 of a term's hash
slot, which the standard library's own MD5 gives alike.
While those Whoosh modules load, stand-ins (:mod:`navsok.standins`) take these names.
"""

from __future__ import annotations

import functools
import sys

from navsok.standins import deferred, standing_in


try:  # the interpreter's own MD5: the same digests as OpenSSL's, without loading OpenSSL
    from _md5 import md5 as _md5
except ImportError:
    _md5 = deferred("hashlib", "md5")


def import_whoosh() -> None:
    """Import what every query runs of Whoosh (its index format's codec, the query
    classes, the reader and searcher, and with them ``whoosh.analysis``) with the
    stand-ins, once."""
    if "whoosh.reading" in sys.modules:
        return
    with standing_in({
        "urllib.request": {"urlretrieve": deferred("urllib.request", "urlretrieve")},
        # Whoosh uses it on reader methods: computed once per reader, kept in its __dict__.
        "cached_property": {"cached_property": functools.cached_property},
        "whoosh.lang.morph_en": {"variations": deferred("whoosh.lang.morph_en", "variations")},
        "whoosh.lang.porter": {"stem": deferred("whoosh.lang.porter", "stem")},
        "whoosh.lang.dmetaphone": {
            "double_metaphone": deferred("whoosh.lang.dmetaphone", "double_metaphone")},
        "html": {"escape": deferred("html", "escape")},
        "hashlib": {"md5": _md5},
        "shutil": {"copyfileobj": deferred("shutil", "copyfileobj")},
        "tempfile": {},
        "random": {},
        "calendar": {},
    }):
        import whoosh.codec.whoosh3  # noqa: F401
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401
        import whoosh.reading  # noqa: F401
        import whoosh.searching  # noqa: F401
