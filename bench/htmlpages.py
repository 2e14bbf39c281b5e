"""The HTML row: the same generated articles as web pages with boilerplate around them
(navigation, a cookie banner, related links, a footer), indexed by ``navsok index``,
which extracts each article with trafilatura."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from measure import log, measure

PAGE = """<!DOCTYPE html>
<html lang="nb"><head><meta charset="utf-8"><title>{title} – {source}</title>
<meta property="og:site_name" content="{source}">
<meta name="date" content="{date}"></head>
<body><header><nav><a href="/">Forsiden</a> <a href="/nyheter">Nyheter</a>
<a href="/sport">Sport</a> <a href="/kultur">Kultur</a> <a href="/meninger">Meninger</a></nav>
<div class="cookie">Vi bruker informasjonskapsler for å gi deg en bedre opplevelse.
<button>Godta alle</button> <button>Innstillinger</button></div></header>
<main><article><h1>{title}</h1><p class="byline">Publisert {date}</p>
{paragraphs}
</article>
<aside><h2>Les også</h2><ul><li><a href="/a">Slik søker du om dagpenger</a></li>
<li><a href="/b">Ti tips for vinteren</a></li><li><a href="/c">Været i helgen</a></li></ul></aside>
</main><footer><p>Ansvarlig redaktør: Kari Nordmann · Org.nr. 123 456 789</p>
<p><a href="/personvern">Personvern</a> · <a href="/kontakt">Kontakt oss</a></p></footer>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
</body></html>
"""


def html_corpus(corpus: Path, out: Path, pages: int) -> Path:
    """The first ``pages`` articles of ``corpus`` as HTML pages in ``out``."""
    if out.is_dir() and sum(1 for _ in out.glob("*.html")) == pages:
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for n, path in enumerate(sorted(corpus.rglob("*.txt"))[:pages]):
        title, _, rest = path.read_text("utf-8").partition("\n\n")
        header, _, body = rest.partition("\n\n")
        meta = dict(line.split(": ", 1) for line in header.splitlines() if ": " in line)
        paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
        (out / f"side_{n:05d}.html").write_text(PAGE.format(
            title=html.escape(title), source=html.escape(meta.get("Utgiver", "")),
            date=meta.get("Publisert", ""), paragraphs=paragraphs), "utf-8")
    return out


def html_pages_per_second(navsok: Path, corpus: Path, cache: Path, work: Path, pages: int) -> dict:
    """``navsok index`` over ``pages`` HTML pages: pages per second and peak memory."""
    folder = html_corpus(corpus, cache / f"html-{pages}", pages)
    log(f"indexing {pages} HTML pages")
    run = measure([str(navsok), "index", str(folder), "--index", str(work / "html-index")],
                  sample_tree=True)
    shutil.rmtree(work / "html-index", ignore_errors=True)
    return {"html_pages": pages, "html_pages_per_s": pages / run.seconds,
            "rss_index_html_mb": run.peak_rss_mb}


def main(argv: list[str] | None = None) -> int:
    """Pages per second of one or more ``navsok`` programs (say, before and after a change)
    on the same pages, in alternating runs: ``python bench/htmlpages.py --corpus DIR
    --navsok OLD --navsok NEW``."""
    import argparse
    import statistics
    import sys
    import tempfile

    parser = argparse.ArgumentParser(description=main.__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True,
                        help="a bench/make_corpus.py corpus (its first PAGES articles become pages)")
    parser.add_argument("--pages", type=int, default=300, help="pages [%(default)s]")
    parser.add_argument("--navsok", type=Path, action="append", required=True,
                        help="a navsok program to measure (give it more than once to compare)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each [%(default)s]")
    opts = parser.parse_args(argv)
    rates: dict[Path, list[float]] = {program: [] for program in opts.navsok}
    rss: dict[Path, list[float]] = {program: [] for program in opts.navsok}
    with tempfile.TemporaryDirectory(prefix="navsok-html-") as work:
        for _ in range(opts.repeat):
            for program in opts.navsok:
                found = html_pages_per_second(program, opts.corpus, Path(work), Path(work),
                                              opts.pages)
                rates[program].append(found["html_pages_per_s"])
                rss[program].append(found["rss_index_html_mb"])
    first = statistics.median(rates[opts.navsok[0]])
    for program in opts.navsok:
        rate = statistics.median(rates[program])
        print(f"{program}: {rate:.1f} pages/s ({rate / first:.2f}x the first; runs: "
              f"{', '.join(f'{r:.1f}' for r in rates[program])}), peak memory of all "
              f"processes {max(rss[program]):.0f} MB", file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
