"""Reading article files: title, source and body from the seed articles and edge cases."""

from pathlib import Path

import pytest

from navsok.documents import DocumentError, find_files, parse_text, read_article
from conftest import GJOVIK, HEIMDAL, SEEDS


def test_title_skips_archive_boilerplate_and_source_comes_from_utgiver():
    article = read_article(SEEDS / GJOVIK)
    assert article.title.startswith("NAV Gjøvik får pris for godt arbeid")
    assert article.source == "Arbeidsdepartementet"
    assert "Historisk arkiv" not in article.title
    assert article.path == str((SEEDS / GJOVIK).resolve())


def test_title_drops_the_quote_dash_and_source_comes_from_photo_credit():
    article = read_article(SEEDS / HEIMDAL)
    assert article.title == "Dette er fremtiden for NAV"
    assert article.source == "NRK"
    assert "prøveprosjekt" in article.body


def test_checksum_changes_with_content(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("Tittel\n\nTekst", "utf-8")
    before = read_article(path).checksum
    path.write_text("Tittel\n\nAnnen tekst", "utf-8")
    assert read_article(path).checksum != before


@pytest.mark.parametrize("text", ["", "   \n\n", "Historisk arkiv\n\nHistorisk arkiv\n"])
def test_article_without_text_is_refused(text):
    with pytest.raises(DocumentError):
        parse_text(text, path="x.txt")


def test_find_files_walks_folders_in_order_and_skips_hidden(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "1.txt").write_text("x")
    (tmp_path / ".skjult.txt").write_text("x")
    assert [p.name for p in find_files([tmp_path])] == ["1.txt", "2.txt"]
