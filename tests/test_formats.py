"""Reading every format: encodings, HTML extraction, JSON records, dates and size limits."""

from datetime import datetime
from pathlib import Path

import pytest

from navsok.documents import (
    DocumentError,
    ReadOptions,
    decode_text,
    find_date,
    parse_date,
    parse_json_fields,
    read_article,
    read_file,
)
from navsok.errors import NavsokError
from corpora import write_bad_files, write_good_files


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return write_good_files(tmp_path_factory.mktemp("good"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-24", datetime(2026, 11, 24)),
        ("2026-11-24T10:15:00+01:00", datetime(2026, 11, 24, 10, 15)),
        ("24.11.2026", datetime(2026, 11, 24)),
        ("24. november 2026", datetime(2026, 11, 24)),
        ("tirsdag 3. des. 2025 kl. 14.30", datetime(2025, 12, 3, 14, 30)),
        ("1 Mai 2024", datetime(2024, 5, 1)),
        ("31.02.2026", None),
        ("Regjeringen Stoltenberg II", None),
    ],
)
def test_norwegian_and_iso_dates(text, expected):
    assert parse_date(text) == expected


def test_publisert_line_gives_the_date_and_other_lines_do_not():
    assert find_date("Utgiver: NTB\nPublisert: 2021-03-04\n\nSkrevet 5.6.2020") == datetime(
        2021, 3, 4
    )
    assert find_date("Publisert under: Regjeringen Stoltenberg II\nMøtet 5.6.2020") is None


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8-sig", "utf-16"])
def test_norwegian_letters_survive_every_encoding(encoding):
    text = "Blåbærsyltetøy på Røros og Ærø er særs søtt"
    assert decode_text(text.encode(encoding)) == text


def test_binary_data_is_not_text():
    with pytest.raises(DocumentError, match="binary"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)


def test_windows_1252_text_file_reads_with_its_metadata(good):
    article = read_article(good / "blåbær.txt")
    assert article.title == "Blåbær på Røros"
    assert "«godt» sier Æsa" in article.body
    assert (article.source, article.date) == ("Adresseavisen", datetime(2026, 11, 24))


def test_markdown_with_bom_drops_the_heading_mark(good):
    article = read_article(good / "bom.md")
    assert (article.title, article.date) == ("Møte i Ørsta", datetime(2026, 1, 2))


def test_html_keeps_the_article_and_drops_navigation_scripts_and_footer(good):
    article = read_article(good / "side.html")
    assert article.title == "Ny pris til NAV Gjøvik"
    assert "kvalifiseringsprogrammet" in article.body
    for boilerplate in ("menyord", "skriptord", "bunnord", "Forsiden"):
        assert boilerplate not in article.body
    assert article.source == "NRK"
    assert article.date.date() == datetime(2026, 11, 24).date()
    assert article.url == "https://www.nrk.no/innlandet/pris-1.2345"


def test_html_settings_made_once_extract_as_trafilaturas_own_call(good):
    """navsok makes trafilatura's settings once per process (``html_extractor``); they must
    give what its keyword call gives (metadata and tables kept, comments left out), on a
    page with navigation, a table and a comment section."""
    import trafilatura

    from navsok.formats import html_extractor

    page = (good / "side.html").read_text("utf-8").replace(
        "</article>", "<table><tr><td>Tabellcelle</td></tr></table></article>"
        '<div class="comments"><p>Kommentarfelt med mange ord</p></div>')
    extract, options = html_extractor()
    ours = extract(page, options=options).as_dict()
    theirs = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=True).as_dict()
    for tree in ("body", "commentsbody"):  # element trees: compared as their text above
        ours.pop(tree), theirs.pop(tree)
    assert ours == theirs
    assert "Tabellcelle" in ours["text"] and "Kommentarfelt" not in ours["text"]


