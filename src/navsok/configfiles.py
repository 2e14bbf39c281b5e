"""Which config files apply (see :mod:`navsok.config` for what they hold), with nothing but
``os``: the cold query path (:mod:`navsok.coldquery`) asks before it reads any."""

from __future__ import annotations

import os

CONFIG_ENV = "NAVSOK_CONFIG"
PROJECT_CONFIG = "navsok.toml"


def config_files(cwd: str | None = None) -> list[str]:
    """The config files that apply, weakest first: ``$NAVSOK_CONFIG`` alone when set, else
    the user's (``$XDG_CONFIG_HOME/navsok/config.toml``) and the project's
    (``navsok.toml`` in ``cwd`` or the nearest folder above it) where they exist."""
    if os.environ.get(CONFIG_ENV):
        return [os.path.expanduser(os.environ[CONFIG_ENV])]
    found = []
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    user = os.path.join(os.path.expanduser(xdg), "navsok", "config.toml")
    if os.path.isfile(user):
        found.append(user)
    folder = os.path.realpath(cwd or os.getcwd())
    while True:
        if os.path.isfile(os.path.join(folder, PROJECT_CONFIG)):
            found.append(os.path.join(folder, PROJECT_CONFIG))
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return found
