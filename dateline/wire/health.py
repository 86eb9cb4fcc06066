"""Source health as an operator reads it: when it last worked, what failed, is it QUIET."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from dateline.wire.models import Rejection, Source, WireItemRecord
from dateline.wire.report import short_reason


@dataclass
class SourceHealth:
    source: Source
    status: str  # OK, QUIET, FAILING or OFF
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error: str
    items: int
    rejected: int
    reasons: Counter = field(default_factory=Counter)

    @property
    def quiet(self) -> bool:
        return self.status == "QUIET"


def source_health(
    sources: Iterable[Source] | None = None, now: datetime | None = None
) -> list[SourceHealth]:
    """Health of the given sources (all by default), with three queries whatever their number."""
    now = now or timezone.now()
    sources = list(Source.objects.all() if sources is None else sources)
    ids = [source.pk for source in sources]
    items = dict(
        WireItemRecord.objects.filter(source_id__in=ids)
        .values_list("source_id")
        .annotate(n=Count("id"))
    )
    reasons: dict[int, Counter] = defaultdict(Counter)
    for source_id, reason, n in (
        Rejection.objects.filter(source_id__in=ids)
        .values_list("source_id", "reason")
        .annotate(n=Count("id"))
    ):
        reasons[source_id][short_reason(reason)] += n
    return [
        SourceHealth(
            source=source,
            status=status(source, now),
            last_success_at=source.last_success_at,
            last_error_at=source.last_error_at,
            last_error=source.last_error,
            items=items.get(source.pk, 0),
            rejected=sum(reasons[source.pk].values()),
            reasons=reasons[source.pk],
        )
        for source in sources
    ]


def status(source: Source, now: datetime | None = None) -> str:
    if not source.active:
        return "OFF"
    if source.is_quiet(now):
        return "QUIET"
    if source.consecutive_failures:
        return "FAILING"
    return "OK"
