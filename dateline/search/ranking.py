"""Order search results by relevance and freshness, the same way on every search backend.

Each backend scores on its own scale: SQLite's FTS5 BM25 is negative (lower is better),
PostgreSQL's ts_rank and Elasticsearch/OpenSearch scores are positive. So the backend is
asked only for its best CANDIDATE_LIMIT matches with their scores (`annotate_score`), and
the final order is computed here, in Python, from three factors:

    score = relevance × headline × freshness

relevance  |backend score| / the best |score| among the candidates, in (0, 1].
headline   1 + HEADLINE_WEIGHT × the share of the query's words found in the headline.
           PostgreSQL and Elasticsearch weight titles already; FTS5's BM25 weighs every
           column alike, so this gives a headline match the same edge on every backend.
freshness  FRESHNESS_FLOOR + (1 − FRESHNESS_FLOOR) × 0.5 ** (age / HALF_LIFE): a story
           loses half of its recency bonus every HALF_LIFE, and never more than
           (1 − FRESHNESS_FLOOR) of its score, so a much better old match still beats a
           fresh passing mention.

Ties go to the newer story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .highlight import term_pattern

CANDIDATE_LIMIT = 100
HEADLINE_WEIGHT = 1.0
HALF_LIFE = timedelta(days=7)
FRESHNESS_FLOOR = 0.5


@dataclass(frozen=True)
class Candidate:
    """What ranking and facets need of a match; the full article is loaded only if shown."""

    pk: int
    headline: str
    published_at: datetime | None
    sector_id: int | None
    kind: str
    backend_score: float | None


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: float


def freshness(published_at: datetime | None, now: datetime) -> float:
    if published_at is None:
        return FRESHNESS_FLOOR
    age = max((now - published_at) / HALF_LIFE, 0.0)
    return FRESHNESS_FLOOR + (1 - FRESHNESS_FLOOR) * 0.5**age


def headline_share(headline: str, patterns: Sequence[re.Pattern[str]]) -> float:
    """The share of the query's words (one pattern each) that the headline contains."""
    if not patterns:
        return 0.0
    return sum(1 for p in patterns if p.search(headline)) / len(patterns)


def rank(candidates: Iterable[Candidate], terms: Sequence[str], now: datetime) -> list[Ranked]:
    """Candidates best first by relevance × headline × freshness."""
    pool = list(candidates)
    patterns = [p for p in (term_pattern([t]) for t in terms) if p is not None]
    best = max((abs(c.backend_score or 0.0) for c in pool), default=0.0)
    ranked = []
    for candidate in pool:
        relevance = abs(candidate.backend_score or 0.0) / best if best else 1.0
        headline = 1 + HEADLINE_WEIGHT * headline_share(candidate.headline, patterns)
        score = relevance * headline * freshness(candidate.published_at, now)
        ranked.append(Ranked(candidate, score))
    oldest = datetime.min.replace(tzinfo=now.tzinfo)
    ranked.sort(
        key=lambda r: (r.score, r.candidate.published_at or oldest, r.candidate.pk), reverse=True
    )
    return ranked
