"""Where things live and how output looks by default: flags > environment > config file.

The config file is ``navsok.toml`` in the current folder or one above it (the project),
merged over ``$XDG_CONFIG_HOME/navsok/config.toml`` (default ``~/.config/navsok/``);
``$NAVSOK_CONFIG`` names one file to use instead. Relative paths in a file are relative
to the folder that holds it, and ``~`` is expanded::

    index = ".navsok"              # the index folder
    corpus = ["seeds", "arkiv"]    # what `navsok index` indexes when given no PATH

    [query]                        # defaults for `navsok query` and `navsok shell`
    limit = 20
    format = "plain"               # plain | json | tsv | paths
    color = "auto"                 # auto | always | never
    context = 80                   # characters around a match in a snippet
    snippets = 1
    fields = ["title", "body"]
    pager = true
    sort = "relevance"             # relevance | date
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from navsok import configfiles
from navsok.errors import NavsokError

INDEX_ENV = "NAVSOK_INDEX"
DEFAULT_INDEX = Path(".navsok")
DEFAULT_CORPUS = Path("seeds")

FORMATS = ("plain", "json", "tsv", "paths")
COLORS = ("auto", "always", "never")
SORT_ORDERS = ("relevance", "date")

#: The keys of the ``[query]`` table and a check for each value: (description, test).
QUERY_KEYS = {
    "limit": ("a whole number ≥ 1", lambda v: _is_int(v) and v >= 1),
    "context": ("a whole number ≥ 1", lambda v: _is_int(v) and v >= 1),
    "snippets": ("a whole number ≥ 1", lambda v: _is_int(v) and v >= 1),
    "format": (" or ".join(FORMATS), lambda v: v in FORMATS),
    "color": (" or ".join(COLORS), lambda v: v in COLORS),
    "fields": ("a list of field names", lambda v: _is_str_list(v) and bool(v)),
    "pager": ("true or false", lambda v: isinstance(v, bool)),
    "sort": (" or ".join(SORT_ORDERS), lambda v: v in SORT_ORDERS),
}


class ConfigError(NavsokError):
    """A config file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Settings:
    """What the config files say; ``None``/empty where they say nothing."""

    index: Path | None = None
    corpus: tuple[Path, ...] = ()
    query: dict = field(default_factory=dict)
    files: tuple[Path, ...] = ()


def index_dir(flag: Path | None = None) -> Path:
    """The index folder: ``--index``, then ``$NAVSOK_INDEX``, then the config, then ``.navsok/``."""
    if flag is not None:
        return flag
    if os.environ.get(INDEX_ENV):
        return Path(os.environ[INDEX_ENV])
    return load_settings().index or DEFAULT_INDEX


def corpus_paths() -> tuple[Path, ...]:
    """What ``navsok index`` indexes when given no PATH: the config's ``corpus``, else seeds/."""
    return load_settings().corpus or (DEFAULT_CORPUS,)


def config_files(cwd: Path | None = None) -> list[Path]:
    """The config files that apply, weakest first (:func:`navsok.configfiles.config_files`)."""
    return [Path(found) for found in configfiles.config_files(None if cwd is None else str(cwd))]


def load_settings(cwd: Path | None = None) -> Settings:
    """Read and check the config files; raises :class:`ConfigError` on the first problem."""
    index, corpus, query = None, (), {}
    files = config_files(cwd)
    for path in files:
        data = _read_toml(path)
        base = path.parent
        if "index" in data:
            index = base / Path(_expect(path, "index", data["index"], str, "a folder name")).expanduser()
        if "corpus" in data:
            paths = data["corpus"]
            if isinstance(paths, str):
                paths = [paths]
            if not _is_str_list(paths):
                raise ConfigError(f"{path}: 'corpus' must be a list of paths")
            corpus = tuple(base / Path(p).expanduser() for p in paths)
        query = {**query, **_check_query_table(path, data.get("query", {}))}
    return Settings(index=index, corpus=corpus, query=query, files=tuple(files))


def _read_toml(path: Path) -> dict:
    import tomllib

    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"index", "corpus", "query"})
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (keys: index, corpus, [query])")
    return data


def _check_query_table(path: Path, table) -> dict:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'query' must be a table ([query])")
    checked = {}
    for key, value in table.items():
        if key not in QUERY_KEYS:
            raise ConfigError(
                f"{path}: unknown key {key!r} in [query] (keys: {', '.join(QUERY_KEYS)})"
            )
        description, is_valid = QUERY_KEYS[key]
        if key == "fields" and isinstance(value, str):
            value = [name.strip() for name in value.split(",")]
        if not is_valid(value):
            raise ConfigError(f"{path}: [query] {key} must be {description}, not {value!r}")
        checked[key] = value
    return checked


def _expect(path: Path, key: str, value, kind: type, description: str):
    if not isinstance(value, kind):
        raise ConfigError(f"{path}: {key!r} must be {description}, not {value!r}")
    return value


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
