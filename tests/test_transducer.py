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
