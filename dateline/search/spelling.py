"""Typo tolerance: a query word no story uses is read as the closest word stories do use.

The vocabulary is the words of live headlines and standfirsts, with the number of stories
using each, built from the database (the same on SQLite and PostgreSQL) and kept in the cache
for a few minutes. A word is corrected only when the search found nothing, only to a word of
similar length that shares its first letter, and only when the two are close (difflib's
ratio of at least MIN_SIMILARITY): "cholra" is read as "cholera", "kenia" as "kenya".
The reader is told, and offered the search for the words as typed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from difflib import SequenceMatcher

from django.core.cache import cache

from dateline.news.models import ArticlePage

MIN_SIMILARITY = 0.8
MIN_WORD = 4
CACHE_KEY = "search:vocabulary:v1"
CACHE_SECONDS = 600

WORD = re.compile(r"[^\W\d_]+")

Vocabulary = dict[str, list[tuple[str, int]]]


def build_vocabulary() -> Vocabulary:
    """Words of live headlines and standfirsts by first letter, each with its story count."""
    counts: Counter[str] = Counter()
    for title, standfirst in ArticlePage.objects.live().values_list("title", "standfirst"):
        counts.update({w for w in WORD.findall(f"{title} {standfirst}".casefold())})
    by_initial: Vocabulary = defaultdict(list)
    for word, count in counts.items():
        if len(word) >= MIN_WORD - 1:
            by_initial[word[0]].append((word, count))
    return dict(by_initial)


def vocabulary() -> Vocabulary:
    found = cache.get(CACHE_KEY)
    if found is None:
        found = build_vocabulary()
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def closest(word: str, words: Vocabulary) -> str | None:
    """The most used word close enough to `word`, or None."""
    best: tuple[float, int, str] | None = None
    for candidate, count in words.get(word[0], ()):
        if candidate == word:
            return None
        if abs(len(candidate) - len(word)) > 2:
            continue
        ratio = SequenceMatcher(None, word, candidate).ratio()
        if ratio >= MIN_SIMILARITY and (best is None or (ratio, count) > best[:2]):
            best = (ratio, count, candidate)
    return best[2] if best else None


def corrected(terms: tuple[str, ...]) -> tuple[str, ...] | None:
    """The query's words with each unknown one replaced by its closest known word; None when
    no word changed."""
    words = vocabulary()
    fixed = tuple(
        (closest(term, words) or term) if len(term) >= MIN_WORD and term.isalpha() else term
        for term in terms
    )
    return fixed if fixed != terms else None
