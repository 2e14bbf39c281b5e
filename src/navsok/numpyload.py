"""numpy for the query path, loaded without OpenBLAS's threads and without its linear
algebra module (a small workaround).

numpy's wheels bring OpenBLAS, which starts a thread per core when numpy is imported;
navsok's arrays need no linear algebra, only element-wise operations, sorting and
searching. With one BLAS thread a cold import is about 80 ms shorter on this project's
2-core machine (``OPENBLAS_NUM_THREADS=1 python -c 'import numpy'``). A value the user
set is kept, and the variable is unset again after the import, so programs navsok
starts (a pager) see the environment they would have seen.

``import numpy`` also imports ``numpy.linalg`` (for the four functions ``numpy.matrix``
and ``numpy.polyfit`` take from it), and with it ``numpy._typing``'s annotations: about
a fifth of numpy's import time. While numpy loads, a stand-in (:mod:`navsok.standins`)
takes the name ``numpy.linalg``: its functions import the real module when first called;
afterwards ``numpy.linalg`` (and ``np.linalg``) is the real module for whoever uses it.
``ctypes`` (for an array's ``.ctypes`` attribute) waits the same way. The ``navsok``
program also leaves out the docstrings of numpy's C functions (:func:`without_docstrings`).
"""

from __future__ import annotations

import os
import sys

from navsok.standins import deferred, standing_in

_THREADS = "OPENBLAS_NUM_THREADS"
_LINALG = "numpy.linalg"
#: What numpy's own modules take from ``numpy.linalg`` while ``numpy`` is imported.
_DEFERRED = ("matrix_power", "eigvals", "inv", "lstsq")
#: The modules that attach the docstrings of numpy's C functions and types.
_DOCS = ("numpy._core._add_newdocs", "numpy._core._add_newdocs_scalars")
_docstrings = True


def without_docstrings() -> None:
    """Import numpy (when it is imported) without the docstrings of its C functions and
    types: a seventh of its import, never shown by the ``navsok`` program, which asks
    for this. numpy imported before, and numpy in other programs, keep them."""
    global _docstrings
    _docstrings = False


def load_numpy():
    """The numpy module, imported with one OpenBLAS thread unless the user chose another,
    and without ``numpy.linalg`` until something uses it."""
    if "numpy" not in sys.modules:
        chosen = _THREADS in os.environ
        if not chosen:
            os.environ[_THREADS] = "1"
        try:
            _import_without_linalg()
        finally:
            if not chosen:
                os.environ.pop(_THREADS, None)
    import numpy

    return numpy


def _import_without_linalg() -> None:
    stand_ins = {_LINALG: {name: deferred(_LINALG, name) for name in _DEFERRED}, "ctypes": {}}
    if not _docstrings:
        stand_ins.update((name, {}) for name in _DOCS)
    with standing_in(stand_ins) as placed:
        import numpy
    if _LINALG in placed and numpy.__dict__.get("linalg") is placed[_LINALG]:
        del numpy.linalg  # numpy's module __getattr__ imports the real one when asked
