"""Norwegian search through the CLI: compounds, spelling variants, Nynorsk, suggestions."""

from pathlib import Path

import pytest

from conftest import GJOVIK, HEIMDAL, highlighted, names, records

MARKET = "marked.txt"  # written by the tests that need an article about the market itself


def add_articles(navsok, corpus: Path, articles: dict[str, str]) -> None:
    for name, text in articles.items():
        (corpus / name).write_text(text, "utf-8")
    assert navsok("index", str(corpus)).exit_code == 0


def hit_on_new_article(navsok, corpus: Path, name: str, text: str, query: str) -> dict:
    """Index one more article and return its hit for ``query`` (StopIteration if none)."""
    add_articles(navsok, corpus, {name: text})
    return next(h for h in records(navsok("query", query, "--json")) if h["path"].endswith(name))


@pytest.mark.parametrize(
    "query, article, compound",
    [
        ("marked", GJOVIK, "arbeidsmarkedet"),
        ("prosjekt", HEIMDAL, "prøveprosjekt"),
        ("program", GJOVIK, "kvalifiseringsprogrammet"),
    ],
)
def test_a_part_finds_the_compound_and_highlights_it_as_written(navsok, query, article, compound):
    hits = records(navsok("query", query, "--json"))
    hit = next(h for h in hits if Path(h["path"]).name == article)
    assert compound in highlighted(hit)


def test_the_word_itself_ranks_above_a_compound_that_contains_it(navsok, corpus):
    add_articles(navsok, corpus, {MARKET: "Markedet for laks\n\nMarkedet for laks er stramt."})
    assert names(navsok("query", "marked", "--json")) == [MARKET, GJOVIK, HEIMDAL]


def test_look_alike_words_are_not_split_into_false_parts(navsok, corpus):
    add_articles(navsok, corpus, {"politikk.txt": "Ny politikk\n\nPolitikken for bilder og prosent."})
    for word in ("politi", "bil", "pro", "sent"):
        assert navsok("query", word).exit_code == 1, word


@pytest.mark.parametrize("query, written", [("vår", "vår"), ("mot", "mot"), ("komme", "kom"),
                                            ("vill", "ville")])
def test_a_content_word_the_stop_list_holds_is_found(navsok, corpus, query, written):
    """Snowball's stop list holds vår (the spring), mot (courage), kom (of komme) and
    ville (wild): a search must find them, highlighted as written; og stays a stopword."""
    text = "Årstidene\n\nEtter en lang vinter kom endelig vår, og det krevde mot å bade blant ville dyr."
    hit = hit_on_new_article(navsok, corpus, "vaar.txt", text, query)
    assert written in highlighted(hit)
    assert navsok("query", "og").exit_code == 1  # a stopword: nothing is found


@pytest.mark.parametrize("query", ["og", "det er", "Og DET"])
def test_a_query_of_stopwords_only_says_why_nothing_is_found(navsok, query):
    done = navsok("query", query)
    assert done.exit_code == 1
    assert "too common to be indexed: search for a word beside" in done.stderr
    assert all(f"'{word}'" in done.stderr for word in query.lower().split())
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_query_with_a_searchable_word_gets_no_stopword_message(navsok):
    done = navsok("query", "og zorblax")
    assert done.exit_code == 1 and "stopword" not in done.stderr


def test_phrase_queries_still_need_the_words_in_order(navsok):
    assert names(navsok("query", '"NAV Heimdal"', "--json")) == [HEIMDAL]
    assert names(navsok("query", '"kvalifiseringsprogram for utsatte"', "--json")) == [GJOVIK]
    assert names(navsok("query", '"utsatte kvalifiseringsprogram"', "--json")) == []


@pytest.mark.parametrize(
    "query, written",
    [
        ("Åsen", "Aasen"),
        ("aasen", "Åsen"),
        ("Bjørn", "Björn"),
        ("kafé", "kafe"),
        ("Ærlig", "Ärlig"),
        ("SØKNAD", "søknad"),
    ],
)
def test_spelling_variants_and_case_meet(navsok, corpus, query, written):
    hit = hit_on_new_article(navsok, corpus, "variant.txt", f"Notat\n\nHer står {written} i teksten.", query)
    assert written in highlighted(hit)


