"""Counting reads fast and exactly: an in-process tally, added to the database in batches.

The beacon only touches memory. Every few seconds the tally is swapped out under a lock and
added to `ReadCount` rows with F() updates inside one transaction, so concurrent requests,
threads and processes never lose an increment. A batch that fails to write goes back into
the tally and is tried again.

A batch is written by the request that finds it due or, when no request comes, by the
tally's own flusher thread: the last reads before a quiet spell reach the lists within a few
seconds instead of waiting for the next reader.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections import Counter
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, transaction
from django.db.models import F

from dateline.news.models import ArticlePage

from .models import ReadCount

log = logging.getLogger(__name__)

FLUSH_SECONDS = 2.0
FLUSH_ROWS = 5_000
# The flusher never looks more often than this, even when every read is due at once.
FLUSHER_MIN_WAIT = 0.1

Batch = Counter[tuple[int, datetime]]


def add_reads(batch: Batch) -> int:
    """Add a batch of (article, hour) → reads to the database; returns the reads stored.

    Reads of articles that are no longer live are dropped: a killed story earns nothing.
    """
    live = set(
        ArticlePage.objects.live()
        .filter(pk__in={article for article, _ in batch})
        .values_list("pk", flat=True)
    )
    stored = 0
    with transaction.atomic():
        for (article, hour), reads in sorted(batch.items()):
            if article not in live:
                continue
            rows = ReadCount.objects.filter(article_id=article, hour=hour)
            if not rows.update(reads=F("reads") + reads):
                try:
                    with transaction.atomic():
                        ReadCount.objects.create(article_id=article, hour=hour, reads=reads)
                except IntegrityError:
                    rows.update(reads=F("reads") + reads)
            stored += reads
    return stored


class ReadTally:
    """Reads counted in this process and not yet in the database."""

    def __init__(
        self,
        flush_seconds: float | None = None,
        flush_rows: int = FLUSH_ROWS,
        background: bool = True,
    ) -> None:
        """`background=False`: no flusher thread; whoever holds the tally flushes it."""
        self._lock = threading.Lock()
        self._pending: Batch = Counter()
        self._since = time.monotonic()
        self._flush_seconds = flush_seconds
        self._flush_rows = flush_rows
        self._has_reads = threading.Event()
        self._flusher_pid: int | None = None
        self._background = background

    def add(self, article_id: int, hour: datetime) -> None:
        with self._lock:
            self._pending[(article_id, hour)] += 1
        if not self._has_reads.is_set():
            self._has_reads.set()
        if self._background and self._flusher_pid != os.getpid():
            self._start_flusher()

    def _seconds(self) -> float:
        if self._flush_seconds is not None:
            return self._flush_seconds
        return getattr(settings, "DATELINE_TRENDING_FLUSH_SECONDS", FLUSH_SECONDS)

    def _start_flusher(self) -> None:
        """One flusher per process (a forked web worker starts its own)."""
        with self._lock:
            if self._flusher_pid == os.getpid():
                return
            self._flusher_pid = os.getpid()
        threading.Thread(
            target=self._flush_when_quiet, name="trending-flusher", daemon=True
        ).start()

    def _flush_when_quiet(self) -> None:
        """Sleep while nothing is pending; otherwise write the batch once it is due."""
        while True:
            self._has_reads.wait()
            time.sleep(max(self._seconds(), FLUSHER_MIN_WAIT))
            with self._lock:
                if not self._pending:
                    self._has_reads.clear()
                    continue
            if not self.due():
                continue
            try:
                self.flush_quietly()
            except Exception:  # noqa: BLE001 - the flusher must outlive any one failure
                log.exception("Read counts could not be written; kept for the next flush")
            finally:
                close_old_connections()

    @property
    def pending(self) -> int:
        with self._lock:
            return sum(self._pending.values())

    def due(self) -> bool:
        seconds = self._seconds()
        with self._lock:
            if not self._pending:
                return False
            return (
                len(self._pending) >= self._flush_rows or time.monotonic() - self._since >= seconds
            )

    def flush(self) -> int:
        """Write what is pending; on a database error the reads are kept for the next try."""
        with self._lock:
            batch, self._pending = self._pending, Counter()
            self._since = time.monotonic()
        if not batch:
            return 0
        try:
            return add_reads(batch)
        except DatabaseError:
            with self._lock:
                self._pending.update(batch)
            raise

    def flush_quietly(self) -> None:
        try:
            self.flush()
        except DatabaseError:
            log.exception("Read counts could not be written; kept for the next flush")


TALLY = ReadTally()
atexit.register(TALLY.flush_quietly)
