"""Apertium's analysers as a held-out dictionary: every path of a transducer as lt-print
writes it, and the paradigms its analyses make."""

from navsok.paradigms import apertium_table
from navsok.transducer import paths_of

# Two sections as lt-print writes them: ``bok``/``boka`` (one state shared by both words),
# and a looping guesser (any run of x) that must not be walked for ever.
ATT = """\
0\t1\tb\tb\t0.000000
1\t2\to\to\t0.000000
2\t3\tk\tk\t0.000000
3\t4\tε\t<n>\t0.000000
3\t5\ta\tε\t0.000000
5\t4\tε\t<n><def>\t0.000000
4\t0.000000
--
0\t1\tx\tx\t0.000000
1\t1\tx\tx\t0.000000
1\t2\tε\t<np>\t0.000000
0\t2\ty\ty<np>\t0.000000
2\t0.000000
"""


def test_every_path_of_each_section_and_none_through_a_loop():
    found = sorted(paths_of(ATT.splitlines()))
    assert found == [("bok", "bok<n>"), ("boka", "bok<n><def>"), ("y", "y<np>")]
    # a line that is no state or arc (a warning in the output) is passed over
    assert sorted(paths_of(["Warning: x", *ATT.splitlines()])) == found


def test_apertium_analyses_make_paradigms_as_the_word_banks_do():
    table = apertium_table([
        ("skriv", "skrive<vblex><pres>"),
        ("skreiv", "skrive<vblex><pret>"),
        ("skrivne", "skrive<adj><pp><pl>"),  # the participle's adjective forms: the verb's
        ("skrivande", "skrive<adj><pprs>"),  # the present participle: an adjective of its own
        ("bok", "bok<n><f><sg><ind>"),
        ("boki", "bok<n><f><sg><def>"),
        ("bokas", "bok<n><f><sg><def><gen>"),  # genitives: no word of the word banks
        ("bok-", "bok<n><f><sg><ind><cmp-split>"),  # a compound's first part
        ("god", "god<adj><sint><pst><mf><sg><ind>"),
        ("godt", "god<adj><sint><pst><nt><sg><ind>"),
        ("Oslo", "Oslo<np><top>"),
        ("kaste opp", "kaste<vblex><inf># opp"),
    ])
    assert table["verb"] == {"skrive": {"skrive", "skriv", "skreiv", "skrivne"}}
    assert table["noun"] == {"bok": {"bok", "boki"}}
    assert table["adj"] == {"god": {"god", "godt"}}


def test_a_missing_or_failing_lt_print_is_one_clear_error(tmp_path, monkeypatch):
    import pytest

    from navsok.transducer import TransducerUnavailable, paths

    binary = tmp_path / "nno-nob.automorf.bin"
    binary.write_bytes(b"\x00damaged")
    monkeypatch.setenv("PATH", str(tmp_path))  # no lt-print on the path
    with pytest.raises(TransducerUnavailable, match="lt-print is not installed"):
        paths(binary)
    failing = tmp_path / "lt-print"  # one that cannot read the file, as on a damaged one
    failing.write_text("#!/bin/sh\necho 'Error: malformed transducer' >&2\nexit 1\n")
    failing.chmod(0o755)
    with pytest.raises(TransducerUnavailable, match="could not read .*malformed transducer"):
        paths(binary)
