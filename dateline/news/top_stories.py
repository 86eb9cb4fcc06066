"""How the front page ranks its top stories, in the open.

    score = 0.45 × freshness + 0.35 × coverage + 0.20 × readership

- freshness: 2^(−hours since publication / 8), 1 for a story just out;
- coverage: the number of agencies whose copy the story was written from, out of 4 (4 or more
  count as 4): a story every agency is covering matters to more readers;
- readership: reads in the last 24 hours, as a share of the most-read candidate's.

Editors' picks (Settings → Front page) come first, in the editors' order. The rest are the
latest CANDIDATES live news stories, best score first, ties to the newer. Only what every
reader may see is a candidate, pinned or not: nothing killed, held, embargoed or private.
The home page prints the weights from WEIGHTS, so what readers are told is what runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, Sum

from .models import ArticleKind, ArticlePage
from .models.front_page import FrontPage

WEIGHTS = {"freshness": 0.45, "coverage": 0.35, "readership": 0.20}
# How the home page names each term to readers.
TERMS = {
    "freshness": "how fresh it is",
    "coverage": "how many agencies cover it",
    "readership": "what readers read",
}
FRESHNESS_HALF_LIFE_HOURS = 8.0
FULL_COVERAGE = 4
READS_WINDOW = timedelta(hours=24)
CANDIDATES = 200


@dataclass(frozen=True)
class Candidate:
    pk: int
    published: datetime
    agencies: int
    reads: int


def score(candidate: Candidate, now: datetime, most_reads: int) -> float:
    """The module's formula for one story; each term lies between 0 and 1."""
    hours = max((now - candidate.published).total_seconds() / 3600, 0.0)
    freshness = 0.5 ** (hours / FRESHNESS_HALF_LIFE_HOURS)
    coverage = min(candidate.agencies, FULL_COVERAGE) / FULL_COVERAGE
    readership = candidate.reads / most_reads if most_reads else 0.0
    return (
        WEIGHTS["freshness"] * freshness
        + WEIGHTS["coverage"] * coverage
        + WEIGHTS["readership"] * readership
    )


def rank(candidates: list[Candidate], now: datetime, pinned: list[int]) -> list[int]:
    """Pinned stories first in the editors' order, then the others by score."""
    most_reads = max((c.reads for c in candidates), default=0)
    rest = sorted(
        (c for c in candidates if c.pk not in pinned),
        key=lambda c: (score(c, now, most_reads), c.published, c.pk),
        reverse=True,
    )
    present = {c.pk for c in candidates}
    return [pk for pk in pinned if pk in present] + [c.pk for c in rest]


def explained() -> list[tuple[str, int]]:
    """Each term as readers are told it, with its weight in percent, heaviest first."""
    return [
        (TERMS[name], round(weight * 100))
        for name, weight in sorted(WEIGHTS.items(), key=lambda item: -item[1])
    ]


def agencies(source_agencies: str) -> int:
    """How many different agencies an article's attribution field names."""
    return len({name.strip().lower() for name in source_agencies.split(",") if name.strip()})


def top_stories(now: datetime) -> list[ArticlePage]:
    """The front page's stories, ranked; only live articles, pinned or not."""
    pinned = list(
        FrontPage.load().pins.filter(article__live=True).values_list("article_id", flat=True)
    )
    listed = ArticlePage.objects.listed().public()
    latest = list(listed.filter(kind=ArticleKind.NEWS)[:CANDIDATES])
    pinned_pages = list(listed.filter(pk__in=pinned).exclude(pk__in=[a.pk for a in latest]))
    pages = {page.pk: page for page in latest + pinned_pages}
    reads = dict(
        ArticlePage.objects.filter(pk__in=pages)
        .annotate(
            recent=Sum("read_counts__reads", filter=Q(read_counts__hour__gte=now - READS_WINDOW))
        )
        .values_list("pk", "recent")
    )
    candidates = [
        Candidate(
            pk=page.pk,
            published=page.published_at,
            agencies=agencies(page.source_agencies),
            reads=reads.get(page.pk) or 0,
        )
        for page in pages.values()
    ]
    return [pages[pk] for pk in rank(candidates, now, pinned)]
