"""numpy for the query path, loaded without OpenBLAS's threads.

numpy's wheels bring OpenBLAS, which starts a thread per core when numpy is imported;
navsok's arrays need no linear algebra, only element-wise operations, sorting and
searching. With one BLAS thread a cold import is about 80 ms shorter on this project's
2-core machine (``OPENBLAS_NUM_THREADS=1 python -c 'import numpy'``). A value the user
set is kept, and the variable is unset again after the import, so programs navsok
starts (a pager) see the environment they would have seen.
"""

from __future__ import annotations

import os
import sys

_THREADS = "OPENBLAS_NUM_THREADS"


def load_numpy():
    """The numpy module, imported with one OpenBLAS thread unless the user chose another."""
    if "numpy" not in sys.modules and _THREADS not in os.environ:
        os.environ[_THREADS] = "1"
        try:
            import numpy
        finally:
            os.environ.pop(_THREADS, None)
        return numpy
    import numpy

    return numpy