def test_jsonl_gives_one_article_per_good_line_with_stable_ids(good):
    found = read_file(good / "saker.jsonl")
    location = str((good / "saker.jsonl").resolve())
    assert [a.path for a in found.articles] == [f"{location}#a1", f"{location}#4"]
    first, second = found.articles
    assert (first.source, first.date, first.url) == (
        "NTB", datetime(2026, 1, 1), "https://example.no/a1"
    )
    assert second.body == "Sykepengene blir endret for frilansere."  # "text" is a body key
    assert second.date == datetime(2025, 11, 24)
    assert [where.rsplit(":", 1)[1] for where, _ in found.problems] == ["2", "3"]
    assert "malformed JSON line" in found.problems[0][1]
    assert "not an object" in found.problems[1][1]


def test_json_field_names_are_configurable(tmp_path):
    path = tmp_path / "eksport.json"
    path.write_text('{"rubrikk": "Laks", "innhold": "Laksen er tilbake.", "nr": 7}', "utf-8")
    found = read_file(path)
    assert not found.articles and "see --json-fields" in found.problems[0][1]
    options = ReadOptions(json_fields=parse_json_fields("title=rubrikk, body=innhold,id=nr"))
    (article,) = read_file(path, options).articles
    assert (article.title, article.body) == ("Laks", "Laksen er tilbake.")
    assert article.path.endswith("eksport.json#7")


@pytest.mark.parametrize("spec", ["body", "tekst=innhold", "body="])
def test_bad_json_field_mapping_is_refused(spec):
    with pytest.raises(NavsokError):
        parse_json_fields(spec)


def test_duplicate_ids_in_one_file_are_problems(tmp_path):
    path = tmp_path / "dobbel.jsonl"
    path.write_text('{"id": 1, "title": "A"}\n{"id": 1, "title": "B"}\n', "utf-8")
    found = read_file(path)
    assert [a.title for a in found.articles] == ["A"]
    assert found.problems == [(f"{path}:2", "duplicate id '1'")]


def test_size_limit_refuses_big_files_and_long_lines(tmp_path):
    big = tmp_path / "stor.txt"
    big.write_text("Tittel\n\n" + "ord " * 1000, "utf-8")
    with pytest.raises(DocumentError, match="over the 1,000-byte limit"):
        read_file(big, ReadOptions(max_bytes=1000))
    assert read_file(big, ReadOptions(max_bytes=10_000)).articles
    lines = tmp_path / "linjer.jsonl"
    lines.write_text('{"title": "Kort"}\n{"title": "%s"}\n' % ("x" * 2000), "utf-8")
    found = read_file(lines, ReadOptions(max_bytes=1000))
    assert [a.title for a in found.articles] == ["Kort"]
    assert "over the 1,000-byte limit" in found.problems[0][1]


def test_every_bad_file_has_its_reason(tmp_path):
    bad = write_bad_files(tmp_path)
    reasons = {}
    for name in ("binær.txt", "tom.md", "rør.txt", "mappe.txt", "brutt.txt"):
        with pytest.raises(DocumentError) as caught:
            read_file(bad / name)
        reasons[name] = str(caught.value)
    with pytest.raises(DocumentError) as caught:
        read_file(bad / "mappe.txt" / "ulesbar.txt")
    assert reasons == {
        "binær.txt": "binary file, not text",
        "tom.md": "empty file",
        "rør.txt": "not a regular file (a pipe, socket or device)",
        "mappe.txt": "is a directory",
        "brutt.txt": "broken symbolic link",
    }
    assert str(caught.value) in ("Permission denied", "Input/output error")


def test_markdown_front_matter_gives_the_metadata(tmp_path):
    path = tmp_path / "notat.md"
    path.write_text(
        "---\ntitle: \"Laks i Altaelva\"\ndate: 2024-06-01\npublisher: iFinnmark\n"
        "url: https://example.no/laks\ntags:\n  - fisk\n---\n\n# Laks i Altaelva\n\n"
        "Sesongen startet godt.\n",
        "utf-8",
    )
    article = read_article(path)
    assert (article.title, article.date, article.source, article.url) == (
        "Laks i Altaelva", datetime(2024, 6, 1), "iFinnmark", "https://example.no/laks"
    )
    assert article.body == "Sesongen startet godt."
