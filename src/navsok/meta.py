"""An index folder's ``navsok.json``: its name, the index format, and reading it.

Light on purpose (``json`` and ``os``): the cold query path (:mod:`navsok.coldquery`)
checks an index with it before it decides whether Whoosh is needed at all.
"""

from __future__ import annotations

import json
import os

#: Bump when the schema changes: old indexes must then be rebuilt.
INDEX_FORMAT = 5
META_FILE = "navsok.json"


def read_meta(index_dir) -> dict:
    """The index's ``navsok.json`` as a dict; ``{}`` when it is missing or unreadable."""
    try:
        with open(os.path.join(index_dir, META_FILE), encoding="utf-8") as file:
            meta = json.load(file)
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}
