"""navsok's segment writer (postings pooled per term, field lengths read once) must write
exactly the index Whoosh's own writer writes: the same bytes in every file, whether its
pool stays in memory or spills to disk in many runs, and when a commit merges segments.
Its one change, small posting blocks left uncompressed, must read back as the same
postings through Whoosh's own reader."""

from pathlib import Path

import pytest
from whoosh import index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from navsok.documents import ReadOptions, read_file
from navsok.schema import build_schema, document_fields
from navsok.segwriter import MIN_COMPRESSED, compress_large_blocks, speed_up

HERE = Path(__file__).parent
ARTICLES = sorted(
    [*(HERE.parent / "seeds").glob("*.txt"), *(HERE / "relevance" / "corpus").glob("*.txt")]
)


def _articles():
    for path in ARTICLES:
        yield from read_file(path, ReadOptions()).articles


def _build(folder: Path, limit_bytes: int | None, plain_small_blocks: bool = True,
           blocklimit: int = 128) -> dict[str, bytes]:
    """Index the articles in two commits (the second merges the first's segment, with a
    deletion), with Whoosh's writer (``limit_bytes`` None; with ``plain_small_blocks``
    leaving small blocks uncompressed as ours does) or ours; every file's bytes by its
    kind (segment names are random)."""
    folder.mkdir()
    ix = index.create_in(folder, build_schema())
    articles = list(_articles())
    half = len(articles) // 2
    for batch, merge in ((articles[:half], False), (articles[half:], True)):
        writer = SegmentWriter(ix, compound=False, codec=W3Codec(blocklimit=blocklimit))
        if limit_bytes is not None:
            speed_up(writer)
            writer.pool.limit = limit_bytes
        elif plain_small_blocks:
            compress_large_blocks(writer.fieldwriter)
        if merge:
            writer.delete_by_term("path", articles[0].path)
        for article in batch:
            writer.add_document(**document_fields(article))
        writer.commit(optimize=merge)
    files = {}
    for path in folder.iterdir():
        kind = path.name.split(".", 1)[-1] if path.name.startswith("MAIN_") else path.name
        files[kind] = path.read_bytes()
    return files


@pytest.mark.parametrize("limit_bytes, blocklimit",
                         [(10**9, 128), (20_000, 128), (10**9, 12)],
                         ids=["in memory", "many runs", "terms of many blocks"])
def test_the_index_files_are_whooshs_own(tmp_path, limit_bytes, blocklimit):
    """Byte for byte; with blocks of 12 postings, the terms in more documents go through
    Whoosh's own writer and those in 8 to 12 are compressed blocks written in one step."""
    assert len(ARTICLES) > 20
    whoosh_files = _build(tmp_path / "whoosh", None, blocklimit=blocklimit)
    ours = _build(tmp_path / "ours", limit_bytes, blocklimit=blocklimit)
    assert {"pst", "trm"} <= ours.keys()
    segment_files = {kind for kind in whoosh_files if not kind.startswith("_MAIN")}
    assert {kind: ours.get(kind) for kind in segment_files} == {
        kind: whoosh_files[kind] for kind in segment_files
    }


def _postings(folder: Path) -> dict:
    with index.open_dir(folder).reader() as reader:
        return {(field, text): _read_all(reader.postings(field, text))
                for field, text in reader.all_terms()}


def _read_all(matcher) -> list:
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


def test_uncompressed_small_blocks_read_back_as_whooshs_postings(tmp_path):
    whoosh_files = _build(tmp_path / "whoosh", None, plain_small_blocks=False)
    ours = _build(tmp_path / "ours", 10**9)
    assert len(ours["pst"]) != len(whoosh_files["pst"])  # the blocks did change
    assert _postings(tmp_path / "ours") == _postings(tmp_path / "whoosh")
    assert MIN_COMPRESSED > 1


def test_a_spilled_pool_leaves_no_run_behind(tmp_path):
    ix = index.create_in(tmp_path, build_schema())
    writer = SegmentWriter(ix, compound=False)
    speed_up(writer)
    writer.pool.limit = 5_000
    for article in _articles():
        writer.add_document(**document_fields(article))
    assert len(writer.pool.runs) > 5
    writer.commit()
    assert not list(tmp_path.rglob("*.run"))
    with ix.searcher() as searcher:
        assert searcher.doc_count() == len(list(_articles()))
