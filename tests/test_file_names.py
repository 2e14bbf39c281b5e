"""Any file name the file system allows: indexed, shown escaped, -0 raw, found by `show`."""

import os
import subprocess
from pathlib import Path

import pytest

from test_installed_program import NAVSOK

pytestmark = pytest.mark.skipif(NAVSOK is None, reason="navsok is not installed")

LATIN1 = b"gammel_\xe6\xf8\xe5_\xff.txt"  # not UTF-8: a name from an old Latin-1 disk
NEWLINE = b"linje\nskift.txt"
PLAIN = "vanlig.txt".encode()


def navsok(cwd: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([NAVSOK, *args], cwd=cwd, capture_output=True)


def make_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "arkiv"
    folder.mkdir()
    for name in (LATIN1, NEWLINE, PLAIN):
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(b"Sak om " + name.split(b".")[0].replace(b"\n", b" ") + b"\n\nNAV svarer.\n")
    done = navsok(tmp_path, "index", "arkiv", "--index", "ix")
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert b"3 added, 0 updated, 0 removed, 0 unchanged" in done.stdout
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Indexed once for the tests that only read."""
    return make_corpus(tmp_path_factory.mktemp("names"))


def test_every_name_is_listed_one_per_line_with_odd_bytes_escaped(corpus):
    listed = navsok(corpus.parent, "query", "NAV", "-l", "--index", "ix")
    assert listed.returncode == 0
    assert sorted(listed.stdout.decode("utf-8").splitlines()) == [
        "arkiv/gammel_\\xe6\\xf8\\xe5_\\xff.txt", "arkiv/linje\\nskift.txt", "arkiv/vanlig.txt"
    ]


def test_null_separated_paths_are_the_real_names_for_xargs(corpus):
    listed = navsok(corpus.parent, "query", "NAV", "-0", "--index", "ix")
    assert listed.returncode == 0 and listed.stdout.endswith(b"\0")
    names = listed.stdout[:-1].split(b"\0")
    assert sorted(names) == sorted(b"arkiv/" + n for n in (LATIN1, NEWLINE, PLAIN))
    counted = subprocess.run(["xargs", "-0", "cat"], input=listed.stdout, cwd=corpus.parent,
                             capture_output=True)
    assert counted.returncode == 0 and counted.stdout.count(b"NAV svarer.") == 3


@pytest.mark.parametrize("given", [b"arkiv/" + LATIN1, b"arkiv/gammel_\\xe6\\xf8\\xe5_\\xff.txt"],
                         ids=["raw bytes", "as printed"])
def test_show_finds_the_article_by_its_name_raw_or_as_printed(corpus, given):
    shown = navsok(corpus.parent, "show", os.fsdecode(given), "--index", "ix")
    assert shown.returncode == 0, shown.stderr
    assert "gammel_\\xe6\\xf8\\xe5_\\xff.txt" in shown.stdout.decode("utf-8")


def test_a_removed_odd_name_is_removed_from_the_index(tmp_path):
    corpus = make_corpus(tmp_path)
    os.unlink(os.path.join(os.fsencode(corpus), LATIN1))
    done = navsok(corpus.parent, "index", "arkiv", "--index", "ix")
    assert done.returncode == 0 and b"0 added, 0 updated, 1 removed, 2 unchanged" in done.stdout
