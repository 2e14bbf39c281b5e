"""Where things live: the index folder and the default corpus."""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV = "NAVSOK_INDEX"
DEFAULT_INDEX = Path(".navsok")
DEFAULT_CORPUS = Path("seeds")


def index_dir(flag: Path | None = None) -> Path:
    """The index folder: ``--index`` flag, then ``$NAVSOK_INDEX``, then ``.navsok/``."""
    if flag is not None:
        return flag
    if os.environ.get(INDEX_ENV):
        return Path(os.environ[INDEX_ENV])
    return DEFAULT_INDEX