def test_norwegian_letters_are_never_folded_to_a_and_o(navsok, corpus):
    add_articles(navsok, corpus, {"gjøvik.txt": "Notat\n\nSamtale med Gjøvik og Ålesund.",
                                  "dor.txt": "Notat\n\nEn dor og et bor i verkstedet."})
    # An article that writes the plain letters is found by them alone: dør is no dor.
    assert names(navsok("query", "dor", "--json")) == ["dor.txt"]
    assert "dor.txt" not in names(navsok("query", "dør", "--json"))
    assert "gjøvik.txt" in names(navsok("query", "Gjøvik", "--json"))


@pytest.mark.parametrize(
    "query, meant",
    [
        ("Gjovik", "Gjøvik"),  # ø typed as o; the capital kept
        ("gjoevik", "gjøvik"),  # ø typed as oe
        ("Alesund", "Ålesund"),  # å typed as a
        ('"samtale med Gjovik"', '"samtale med Gjøvik"'),  # the query's syntax is kept
    ],
)
def test_a_word_typed_without_its_norwegian_letters_finds_what_was_meant(navsok, corpus, query, meant):
    add_articles(navsok, corpus, {"gjøvik.txt": "Notat\n\nSamtale med Gjøvik og Ålesund."})
    result = navsok("query", query, "--json")
    # Nothing is written so: the search is for the word as the articles write it, and says so.
    assert result.exit_code == 0
    assert result.stderr == f"Viser treff for {meant} (ingen for {query})\n"
    assert "gjøvik.txt" in names(result)
    assert all(record["searched_for"] == meant for record in records(result))
    assert names(result) == names(navsok("query", meant, "--json"))
    # Counted as shown: --count and --by count what the search finds.
    counted = navsok("query", query, "--count")
    assert (counted.exit_code, counted.stdout, counted.stderr) == (0, f"{len(names(result))}\n", result.stderr)
    by_year = navsok("query", query, "--by", "year", "--format", "tsv")
    assert by_year.stdout == navsok("query", meant, "--by", "year", "--format", "tsv").stdout
    assert (by_year.exit_code, by_year.stderr) == (0, result.stderr)


@pytest.mark.parametrize(
    "query, nynorsk",
    [
        ("kommunene", "kommunane"),
        ("søknader", "søknadane"),
        ("ordningen", "ordninga"),
        ("brukerne", "brukarane"),
        ("ledighet", "ledigheita"),
        ("sykepenger", "sjukepengane"),
        ("bostøtte", "bustøtta"),
        ("arbeidsløshet", "arbeidsløyse"),
    ],
)
def test_bokmal_query_finds_nynorsk_inflection(navsok, corpus, query, nynorsk):
    hit = hit_on_new_article(navsok, corpus, "nynorsk.txt", f"Notat\n\nNo er {nynorsk} viktige.", query)
    assert nynorsk in highlighted(hit)


@pytest.mark.parametrize(
    "query, suggestion",
    [
        ("kvalifiseringsprogam", "kvalifiseringsprogram"),  # a letter missing
        ("kvalifiseringsprogammene", "kvalifiseringsprogrammet"),  # by stem: no close word
        ("Gjøvjk", "Gjøvik"),  # a typo, not a letter typed plainly: only suggested
        ('"NAV Gjøvjk"', '"NAV Gjøvik"'),  # the query's syntax is kept
    ],
)
def test_no_hits_suggests_a_correction_from_the_index_on_stderr(navsok, query, suggestion):
    result = navsok("query", query)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Mente du: {suggestion}?\n"
    assert navsok("query", suggestion).exit_code == 0


def test_suggestions_are_words_as_written_in_the_articles(navsok, corpus):
    text = (corpus / GJOVIK).read_text("utf-8").lower()
    suggested = navsok("query", "kvalifiseringsprogammene").stderr.split()[-1].rstrip("?")
    assert suggested in text.split()


def test_json_carries_the_suggestion(navsok):
    none_found = navsok("query", "kvalifiseringsprogam", "--json")
    assert records(none_found) == [{"suggestion": "kvalifiseringsprogram"}]
    few_found = records(navsok("query", "kake OR Gjovik", "--json"))
    assert [Path(r["path"]).name for r in few_found] == [HEIMDAL]
    assert all(r["suggestion"] == "kake OR Gjøvik" for r in few_found)


