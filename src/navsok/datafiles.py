"""The word tables shipped in ``navsok/data`` (variants, strong verbs, irregular
forms): one entry a line, words separated by spaces, ``#`` lines are comments."""

from __future__ import annotations


def rows(name: str) -> list[list[str]]:
    """The words of each entry of ``data/<name>``, in file order."""
    from importlib.resources import files

    text = (files("navsok") / "data" / name).read_text("utf-8")
    return [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]
