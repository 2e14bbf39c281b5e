"""Stand-ins while a library imports: the library works as before, and the real modules
load when something first uses them (each check in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest

STANDINS = """
import sys
from navsok.standins import StandIn, deferred, standing_in

with standing_in({"colorsys": {"rgb_to_hsv": deferred("colorsys", "rgb_to_hsv")}}) as placed:
    import colorsys as early
    from colorsys import rgb_to_hsv
print(isinstance(early, StandIn), "colorsys" in sys.modules)
print(rgb_to_hsv(0.2, 0.4, 0.4) == (0.5, 0.5, 0.4), early.hls_to_rgb(0, 0.5, 0) == (0.5, 0.5, 0.5))
import colorsys
print(type(colorsys).__name__, isinstance(colorsys, StandIn), colorsys is not early)

import json  # already imported: left alone
with standing_in({"json": {}}) as placed:
    pass
print(placed, sys.modules["json"] is json)
"""


def printed(code: str, *args: str) -> list[str]:
    """The lines ``code`` prints, run in a fresh interpreter (with ``args``)."""
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=True)
    return run.stdout.splitlines()


def test_a_stand_in_answers_from_the_real_module_and_leaves():
    assert printed(STANDINS) == [
        "True False", "True True", "module False True", "{} True"]


WHOOSH = """
import sys
from navsok.whooshlean import import_whoosh
import_whoosh()
lean = ("tempfile", "shutil", "random", "calendar", "html", "hashlib", "whoosh.lang.porter",
        "whoosh.lang.dmetaphone", "whoosh.lang.morph_en", "urllib.request")
print([name for name in lean if name in sys.modules])
import hashlib
from whoosh.filedb.filetables import md5_hash
print(md5_hash(b"arbeid") == int(hashlib.md5(b"arbeid").hexdigest(), 16) & 0xFFFFFFFF)
from whoosh.analysis import DoubleMetaphoneFilter, StandardAnalyzer, StemmingAnalyzer
print([t.text for t in StemmingAnalyzer()("running dogs")],
      [t.text for t in (StandardAnalyzer() | DoubleMetaphoneFilter())("Smith")])
from whoosh.compat import htmlescape
from whoosh.util import random_name
from whoosh.util.times import adatetime
print(htmlescape("<b>&"), len(random_name(8)), adatetime(2024, 2).ceil().day)
from whoosh.filedb.filestore import RamStorage
from whoosh.fields import Schema, TEXT
ix = RamStorage().create_index(Schema(body=TEXT))
with ix.writer() as writer:
    writer.add_document(body="hello world")
with ix.searcher() as searcher:
    print(searcher.doc_count())
"""


def test_whoosh_works_with_the_query_stand_ins():
    """A query imports Whoosh without its writing, English-stemming and HTML helpers; the
    parts of Whoosh that need them still work (loading them then)."""
    assert printed(WHOOSH) == [
        "[]",
        "True",
        "['runn', 'dog'] ['SM0', 'XMT']",
        "&lt;b&gt;&amp; 8 29",
        "1",
    ]


NUMPY_LEAN = """
import sys
from navsok import numpyload
if sys.argv[1:] == ["without docstrings"]:
    numpyload.without_docstrings()
np = numpyload.load_numpy()
print(np.zeros.__doc__ is None, np.ndarray.sum.__doc__ is None, np.float64.__doc__ is None)
print(sorted(m for m in ("numpy.linalg", "numpy._typing", "ctypes") if m in sys.modules))
import ctypes
m = np.matrix([[2, 0], [0, 3]])
print((m ** 3).tolist(), m.I.tolist(), np.polyfit([0, 1, 2], [1, 3, 7], 2).round(6).tolist())
print(np.linalg.norm([3.0, 4.0]), np.arange(3).ctypes.shape[0], np.dtype(ctypes.c_int16))
import numpy.linalg
print(numpy.linalg is np.linalg, type(np.linalg).__name__)
"""


@pytest.mark.parametrize("docstrings", [True, False])
def test_numpy_loads_without_linear_algebra_until_used(docstrings):
    """navsok's numpy import leaves out numpy.linalg (and its typing annotations) and
    ctypes; whatever uses them later gets the real modules and the same answers. The
    navsok program also leaves out the docstrings of numpy's C functions."""
    assert printed(NUMPY_LEAN, *([] if docstrings else ["without docstrings"])) == [
        " ".join([str(not docstrings)] * 3),
        "[]",
        "[[8, 0], [0, 27]] [[0.5, 0.0], [0.0, 0.3333333333333333]] [1.0, 1.0, 1.0]",
        "5.0 3 int16",
        "True module",
    ]
