"""The lexicon in a mapped file answers exactly as the lexicon's dict does."""

from __future__ import annotations

import pytest

from navsok import lexfile, lexicon


def test_a_written_table_reads_back_entry_for_entry(tmp_path):
    table = {
        "stasjoner": (0, "stasjon", "stasjonere"),
        "bruker": (1, "bruker", "bruke", "bruk"),
        "søknadane": (0, "søknad"),
        "å": (1, "å"),
    }
    lexfile.write(tmp_path / "t.lex", table)
    found = lexfile.LexiconFile(tmp_path / "t.lex")
    assert len(found) == len(table)
    assert {word: found.get(word) for word in table} == table
    for missing in ("", "stasjon", "stasjonerx", "søknad", "brukerne"):
        assert found.get(missing) is None


def test_a_damaged_file_is_refused(tmp_path):
    lexfile.write(tmp_path / "t.lex", {"bil": (1, "bil")})
    data = (tmp_path / "t.lex").read_bytes()
    (tmp_path / "t.lex").write_bytes(data[:-3])
    with pytest.raises(ValueError):
        lexfile.LexiconFile(tmp_path / "t.lex")


def test_the_lexicon_file_holds_the_whole_lexicon():
    entries, table = lexicon.entries(), lexicon.table()
    assert isinstance(entries, lexfile.LexiconFile) and len(entries) == len(table)
    sample = sorted(table)[:: len(table) // 2000]
    assert [entries.get(word) for word in sample] == [table[word] for word in sample]
