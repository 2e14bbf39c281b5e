"""More like this: the articles most like a stored one (`navsok similar PATH`,
`query --like PATH`, the shell's `:like PATH`).

An article's distinctive terms are Whoosh's key terms (the Bo1 model: terms frequent in
the article and rare in the index) over navsok's analysed terms, so inflections and
spellings meet, and each is searched as the article writes it, weighted by how
distinctive it is. The search is navsok's own (:meth:`navsok.search.Session.search`):
hits print as query hits, compound parts count, and ``--explain`` names the shared terms.
No Click or Rich here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from navsok.errors import NavsokError

#: How many distinctive terms of the article are searched.
KEY_TERMS = 12
#: Key terms come from the article's text as the ``body`` field analyses it.
FIELD = "body"


def more_like(session, key: str, limit: int = 10, **options):
    """The ``limit`` articles most like the one ``key`` names (a path as `query` prints
    it, ``file.jsonl#id``, or a unique path ending, as for `navsok show`), best first, as
    a :class:`navsok.search.SearchResult`; ``options`` as for ``Session.search``."""
    from navsok import catalog

    found = catalog.find_articles(session.index_dir, key)
    if len(found) > 1:
        raise NavsokError(f"{key} holds {len(found)} articles; name one, e.g. {found[0].path}")
    article = found[0]
    words, allowed = _key_words(session.index_dir, article, options.get("filters"))
    if not words:
        raise NavsokError(f"{key} has no words to compare")
    query = " OR ".join(f"{word}^{weight:.3f}" for word, weight in words)
    result = session.search(query, limit=limit + 1, **options)
    hits = [hit for hit in result.hits if hit.path != article.path][:limit]
    hits = [replace(hit, rank=rank) for rank, hit in enumerate(hits, 1)]
    # The article has every one of its words, so it is among the matches unless a
    # filter (--since, --source …) leaves it out; it is not counted as like itself.
    total = result.total - allowed
    return replace(result, query=f"like {key}", total=total, hits=hits, suggestion=None)


def _key_words(index_dir, article, filters) -> tuple[list[tuple[str, float]], bool]:
    """:func:`key_words` of ``article``, and whether ``filters`` let the article through."""
    from navsok.wordterms import use_stem_table
    from navsok.store import open_index

    ix = open_index(index_dir)
    use_stem_table(index_dir)
    text = f"{article.title}\n{article.body}"
    with ix.searcher() as searcher:
        words = key_words(searcher, text)
    return words, filters is None or _allowed(article, filters, ix.schema)


def _allowed(article, filters, schema) -> bool:
    """Whether ``filters`` let ``article`` through, decided on its stored date and source
    as the filter queries decide (a date range matcher lists every dated article)."""
    day = article.date.date() if article.date else None
    if (filters.since or filters.until) and day is None:
        return False
    if (filters.since and day < filters.since) or (filters.until and day > filters.until):
        return False
    if filters.source:
        wanted = list(schema["source"].process_text(filters.source, mode="query"))
        words = list(schema["source"].process_text(article.source or ""))
        return any(words[i : i + len(wanted)] == wanted for i in range(len(words)))
    return True


def key_words(searcher, text: str, count: int = KEY_TERMS) -> list[tuple[str, float]]:
    """The ``count`` most distinctive terms of ``text`` in the searcher's index, each as
    the text most often writes it, with its weight (the most distinctive 1.0)."""
    terms = searcher.key_terms_from_text(FIELD, text, numterms=count, normalize=True)
    forms: dict[str, Counter] = defaultdict(Counter)
    for token in searcher.schema[FIELD].analyzer(text, chars=True):
        forms[token.text][text[token.startchar : token.endchar].lower()] += 1
    words = []
    for term, weight in terms:
        written = [form for form, _ in forms[term].most_common() if form.isalnum()]
        if written:
            words.append((written[0], weight))
    return words
