"""What a reader typed, reduced to plain words any search backend can take safely.

The search box is public, so its text is hostile until proven otherwise: it may carry SQL,
HTML, full-text operators (`"`, `*`, `NEAR(`, `AND`/`OR`), NUL bytes or mangled encodings.
Only runs of letters and digits survive; they are passed to the backend as plain terms, so
no operator syntax of any backend can be formed from them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
MAX_TERM_CHARS = 40

# Words that carry no meaning on their own. PostgreSQL's English configuration drops most and
# SQLite's FTS5 none; dropping them here gives readers the same answer on every backend.
# "said" and "says" are in most wire stories: matching them would rank nearly every article.
STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "said",
        "says",
    }
)

WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class ReaderQuery:
    """The query as shown back to the reader and as the words sent to the backend."""

    text: str
    terms: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def backend_text(self) -> str:
        return " ".join(self.terms)


def printable(raw: str) -> str:
    """Drop control characters (NUL included) and cap the length; fit to echo into the page."""
    kept = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw[: MAX_QUERY_CHARS * 2]
    )
    return " ".join(kept.split())[:MAX_QUERY_CHARS]


def parse_query(raw: str | None) -> ReaderQuery:
    """Words of the query, lower-cased, de-duplicated, meaningful words first."""
    text = printable(raw or "")
    words: list[str] = []
    for word in WORD.findall(text.casefold()):
        if len(word) <= MAX_TERM_CHARS and word not in words:
            words.append(word)
    meaningful = [w for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    return ReaderQuery(text=text, terms=tuple((meaningful or words)[:MAX_TERMS]))
