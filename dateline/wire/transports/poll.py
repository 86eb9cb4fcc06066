"""One round of polling: every active HTTP or folder source whose next attempt is due."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from dateline.wire.models import Source, Transport
from dateline.wire.report import IngestReport
from dateline.wire.transports.folder import scan_folder
from dateline.wire.transports.http import poll_http

logger = logging.getLogger(__name__)


@dataclass
class PollRound:
    polled: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    report: IngestReport = field(default_factory=IngestReport)


def due_sources(now: datetime | None = None) -> list[Source]:
    now = now or timezone.now()
    return list(
        Source.objects.filter(active=True, transport__in=[Transport.HTTP, Transport.FOLDER])
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("next_attempt_at", "pk")
    )


def claim(source: Source, now: datetime) -> bool:
    """Take the source for this round, so two workers never fetch it at the same time."""
    lease = now + timedelta(seconds=max(source.poll_interval, 60))
    claimed = Source.objects.filter(pk=source.pk, next_attempt_at=source.next_attempt_at).update(
        next_attempt_at=lease
    )
    return bool(claimed)


def poll_due_sources(*, now: datetime | None = None) -> PollRound:
    """Poll what is due, once; one failing source never stops the others."""
    now = now or timezone.now()
    round_ = PollRound()
    for source in due_sources(now):
        if not claim(source, now):
            continue
        try:
            if source.transport == Transport.HTTP:
                attempt, report = poll_http(source)
                ok = attempt.outcome != "error"
            else:
                scan = scan_folder(source)
                report, ok = scan.report, not scan.error
        except Exception as exc:  # noqa: BLE001 - recorded against the source, the round goes on
            logger.exception("polling %s failed", source.slug)
            source.record_failure(f"{type(exc).__name__}: {exc}")
            report, ok = None, False
        (round_.polled if ok else round_.failed).append(source.slug)
        if report:
            round_.report.add(report)
    return round_
