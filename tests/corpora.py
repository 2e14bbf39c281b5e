"""Temporary corpora for the tests: one file of every format, and every kind of bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="no"><head><meta charset="utf-8">
<title>Ny pris til NAV Gjøvik | NRK</title>
<meta property="og:site_name" content="NRK">
<meta property="og:title" content="Ny pris til NAV Gjøvik">
<meta name="article:published_time" content="2026-11-24T10:00:00+01:00">
<link rel="canonical" href="https://www.nrk.no/innlandet/pris-1.2345">
<script>var sporing = "skriptord";</script></head>
<body><nav><a href="/">Forsiden</a> <a href="/sport">Sport</a> menyord</nav>
<article><h1>Ny pris til NAV Gjøvik</h1>
<p>NAV Gjøvik har fått en pris for kvalifiseringsprogrammet. Det er første gang et kontor
i Innlandet vinner prisen, og lederen er stolt av de ansatte.</p>
<p>Prisen deles ut hvert år av departementet til et kontor som har gjort en særlig
innsats for brukerne sine, og juryen trakk fram samarbeidet med kommunen.</p></article>
<footer>Kontakt oss · Personvern · bunnord</footer></body></html>
"""

RECORDS = [
    {"id": "a1", "title": "Dagpenger øker fra nyttår", "body": "Dagpengene øker fra 1. januar.",
     "source": "NTB", "date": "2026-01-01", "url": "https://example.no/a1"},
    {"title": "Sykepenger blir endret", "text": "Sykepengene blir endret for frilansere.",
     "source": "NRK", "date": "24.11.2025"},
]  # fmt: skip

def write_good_files(folder: Path) -> Path:
    """One article file of each format (and a file navsok skips)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "blåbær.txt").write_bytes(
        "Blåbær på Røros\n\nUtgiver: Adresseavisen\nPublisert: 24. november 2026\n\n"
        "Syltetøy av blåbær er særs søtt – «godt» sier Æsa.\n".encode("cp1252")
    )
    (folder / "bom.md").write_bytes(
        "\ufeff# Møte i Ørsta\n\nPublisert: 2026-01-02\n\nNynorsk møte om søknadane.\n".encode()
    )
    (folder / "side.html").write_text(ARTICLE_PAGE, "utf-8")
    (folder / "liste.json").write_text(
        json.dumps([{"headline": "Overskrift om torsk", "content": "Torskefisket tar seg opp."}]),
        "utf-8",
    )
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    lines[1:1] = ["{ødelagt", '["ikke", "et objekt"]']
    (folder / "saker.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "notat.docx").write_bytes(b"PK\x03\x04 not an article navsok reads")
    return folder


def write_bad_files(folder: Path) -> Path:
    """Every kind of file navsok must refuse with one line and go on."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "binær.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "tom.md").write_bytes(b"")
    os.mkfifo(folder / "rør.txt")  # reading a pipe would hang the run
    (folder / "mappe.txt").mkdir()  # a folder named like a file: walked, holds a bad file
    (folder / "mappe.txt" / "ulesbar.txt").symlink_to(unreadable_target(folder))
    (folder / "brutt.txt").symlink_to(folder / "finnes-ikke.txt")
    return folder


def unreadable_target(folder: Path) -> Path:
    """A file that opens but cannot be read: chmod 000 for a normal user; as root (who may
    read anything) /proc/self/mem, whose first page is unmapped, so reading it fails."""
    if os.geteuid() == 0:
        return Path("/proc/self/mem")
    target = folder / ".ulesbar"
    target.write_text("hemmelig")
    target.chmod(0)
    return target


_FILLER = (
    "Arbeidsmarkedet i kommunen endret seg da kontoret fikk nye ansatte og flere "
    "brukere kom i arbeid gjennom kvalifiseringsprogrammet og tiltakene "
).split()


def _filler(n: int, words: int) -> str:
    return " ".join(_FILLER[(n + i) % len(_FILLER)] for i in range(words))


def write_many(folder: Path, count: int, words: int = 120) -> Path:
    """``count`` small distinct articles, each findable by its number word ``artikkelN``."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"art_{n:04d}.txt").write_text(
            f"Sak nummer {n}\n\nUtgiver: NTB\nPublisert: 2026-01-{n % 28 + 1:02d}\n\n"
            f"artikkel{n} {_filler(n, words)}\n",
            "utf-8",
        )
    return folder


PAGE = """<!DOCTYPE html>
<html lang="nb"><head><meta charset="utf-8"><title>Sak nummer {n} – NTB</title>
<meta property="og:site_name" content="NTB"><meta name="date" content="2026-01-{day:02d}">
</head><body><nav><a href="/">Forsiden</a> <a href="/sport">Sport</a> menyord</nav>
<div class="cookie">Vi bruker informasjonskapsler. <button>Godta alle</button></div>
<article><h1>Sak nummer {n}</h1><p>artikkel{n} {first}</p><p>{second}</p></article>
<footer>Kontakt oss · Personvern · bunnord</footer>
<script>var sporing = "skriptord";</script></body></html>
"""


def write_pages(folder: Path, count: int, words: int = 120) -> Path:
    """``count`` web pages with navigation, a cookie banner, a footer and a script around
    an article findable by its number word ``artikkelN`` (as :func:`write_many`)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        text = _filler(n, words).split()
        (folder / f"side_{n:04d}.html").write_text(
            PAGE.format(n=n, day=n % 28 + 1, first=" ".join(text[: words // 2]),
                        second=" ".join(text[words // 2 :])),
            "utf-8",
        )
    return folder
