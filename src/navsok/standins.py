"""Light stand-ins for modules a library imports but a query does not use (a small workaround).

Whoosh, numpy and Click import modules at their top that only some of their functions
need: ``tempfile`` for a temporary folder (Whoosh writing), ``numpy.linalg`` for the
matrix class, ``uuid`` for a parameter type navsok has no option of. A cold query would pay
for each. :func:`standing_in` puts a stand-in under such a name while the library loads;
the first attribute anything asks of a stand-in (an ``import X`` binds the stand-in, and
``X.f`` is looked up when called) imports the real module and answers from it, and a
``from X import f`` gets a function that does the same on its first call (:func:`deferred`).
Afterwards the names are free again: code that imports the real modules gets them.
"""

from __future__ import annotations

import importlib
import sys
import types
from contextlib import contextmanager


class StandIn(types.ModuleType):
    """Stands in for the module of its name: any attribute it lacks is the real module's."""

    def __getattr__(self, attr: str):
        if attr.startswith("__"):  # the import system asking what kind of module this is
            raise AttributeError(attr)
        return getattr(real(self.__name__), attr)


def real(name: str):
    """The real module ``name``, imported now if it is not yet (replacing a stand-in)."""
    if isinstance(sys.modules.get(name), StandIn):
        del sys.modules[name]
    return importlib.import_module(name)


def deferred(module: str, name: str):
    """A function that calls ``module.name``, importing ``module`` when first called."""

    def call(*args, **kwargs):
        return getattr(real(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


@contextmanager
def standing_in(modules: dict[str, dict[str, object]]):
    """While the ``with`` block runs, each module of ``modules`` not imported yet is a
    :class:`StandIn` with the given attributes (for the names a library takes with
    ``from X import name``: :func:`deferred` functions, or the values themselves); the
    stand-ins still there afterwards are removed. Yields the stand-ins put in place."""
    placed = {}
    for name, attributes in modules.items():
        if name not in sys.modules:
            placed[name] = StandIn(name)
            for attr, value in attributes.items():
                setattr(placed[name], attr, value)
    sys.modules.update(placed)
    try:
        yield placed
    finally:
        for name, stand_in in placed.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
