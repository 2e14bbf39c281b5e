"""The Whoosh-free reader (navsok.coldread) gives what Whoosh gives: every term's postings,
weights and positions, per segment, with deletions, field lengths and stored paths; and
a folder it cannot read is ColdUnsupported, never a wrong answer."""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from navsok import coldarrays, coldread
from navsok.cli import main
from conftest import ROOT

WORDS = (
    "søknad søknaden søknader kvalifiseringsprogram kvalifiseringsprogrammet arbeidsmarkedet "
    "marked markedet pris prisen kake brus laks torsk dagpenger arbeid arbeidet NAV Gjøvik "
    "Heimdal prøveprosjekt prosjektet bruker brukeren veileder kontoret stønad sykepenger "
    "ytelsen lønn skolen barnehagen kommunen fylket helse huset bilen toget veien året dagen "
    "uka penger jobben arbeidsledige sosialhjelp boligstøtte barnetrygd alderspensjon "
    "uføretrygd tiltaket kurset opplæring går gikk gått bøker bok fiskekaker"
).split()
FIELDS = ("title", "body", "parts")


def _articles(folder: Path, count: int, seed: int) -> None:
    rnd = random.Random(seed)
    folder.mkdir(parents=True)
    for n in range(count):
        title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(2, 6)))
        body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 200 if n % 9 else 1500)))
        text = f"{title.capitalize()}\n\n{body}.\n"
        (folder / f"{folder.name}{n:03d}.txt").write_text(text, "utf-8")


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    """An index of three runs: a folder in one segment (terms of several posting blocks),
    another in parallel (several segments), then one with files removed and changed (so
    older segments have deleted documents)."""
    root = tmp_path_factory.mktemp("cold")
    _articles(root / "a", 180, 1)
    # The last of the first segment has no compound words: no parts, a length of 0.
    (root / "a" / "a999.txt").write_text("Laks\n\nLaks og torsk i dag.\n", "utf-8")
    _articles(root / "b", 90, 2)
    runner, ix = CliRunner(), root / "ix"
    # Terms in 20 articles of a segment or more get posting arrays (navsok.postarrays),
    # which the reader takes instead of Whoosh's blocks.
    env = {"XDG_CONFIG_HOME": str(root / "config"), "XDG_STATE_HOME": str(root / "state"),
           "NAVSOK_ARRAYS_MIN_DOCS": "20"}

    def run(*folders, serial=False):
        serial_env = {"NAVSOK_PARALLEL_MIN_FILES": "100000"} if serial else {}
        result = runner.invoke(main, ["index", "--index", str(ix), *map(str, folders)],
                               env={**env, **serial_env})
        assert result.exit_code == 0, result.output

    run(root / "a", serial=True)
    run(root / "a", root / "b")
    for name in ("a003.txt", "a010.txt", "b007.txt"):
        (root / name[0] / name).unlink()
    (root / "a" / "a020.txt").write_text("Ny tittel om laks\n\nLaks og torsk i Gjøvik.\n", "utf-8")
    run(root / "a", root / "b")
    return ix


