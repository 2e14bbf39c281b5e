"""Every word a compiled lttoolbox transducer (Apertium's morphological analysers) knows:
its paths from the start to a final state, as (surface form, analysis) pairs.

``lt-print`` (Debian's ``lttoolbox-dev``) writes the transducer as text, one arc per line
(``from to input output weight``, ``ε`` for nothing, a final state alone on its line) and
``--`` between its sections; :func:`paths_of` walks that text. Parts of a transducer that
loop (a guesser for names of any length) have no end, so states on a cycle are not entered.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

EPSILON = "ε"


class TransducerUnavailable(Exception):
    """``lt-print`` or the compiled transducer is not on this machine, or cannot be read."""


def paths(binary: Path) -> Iterator[tuple[str, str]]:
    """(surface, analysis) for every acyclic path of the compiled transducer ``binary``."""
    program = shutil.which("lt-print")
    if program is None or not binary.is_file():
        missing = binary if program is not None else "lt-print"
        raise TransducerUnavailable(f"{missing} is not installed "
                                    "(apt-get install apertium-nno-nob lttoolbox-dev)")
    try:
        done = subprocess.run([program, str(binary)], capture_output=True, text=True, check=True)
    except subprocess.CalledProcessError as exc:  # a damaged file: lt-print says why
        why = (exc.stderr.strip().splitlines() or [f"exit status {exc.returncode}"])[-1]
        raise TransducerUnavailable(f"lt-print could not read {binary}: {why}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TransducerUnavailable(f"lt-print could not read {binary}: {exc}") from None
    return paths_of(done.stdout.splitlines())


def paths_of(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(surface, analysis) for every path of each section of ``lt-print`` text that does
    not pass through a state on a cycle."""
    section: list[list[str]] = []
    for line in lines:
        if line == "--":
            yield from _section_paths(section)
            section = []
        elif line:
            section.append(line.split("\t"))
    yield from _section_paths(section)


def _section_paths(rows: list[list[str]]) -> Iterator[tuple[str, str]]:
    arcs: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    finals = set()
    for row in rows:
        if not all(field.isdigit() for field in row[:1 if len(row) <= 2 else 2]):
            continue  # not a state or an arc: nothing lt-print writes for a good transducer
        if len(row) <= 2:
            finals.add(int(row[0]))
        else:
            arcs[int(row[0])].append((int(row[1]), _symbol(row[2]), _symbol(row[3])))
    if not arcs:
        return
    looping = _on_cycles(arcs)
    # depth first, without recursion: (state, surface so far, analysis so far)
    stack = [(0, "", "")] if 0 not in looping else []
    while stack:
        state, surface, analysis = stack.pop()
        if state in finals:
            yield surface, analysis
        for target, given, written in arcs.get(state, ()):
            if target not in looping:
                stack.append((target, surface + given, analysis + written))


def _symbol(text: str) -> str:
    return "" if text == EPSILON else text


def _on_cycles(arcs: dict[int, list[tuple[int, str, str]]]) -> set[int]:
    """The states on some cycle (Tarjan's strongly connected components, iteratively)."""
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    looping: set[int] = set()
    for root in list(arcs):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(arcs.get(root, ())))]
        while work:
            state, todo = work[-1]
            for target, _, _ in todo:
                if target not in order:
                    order[target] = low[target] = len(order)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(arcs.get(target, ()))))
                    break
                if target in on_stack:
                    low[state] = min(low[state], order[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[state])
                if low[state] == order[state]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == state:
                            break
                    if len(component) > 1 or any(t == state for t, _, _ in arcs.get(state, ())):
                        looping.update(component)
    return looping
