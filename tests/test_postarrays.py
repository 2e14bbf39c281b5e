"""Posting arrays beside the index (navsok.postarrays): frequent terms' postings as
arrays, one file per segment, equal to Whoosh's own; a damaged or missing file means
Whoosh's blocks are read, never a wrong answer; the files follow the index's segments."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_fast_paths import generated_articles

from navsok import postarrays, vectorrank
from navsok.cli import main
from navsok.writer import PARALLEL_ENV

#: In the generated articles body words are in about 200 of 300 articles, title words in
#: about 40: body terms get arrays, title terms stay in Whoosh's blocks.
LOW = "100"
QUERIES = ("kake", "NAV OR marked", '"første gang"', "title:kake", "sjokolade", "kake NOT NAV")


@pytest.fixture(autouse=True)
def every_query_vectorised(monkeypatch):
    """However short the posting lists, rank them over arrays (where the files are read)."""
    monkeypatch.setattr(vectorrank, "MIN_POSTINGS", 0)
    monkeypatch.setattr(vectorrank, "MIN_POSTINGS_LOADED", 0)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(corpus, index) of 300 generated articles, with arrays for terms in 100 or more."""
    from click.testing import CliRunner

    base = tmp_path_factory.mktemp("arrays")
    corpus, index_dir = base / "corpus", base / "ix"
    generated_articles(corpus, 300)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(postarrays.MIN_DOCS_ENV, LOW)
        result = CliRunner().invoke(main, ["index", str(corpus), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    return corpus, index_dir


@pytest.fixture
def index_copy(built, tmp_path) -> Path:
    shutil.copytree(built[1], tmp_path / "ix")
    return tmp_path / "ix"


def arrays_files(index_dir: Path) -> set[str]:
    return {p.name for p in index_dir.iterdir() if p.name.startswith((postarrays.PREFIX, f".{postarrays.PREFIX}"))}


def segment_files(index_dir: Path) -> set[str]:
    from navsok.store import open_index

    with open_index(index_dir).reader() as reader:
        return {postarrays.file_name(leaf.segment().segment_id()) for leaf, _ in reader.leaf_readers()}


def answers(runner, index_dir: Path) -> list[str]:
    """What each query prints as JSON lines (paths, scores, snippets) and its exit code."""
    found = []
    for query in QUERIES:
        result = runner.invoke(main, ["query", query, "--format", "json", "-n", "50",
                                      "--index", str(index_dir)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        found.append(f"{result.exit_code}\n{result.output}")
    return found


def test_frequent_terms_are_stored_as_whoosh_reads_them(built):
    """Each segment's frequent terms (body, compound parts: fractional weights), and only
    they, have arrays equal to Whoosh's posting list: documents, weights, positions."""
    import numpy as np

    from navsok.postings import positions, positions_at, read_postings
    from navsok.store import open_index

    checked = set()
    with open_index(built[1]).reader() as reader:
        for leaf, _offset in reader.leaf_readers():
            arrays = postarrays.for_reader(leaf, {})
            assert arrays is not None
            for fieldname in ("title", "body", "parts"):
                for text, info in leaf.iter_field(fieldname):
                    found = arrays.get(leaf, fieldname, text, np)
                    if info.doc_frequency() < int(LOW):
                        assert found is None, text
                        continue
                    ids, weights, values = read_postings(leaf.postings(fieldname, text), np, values=True)
                    assert found[0].tolist() == ids.tolist()
                    assert found[1].tolist() == weights.tolist()  # exactly: 0.1-weighted parts too
                    rows = np.arange(len(ids))
                    for got, expected in zip(positions_at(found[2], rows, np), positions(values, np)):
                        assert got.tolist() == expected.tolist()
                    checked.add(fieldname)
    assert checked == {"body", "parts"}


def test_an_index_answers_the_same_with_and_without_arrays(built, index_copy, runner):
    """An index without arrays files (older, or they were removed) gives the same answers."""
    with_arrays = answers(runner, built[1])
    for name in arrays_files(index_copy):
        (index_copy / name).unlink()
    assert answers(runner, index_copy) == with_arrays


@pytest.mark.parametrize("damage", ["truncated", "data garbled", "table garbled", "directory garbled", "empty",
                                    "swapped"])
def test_a_damaged_arrays_file_means_whooshs_blocks(built, index_copy, runner, damage):
    """A short, garbled or empty arrays file, or another segment's, gives the same answers
    as none (Whoosh's blocks are read instead), with no error."""
    expected = answers(runner, built[1])
    name = sorted(segment_files(index_copy))[0]
    path = index_copy / name
    data = bytearray(path.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "data garbled":  # one bit of each term's first weight and position
        import numpy as np

        length = int.from_bytes(data[-16:-8], "little")
        directory = json.loads(data[len(data) - 16 - length: len(data) - 16])
        table = np.frombuffer(bytes(data), dtype="<u8", count=len(directory["keys"]) * 13,
                              offset=directory["table"]).reshape(-1, 13)
        for start, *lengths_crcs_types in table.tolist():
            lengths, types = lengths_crcs_types[:4], lengths_crcs_types[8:]
            sizes = [n * int(directory["types"][t][-1]) for n, t in zip(lengths, types)]
            at = [start + sum(size + -size % 8 for size in sizes[:i]) for i in range(4)]
            data[at[1]] ^= 1
            data[at[3]] ^= 1
    elif damage == "table garbled":  # every row of the term table: where, how long, what type
        length = int.from_bytes(data[-16:-8], "little")
        directory = json.loads(data[len(data) - 16 - length: len(data) - 16])
        for at in range(directory["table"], directory["table"] + len(directory["keys"]) * 13 * 8, 5):
            data[at] ^= 0xA5
    elif damage == "directory garbled":
        data[-200:-20] = b"x" * 180
    elif damage == "empty":
        data = bytearray()
    else:  # another segment's file under this one's name
        other = index_copy.parent / "other"
        generated_articles(other, 40)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(postarrays.MIN_DOCS_ENV, "1")
            assert runner.invoke(main, ["index", str(other), "--index", str(other / "ix")]).exit_code == 0
        data = (other / "ix" / sorted(segment_files(other / "ix"))[0]).read_bytes()
    path.write_bytes(data)
    assert answers(runner, index_copy) == expected


def test_arrays_follow_the_segments(built, index_copy, runner, tmp_path, monkeypatch):
    """A run that adds articles gives its new segment arrays; the files of segments that
    merges or ``--rebuild`` remove, and temporary files of killed runs, are removed."""
    corpus = tmp_path / "corpus"
    shutil.copytree(built[0], corpus)
    monkeypatch.setenv(postarrays.MIN_DOCS_ENV, "20")
    monkeypatch.setenv(PARALLEL_ENV, "1000000")  # one writer: one new segment a run
    extra = tmp_path / "extra"
    generated_articles(extra, 60)
    for source in extra.iterdir():
        source.rename(corpus / f"new-{source.name}")
    (index_copy / f".{postarrays.PREFIX}MAIN_killed.bin.123").write_bytes(b"half")
    (index_copy / postarrays.file_name("MAIN_gone0000000000")).write_bytes(b"old")
    segments = len(segment_files(index_copy))
    result = runner.invoke(main, ["index", str(corpus), "--index", str(index_copy)])
    assert result.exit_code == 0, result.output
    assert len(segment_files(index_copy)) == segments + 1  # the first run's and this run's
    assert arrays_files(index_copy) == segment_files(index_copy)
    first = arrays_files(index_copy)
    result = runner.invoke(main, ["index", str(corpus), "--index", str(index_copy), "--rebuild"])
    assert result.exit_code == 0, result.output
    assert arrays_files(index_copy) == segment_files(index_copy)
    assert not first & arrays_files(index_copy)


def test_arrays_of_an_index_written_and_measured_by_hand(index_copy, tmp_path, capsys, monkeypatch):
    """``python -m navsok.postarrays INDEX`` writes the arrays an index lacks (an index
    made before them) and says what that cost; a folder that is no index is one line."""
    monkeypatch.setenv(postarrays.MIN_DOCS_ENV, LOW)
    before = {name: (index_copy / name).read_bytes() for name in arrays_files(index_copy)}
    for name in before:
        (index_copy / name).unlink()
    assert postarrays.main([str(index_copy)]) == 0
    assert capsys.readouterr().out.startswith(f"{len(before)} of {len(before)} arrays files written")
    assert {name: (index_copy / name).read_bytes() for name in arrays_files(index_copy)} == before
    assert postarrays.main([str(index_copy)]) == 0
    assert capsys.readouterr().out.startswith(f"0 of {len(before)} arrays files written")
    assert postarrays.main([str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no index" in err


@pytest.mark.parametrize("where", [[0], [3, 4, 9], [], [1, 2, 3, 300, 70_000]])
def test_positions_taken_from_arrays_equal_the_decoded_ones(where):
    """The positions of chosen postings, taken from offsets and a flat array, equal
    those decoded from Whoosh's values."""
    import numpy as np
    from whoosh.formats import Positions

    from navsok.postings import positions, positions_at

    form = Positions()
    lists = [where, [5, 6], where[:1], [7]]
    values = [form.encode(x) for x in lists]
    owner, flat = positions(values, np)
    offsets = np.r_[0, np.cumsum(np.bincount(owner, minlength=len(values)))]
    for rows in ([0, 1, 2, 3], [3, 1], [2], []):
        rows = np.array(rows, dtype=np.int64)
        got = positions_at(postarrays.Positions(offsets, flat), rows, np)
        expected = positions([values[row] for row in rows], np)
        assert [a.tolist() for a in got] == [b.tolist() for b in expected]