def _raw(segment_reader, field: str, term: str):
    """Whoosh's own matcher of a segment's term, deleted documents included."""
    matcher = segment_reader._terms.matcher(field, term.encode("utf-8"),
                                            segment_reader.schema[field].format)
    ids, weights, values, positions = [], [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        values.append(matcher.value())
        positions.append(list(matcher.value_as("positions")))
        matcher.next()
    return ids, weights, values, positions


def _same_as_whoosh(index_dir: Path) -> tuple[int, int]:
    """Compare everything the reader gives with Whoosh's; (segments, terms) compared."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index_dir))
    cold = coldread.open_index(index_dir)
    terms = 0
    with ix.reader() as reader, ix.searcher() as searcher:
        leaves = reader.leaf_readers()
        assert [offset for _, offset in leaves] == [s.offset for s in cold.segments]
        assert cold.doc_count_all() == reader.doc_count_all()
        for field in (*FIELDS, "path", "source"):
            assert cold.field_length(field) == reader.field_length(field)
        for (leaf, _), segment in zip(leaves, cold.segments):
            assert segment.doc_count_all == leaf.doc_count_all()
            assert segment.deleted == {n for n in range(leaf.doc_count_all()) if leaf.is_deleted(n)}
            for field in FIELDS:
                lengths = segment.lengths(field)
                assert [coldread.BYTE_TO_LENGTH[b] for b in lengths] == [
                    leaf.doc_field_length(n, field) or 0 for n in range(leaf.doc_count_all())]
                words = [t.decode("utf-8") for t in leaf.lexicon(field)]
                assert segment.terms_with_prefix(field, "") == words
                for term in words:
                    ids, weights, values, positions = _raw(leaf, field, term)
                    assert segment.postings(field, term) == (ids, weights), (field, term)
                    assert segment.values(field, term) == values
                    assert segment.positions(field, term) == positions
                    assert segment.doc_frequency(field, term) == leaf.doc_frequency(field, term)
                    assert len(ids) == segment.doc_frequency(field, term)
                    terms += 1
                assert segment.postings(field, "ikkeetord") is None
                assert segment.values(field, "ikkeetord") == []
                assert segment.doc_frequency(field, "ikkeetord") == 0
        for field in FIELDS:
            for term in {t.decode("utf-8") for t in reader.lexicon(field)}:
                assert cold.doc_frequency(field, term) == reader.doc_frequency(field, term)
            for prefix in ("s", "søk", "arbeid", "~", "x", "å"):
                expected = [t.decode("utf-8") if isinstance(t, bytes) else t
                            for t in reader.expand_prefix(field, prefix)]
                found = {t for s in cold.segments for t in s.terms_with_prefix(field, prefix)}
                assert sorted(found) == expected
        for n in range(reader.doc_count_all()):
            if not reader.is_deleted(n):
                assert cold.stored_path(n) == searcher.stored_fields(n)["path"]
    return len(cold.segments), terms


def test_every_term_of_a_segmented_index_with_deletions_reads_as_in_whoosh(index):
    cold = coldread.open_index(index)
    assert len(cold.segments) >= 2
    assert any(segment.deleted for segment in cold.segments)
    first = cold.segments[0]
    assert first.doc_count_all == 181
    assert max(first.doc_frequency("body", t) for t in first.terms_with_prefix("body", "")) > 128
    # A length column ends at its segment's last document of a length above 0.
    assert (index / f"{first.segment_id}._parts_len.col").stat().st_size < first.doc_count_all
    segments, terms = _same_as_whoosh(index)
    assert segments >= 2 and terms > 500
    arrays = [coldarrays.open_arrays(str(index), s.segment_id, s.doc_count_all) for s in cold.segments]
    assert sum(len(found.rows) for found in arrays if found) > 50  # read from the arrays


def test_the_seed_index_reads_as_in_whoosh(index_dir):
    assert _same_as_whoosh(index_dir)[1] > 100


def test_byte_to_length_is_whooshs():
    from whoosh.util.numeric import byte_to_length

    assert coldread.BYTE_TO_LENGTH == tuple(byte_to_length(n) for n in range(256))


def test_a_column_with_and_without_stored_starts():
    from whoosh.columns import VarBytesColumn
    from whoosh.filedb.structfile import StructFile

    values = [b"a", b"", b"xyz" * 300, b"q", b""]
    for cutoff in (2, 2**15):  # more documents than the cutoff: starts written ("X")
        buffer = io.BytesIO()
        writer = VarBytesColumn(write_offsets_cutoff=cutoff).writer(StructFile(buffer))
        for n, value in enumerate(values):
            if value:
                writer.add(n, value)
        writer.finish(len(values))
        data, starts, lengths = coldread._var_bytes(buffer.getvalue(), len(values))
        assert [data[s:s + n] for s, n in zip(starts, lengths)] == values


def test_importing_it_loads_neither_whoosh_nor_numpy():
    probe = ("import navsok.coldread, sys; "
             "print([m for m in sys.modules if m.startswith(('whoosh', 'numpy'))])")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, env=env)
    assert run.stdout.strip() == "[]"


def _copy(index: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ix"
    shutil.copytree(index, target)
    return target


def test_what_it_cannot_read_is_cold_unsupported(index, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for folder in (empty, tmp_path / "missing"):
        with pytest.raises(coldread.ColdUnsupported):
            coldread.open_index(folder)
    ix = _copy(index, tmp_path)
    toc = next(ix.glob("_MAIN_*.toc"))
    data = toc.read_bytes()
    for damaged in (data[: len(data) // 2], data[:-9], data[:5], b"",
                    data.replace(b"W3Segment", b"W9Segment"),  # a class it does not know
                    data[:7] + b"\xff\xff\xff\x90" + data[11:]):  # another TOC version
        toc.write_bytes(damaged)
        with pytest.raises(coldread.ColdUnsupported):
            coldread.open_index(ix)
    toc.write_bytes(data)
    assert coldread.open_index(ix).doc_count_all()


def test_a_damaged_segment_file_is_cold_unsupported(index, tmp_path):
    ix = _copy(index, tmp_path)
    cold = coldread.open_index(ix)
    segment = cold.segments[0]
    terms = segment.terms_with_prefix("body", "")
    term = next(t for t in terms if segment.doc_frequency("body", t) < 20)  # no arrays
    (ix / f"{segment.segment_id}.pst").write_bytes(b"")
    with pytest.raises(coldread.ColdUnsupported):
        segment.postings("body", term)
    last = cold.segments[-1]
    trm = ix / f"{last.segment_id}.trm"
    trm.write_bytes(trm.read_bytes()[:40])
    with pytest.raises(coldread.ColdUnsupported):
        last.doc_frequency("body", term)
    (ix / f"{last.segment_id}._stored.col").write_bytes(b"\x00" * 3)
    with pytest.raises(coldread.ColdUnsupported):
        cold.stored_path(cold.doc_count_all() - 1)


def test_a_damaged_arrays_file_means_whooshs_blocks(index, tmp_path):
    ix = _copy(index, tmp_path)
    segment = coldread.open_index(ix).segments[0]
    term = max(segment.terms_with_prefix("body", ""), key=lambda t: segment.doc_frequency("body", t))
    expected = segment.postings("body", term), segment.positions("body", term)
    arrays = ix / f"arrays-{segment.segment_id}.bin"
    found = coldarrays.open_arrays(str(ix), segment.segment_id, segment.doc_count_all)
    start = coldarrays._TABLE_ROW.unpack_from(
        found.data, found.table + found.rows[coldarrays.key("body", term.encode("utf-8"))] * coldarrays._TABLE_ROW.size)[0]
    data = bytearray(arrays.read_bytes())
    data[start:start + 8] = b"garbled!"  # the term's document numbers: their checksum fails
    arrays.write_bytes(bytes(data))
    again = coldread.open_index(ix).segments[0]
    assert (again.postings("body", term), again.positions("body", term)) == expected
    arrays.write_bytes(b"NAVARR3\n")  # a short file: no arrays at all
    again = coldread.open_index(ix).segments[0]
    assert (again.postings("body", term), again.positions("body", term)) == expected
