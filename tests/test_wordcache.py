"""The cache of derived word tables: a table written again for a new key (a new navsok
version, new package versions) leaves only the newest files of that table."""

from __future__ import annotations

import os

from navsok import wordcache


def _names(folder) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_a_new_version_of_a_table_leaves_only_the_newest_files_of_that_table(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "navsok"
    other = wordcache.cached_lines("lexicon-holdout", "version 1", lambda: ["held"])
    kept = wordcache.cached_object("lexicon", "version 1", lambda: {"bil": (1, "bil")})
    paths = []
    for version in range(1, 5):
        key = f"version {version}"
        assert wordcache.cached_lines("lexicon", key, lambda v=version: [f"v{v}"]) == [f"v{version}"]
        paths.append(wordcache.cache_path("lexicon", key, "txt"))
        os.utime(paths[-1], (version, version))  # written one after the other
    newest = {path.name for path in paths[-wordcache.KEPT:]}
    assert _names(folder) == newest | {
        wordcache.cache_path("lexicon-holdout", "version 1", "txt").name,  # another table
        wordcache.cache_path("lexicon", "version 1", "marshal").name,  # another kind of file
    }
    # The files kept read back as written; a table removed is derived again when asked for.
    assert (other, kept) == (["held"], {"bil": (1, "bil")})
    assert wordcache.cached_lines("lexicon", "version 4", lambda: ["again"]) == ["v4"]
    assert wordcache.cached_lines("lexicon", "version 1", lambda: ["again"]) == ["again"]
