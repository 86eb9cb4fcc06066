"""Typo tolerance: a misspelt query word is read as the closest word stories do use.

When the words as typed find nothing, or only stories with some of them, the corrected words
are searched instead; when they find only a few, the corrected words are offered.

The database proposes the words: on PostgreSQL, the words of headlines that pg_trgm finds
similar to the typed word (a trigram index on the indexed headlines serves it); on SQLite,
the FTS5 vocabulary of every indexed word, headlines and bodies, in the typed word's first
letter. Of those, the word kept is of similar length, shares the first letter and is close by
difflib's ratio (at least MIN_SIMILARITY), the more used on a tie: "cholra" is read as
"cholera", "kenia" as "kenya". The search page says so and links to the words as typed.

The proposals may come from stories readers cannot see yet (drafts, embargoes), but only the
search for the corrected words, which finds live stories only, is ever shown.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

from django.db import DatabaseError, connection, transaction
from modelsearch.utils import get_descendants_content_types_pks

from dateline.news.models import ArticlePage

logger = logging.getLogger(__name__)

MIN_SIMILARITY = 0.8
# A word some stories use must be this close to, and used this many times less than, its
# correction.
KNOWN_WORD_SIMILARITY = 0.85
KNOWN_WORD_USES = 5
MIN_WORD = 4
MAX_LENGTH_GAP = 2
# pg_trgm's word similarity a headline needs to be read for proposals ("cholra" in
# "Cholera cases climb..." is 0.57), and how many of the most similar are read.
HEADLINE_SIMILARITY = 0.5
HEADLINES = 50

WORD = re.compile(r"[^\W\d_]+")

HEADLINE_WORDS = (
    "SELECT title_text FROM wagtailsearch_indexentry "
    "WHERE content_type_id = ANY(%s) AND %s <%% title_text "
    "ORDER BY word_similarity(%s, title_text) DESC LIMIT %s"
)
INDEXED_WORDS = (
    "SELECT term, doc FROM dateline_search_vocabulary "
    "WHERE term >= %s AND term < %s AND length(term) BETWEEN %s AND %s"
)


def _headline_words(word: str) -> list[tuple[str, int]]:
    """Words of the headlines most like `word` by trigrams, each with its headline count."""
    content_types = list(get_descendants_content_types_pks(ArticlePage))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(HEADLINE_SIMILARITY)],
        )
        cursor.execute(HEADLINE_WORDS, [content_types, word, word, HEADLINES])
        headlines = [title for (title,) in cursor.fetchall()]
    counts: Counter[str] = Counter()
    for headline in headlines:
        counts.update(set(WORD.findall(headline.casefold())))
    return list(counts.items())


def _indexed_words(word: str) -> list[tuple[str, int]]:
    """Indexed words with `word`'s first letter and about its length, with entry counts."""
    initial = word[0]
    with connection.cursor() as cursor:
        cursor.execute(
            INDEXED_WORDS,
            [
                initial,
                chr(ord(initial) + 1),
                len(word) - MAX_LENGTH_GAP,
                len(word) + MAX_LENGTH_GAP,
            ],
        )
        return [(term, count) for term, count in cursor.fetchall()]


def candidates(word: str) -> list[tuple[str, int]]:
    """The words the database proposes for `word`; none on a database without the means,
    or when the lookup fails (the search then simply stays uncorrected)."""
    lookup = {"postgresql": _headline_words, "sqlite": _indexed_words}.get(connection.vendor)
    if lookup is None:
        return []
    try:
        return lookup(word)
    except DatabaseError:
        logger.warning("Spelling lookup failed for %r", word, exc_info=True)
        return []


def closest(word: str, words: Iterable[tuple[str, int]]) -> str | None:
    """The most used word close enough to `word`, or None.

    A word stories already use (a name, or a misspelling in agency copy) is corrected only to
    a much closer and much more used one: "cholra" in one story's body still gives way to
    "cholera" in forty, but "mali" never to "malawi".
    """
    counts = dict(words)
    own = counts.get(word, 0)
    needed = KNOWN_WORD_SIMILARITY if own else MIN_SIMILARITY
    best: tuple[float, int, str] | None = None
    for candidate, count in counts.items():
        if candidate == word or candidate[:1] != word[:1]:
            continue
        if abs(len(candidate) - len(word)) > MAX_LENGTH_GAP or count < own * KNOWN_WORD_USES:
            continue
        ratio = SequenceMatcher(None, word, candidate).ratio()
        if ratio >= needed and (best is None or (ratio, count) > best[:2]):
            best = (ratio, count, candidate)
    return best[2] if best else None


def corrected(terms: tuple[str, ...]) -> tuple[str, ...] | None:
    """The query's words with each unknown one replaced by its closest known word; None when
    no word changed."""
    fixed = tuple(
        (closest(term, candidates(term)) or term)
        if len(term) >= MIN_WORD and term.isalpha()
        else term
        for term in terms
    )
    return fixed if fixed != terms else None
