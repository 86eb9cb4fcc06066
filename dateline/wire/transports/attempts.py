"""Recording one contact with a source: the attempt row, and the source's backoff and health."""

from __future__ import annotations

import time

from dateline.wire.models import FetchAttempt, Source
from dateline.wire.models.attempt import Outcome
from dateline.wire.report import IngestReport


class Stopwatch:
    def __init__(self) -> None:
        self.started = time.monotonic()

    @property
    def ms(self) -> int:
        return int((time.monotonic() - self.started) * 1000)


def succeeded(
    source: Source,
    report: IngestReport | None,
    *,
    size: int,
    watch: Stopwatch,
    http_status: int | None = None,
    not_modified: bool = False,
) -> FetchAttempt:
    source.record_success()
    return FetchAttempt.objects.create(
        source=source,
        outcome=Outcome.NOT_MODIFIED if not_modified else Outcome.OK,
        http_status=http_status,
        bytes=size,
        items=report.accepted + report.duplicates if report else 0,
        rejected=report.rejected if report else 0,
        duration_ms=watch.ms,
        error="; ".join(report.errors)[:5000] if report else "",
    )


def failed(
    source: Source,
    error: str,
    *,
    watch: Stopwatch,
    http_status: int | None = None,
    size: int = 0,
) -> FetchAttempt:
    source.record_failure(error)
    return FetchAttempt.objects.create(
        source=source,
        outcome=Outcome.ERROR,
        http_status=http_status,
        bytes=size,
        duration_ms=watch.ms,
        error=error[:5000],
    )