@pytest.mark.parametrize("query", ["kake", "pannekake", "gjovik~", "kvalifiser*", "title:Gjovik"])
def test_known_words_patterns_and_hopeless_words_get_no_suggestion(navsok, query):
    result = navsok("query", query, "--json")
    assert "Mente du" not in result.stderr
    assert all("suggestion" not in r for r in records(result))


def test_suggestion_is_spelt_as_the_article_writes_it(navsok, corpus):
    add_articles(navsok, corpus, {"makinen.txt": "Pendler\n\nBjörn Mäkinen pendler til Gjøvik."})
    assert navsok("query", "Makinen").stderr == "Viser treff for Mäkinen (ingen for Makinen)\n"
    assert navsok("query", "Mäkinon").stderr == "Mente du: Mäkinen?\n"
    assert "makinen.txt" in names(navsok("query", "Mäkinen", "--json"))


def test_a_suggestion_far_from_every_written_form_is_the_lemma(navsok, corpus):
    # The articles write only skrev, two edits from the typo skrivr; the lemma they share,
    # skrive, is one edit away and finds them.
    add_articles(navsok, corpus, {"brev.txt": "Brev\n\nHun skrev et brev til NAV."})
    assert navsok("query", "skrivr").stderr == "Mente du: skrive?\n"
    assert "brev.txt" in names(navsok("query", "skrive", "--json"))


def test_the_shell_suggests_too(navsok):
    result = navsok("shell", "-l", input="kvalifiseringsprogam\nkake\nGjovik\n")
    assert result.stderr == "Mente du: kvalifiseringsprogram?\nViser treff for Gjøvik (ingen for Gjovik)\n"
    assert [Path(p).name for p in result.stdout.split()] == [HEIMDAL, GJOVIK]


def test_a_bokmal_phrase_meets_its_nynorsk_wording(navsok, corpus):
    add_articles(navsok, corpus, {"nynorsk.txt": "Notat\n\nMange er ungdom utan jobb i år."})
    hit = next(h for h in records(navsok("query", '"ungdom uten jobb"', "--json")))
    assert hit["path"].endswith("nynorsk.txt")
    assert {"ungdom", "jobb"} <= highlighted(hit)


def test_a_dictionary_form_finds_an_ambiguous_plural_and_highlights_it(navsok, corpus):
    # funksjoner is also the imperative of funksjonere: indexed under both, found by funksjon.
    text = "Nye funksjoner\n\nAppen har fått nye funksjoner for brukerne."
    hit = hit_on_new_article(navsok, corpus, "funksjoner.txt", text, "funksjon")
    assert "funksjoner" in highlighted(hit)
    explained = records(navsok("query", "funksjon", "--json", "--explain"))
    terms = {(e["term"], e["via"]) for h in explained if h["path"].endswith("funksjoner.txt")
             for e in h["explain"]}
    assert ("funksjon", "lemma") in terms


@pytest.mark.parametrize(
    "query, text",
    [
        ("kome", "Kjem du i morgon?\n\nHan kjem heim att når det blir lyst."),  # Nynorsk strong verb
        ("gammel", "Gamle hus\n\nDei gamle husa i byen er freda."),
        ("vei", "Nye veier\n\nKommunen bygger veier til hyttene."),
    ],
)
def test_an_inflected_form_is_found_by_its_dictionary_form(navsok, corpus, query, text):
    assert hit_on_new_article(navsok, corpus, "form.txt", text, query)


def test_printers_do_not_find_type_in(navsok, corpus):
    add_articles(navsok, corpus, {"manual.txt": "Skriv inn\n\nSkriv inn passordet ditt."})
    result = navsok("query", "skrivere", "-l")
    assert result.exit_code == 1 and "manual.txt" not in result.output


def test_explain_names_the_lemma_that_joined_the_words(navsok, corpus):
    # song, a Nynorsk past of syngje, is indexed under every spelling of its verb: the
    # query word's own (named by the query word) and the others (named in the line).
    add_articles(navsok, corpus, {"kor.txt": "Koret\n\nKoret song i kyrkja."})
    hit = next(h for h in records(navsok("query", "syngje", "--json", "--explain"))
               if h["path"].endswith("kor.txt"))
    lemmas = {e["term"] for e in hit["explain"] if e["via"] == "lemma" and e["forms"] == ["song"]}
    assert "syngje" in lemmas and len(lemmas) > 1
    line = next(line for line in navsok("query", "syngje", "--explain").output.splitlines()
                if "kor.txt" in line)
    shown = {entry.rsplit(" ", 1)[0] for entry in line.split("\t")[3].split("; ")}
    assert "body:syngje→song lemma" in shown
    assert {f"body:syngje→song lemma {lemma}" for lemma in lemmas - {"syngje"}} <= shown


def test_explain_names_the_stemmer_for_words_the_lexicon_does_not_know(navsok, corpus):
    add_articles(navsok, corpus, {"zorblax.txt": "Zorblaxene\n\nZorblaxene er tilbake."})
    hit = next(h for h in records(navsok("query", "zorblax", "--json", "--explain"))
               if h["path"].endswith("zorblax.txt"))
    assert {entry["via"] for entry in hit["explain"]} == {"stem"}


def test_explain_names_a_guessed_lemma_apart_from_a_stem(navsok, corpus):
    # Neither word is in the lexicon, and no stem joins them: the ending of zorbskreiv (a
    # Nynorsk past tense, like skreiv) suggests the lemma zorbskrive.
    add_articles(navsok, corpus, {"zorb.txt": "Zorbskreiv\n\nHan zorbskreiv brevet."})
    hit = next(h for h in records(navsok("query", "zorbskrive", "--json", "--explain"))
               if h["path"].endswith("zorb.txt"))
    vias = {(entry["term"], entry["via"]) for entry in hit["explain"]}
    assert ("~zorbskrive", "guess") in vias and "stem" not in {via for _, via in vias}


def test_a_nynorsk_participle_that_is_a_bokmal_word_stays_out_of_bokmal_searches(navsok, corpus):
    """lege is the doctor in Bokmål and liggje's participle in Nynorsk: a Bokmål search for
    lå or ligge must not find the doctor, a Nynorsk search for liggje finds the participle."""
    add_articles(navsok, corpus, {
        "lege.txt": "Legen\n\nLegen sa at pasienten må hvile.",
        "sjuk.txt": "Sjukdom\n\nHan har lege sjuk i fleire veker.",
        "bok.txt": "Boka\n\nBoka lå på bordet.",
    })
    for query in ("lå", "ligge"):
        assert names(navsok("query", query, "--json")) == ["bok.txt"], query
    assert "sjuk.txt" in names(navsok("query", "liggje", "--json"))


@pytest.mark.parametrize("query, written", [("bok", "boki"), ("kvinne", "kvinnone"),
                                            ("foreining", "bussjåførforeiningas")])
def test_older_nynorsk_forms_of_an_archive_are_found_as_written(navsok, corpus, query, written):
    """Nynorsk before the 2012 norm (definite -i, plural -or/-one), and a compound whose
    head has a genitive -s and whose parts share a consonant (buss·sjåfør written
    bussjåfør): found by today's dictionary form, highlighted as written."""
    text = ("Frå arkivet\n\nBoki om kvinnone i bygda kom ut i 1952, "
            "og bussjåførforeiningas leiar skreiv forordet.")
    hit = hit_on_new_article(navsok, corpus, "arkiv.txt", text, query)
    assert written in {word.lower() for word in highlighted(hit)}


def test_an_accent_that_tells_a_word_from_a_stopword_is_kept(navsok, corpus):
    """*fôr* (fodder) and *fór* (went) are no *for*, the stopword their letters spell;
    *allé* (avenue) is no *alle*."""
    add_articles(navsok, corpus, {
        "for.txt": "Fôrprisene\n\nBonden kjøpte fôr til dyrene, og fôret ble dyrere.",
        "fór.txt": "Reisen\n\nHan fór til byen for å handle.",
        "allé.txt": "Byvandring\n\nVi gikk langs en allé med lindetrær, og alle var enige.",
    })
    avenue = navsok("query", "allé", "--json")
    assert avenue.exit_code == 0 and names(avenue) == ["allé.txt"]
    assert highlighted(records(avenue)[0]) == {"allé"}  # not alle, the stopword
    fodder = records(navsok("query", "fôr", "--json"))
    assert [Path(h["path"]).name for h in fodder] == ["for.txt"]
    assert {"fôr", "fôret"} <= highlighted(fodder[0])
    assert names(navsok("query", "fór", "--json")) == ["fór.txt"]
    assert "fór.txt" in names(navsok("query", "fare", "--json"))  # its verb
    alone = navsok("query", "for")  # the stopword alone: nothing to search
    assert alone.exit_code == 1 and "stopword" in alone.output
