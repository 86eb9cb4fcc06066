"""Send one digest to every confirmed subscriber of a frequency, at most once each.

Each subscriber has one Delivery row per digest (unique). Before a message is handed to the
mail server its row is claimed (pending -> sending) in its own committed UPDATE; once the
server has accepted it the row is marked sent. A rerun only sends rows still pending.

The window between the server accepting a message and the sent mark being committed cannot
be closed: SMTP has no two-phase commit. We choose at-most-once: a row left in `sending`
by a crash is never resent automatically, so a crash can cost at most the one message in
flight on each connection, but never sends anyone a digest twice. An operator who prefers
to resend those (accepting a possible duplicate) runs the command with --retry-in-doubt.
"""

from __future__ import annotations

import logging
import smtplib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.db import connections
from django.db.models import Count
from django.db.models.functions import Mod
from django.utils import timezone

from . import mail
from .digest import Period, Preferences, latest_period, top_stories
from .models import (
    Delivery,
    DeliveryStatus,
    Digest,
    Frequency,
    Subscriber,
    SubscriberStatus,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 200


class MailServerUnavailable(Exception):
    """The server deferred or dropped us; what is left stays pending for the next run."""


@dataclass
class SendReport:
    frequency: str
    period_start: datetime
    period_end: datetime
    dry_run: bool = False
    digest_id: int | None = None
    sent: int = 0
    empty: int = 0
    failed: int = 0
    cancelled: int = 0
    totals: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """A JSON-friendly summary, as a task result or command output."""
        return {
            "frequency": self.frequency,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "dry_run": self.dry_run,
            "digest_id": self.digest_id,
            "sent": self.sent,
            "empty": self.empty,
            "failed": self.failed,
            "cancelled": self.cancelled,
            "totals": self.totals,
        }


class StoryLists:
    """Stories and rendered bodies per set of preferences: 10,000 readers, a few renders."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self._lists: dict[Preferences, list[dict]] = {}
        self._bodies: dict[Preferences, mail.DigestBody] = {}

    def for_subscriber(self, subscriber: Subscriber) -> list[dict]:
        preferences = Preferences.of(subscriber)
        if preferences not in self._lists:
            self._lists[preferences] = mail.story_items(top_stories(preferences, self.period))
        return self._lists[preferences]

    def body_for(self, subscriber: Subscriber, digest: Digest) -> mail.DigestBody:
        preferences = Preferences.of(subscriber)
        if preferences not in self._bodies:
            stories = self.for_subscriber(subscriber)
            self._bodies[preferences] = mail.digest_body(digest, self.period, stories)
        return self._bodies[preferences]


def audience(frequency: str):
    return Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED, frequency=frequency)


def dry_run(frequency: str, period: Period) -> SendReport:
    """Count who would get a digest and who would get none, writing nothing."""
    report = SendReport(frequency, period.start, period.end, dry_run=True)
    lists = StoryLists(period)
    readers = audience(frequency).prefetch_related("editions", "sectors")
    for subscriber in readers.iterator(chunk_size=1000):
        if lists.for_subscriber(subscriber):
            report.sent += 1
        else:
            report.empty += 1
    return report


def enrol(digest: Digest) -> None:
    """A pending delivery for every confirmed subscriber who has none for this digest yet."""
    newcomers = list(
        audience(digest.frequency).exclude(deliveries__digest=digest).values_list("pk", flat=True)
    )
    Delivery.objects.bulk_create(
        (Delivery(digest=digest, subscriber_id=pk) for pk in newcomers),
        batch_size=1000,
        ignore_conflicts=True,
    )


def _mark(delivery: Delivery, status: str, **fields) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(status=status, **fields)


def _claim(delivery: Delivery, story_count: int) -> bool:
    claimed = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now(), story_count=story_count
    )
    return claimed == 1


def _send_one(connection, delivery: Delivery, digest: Digest, lists: StoryLists) -> str | None:
    """Send one subscriber's copy; return what became of it (None: another sender has it)."""
    subscriber = delivery.subscriber
    if subscriber.status != SubscriberStatus.CONFIRMED:
        _mark(delivery, DeliveryStatus.CANCELLED)
        return DeliveryStatus.CANCELLED
    stories = lists.for_subscriber(subscriber)
    if not stories:
        _mark(delivery, DeliveryStatus.EMPTY)
        return DeliveryStatus.EMPTY
    message = mail.digest_message(subscriber, digest, lists.body_for(subscriber, digest))
    if not _claim(delivery, len(stories)):
        return None
    try:
        connection.send_messages([message])
    except smtplib.SMTPResponseException as exc:
        # The server answered: the message was definitely not accepted.
        if exc.smtp_code >= 500:
            _mark(delivery, DeliveryStatus.FAILED, error=str(exc)[:300])
            return DeliveryStatus.FAILED
        _mark(delivery, DeliveryStatus.PENDING, claimed_at=None)
        raise MailServerUnavailable(f"deferred by the mail server: {exc}") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        _mark(delivery, DeliveryStatus.FAILED, error=str(exc)[:300])
        return DeliveryStatus.FAILED
    except (smtplib.SMTPException, OSError) as exc:
        # Lost mid-conversation: the server may have accepted it. Leave it in doubt.
        _mark(delivery, DeliveryStatus.SENDING, error=str(exc)[:300])
        raise MailServerUnavailable(f"connection to the mail server lost: {exc}") from exc
    _mark(delivery, DeliveryStatus.SENT, sent_at=timezone.now())
    return DeliveryStatus.SENT


def _send_share(
    digest: Digest, lists: StoryLists, batch_size: int, share: int, shares: int
) -> Counter[str]:
    """Send the pending deliveries whose id falls in this worker's share."""
    pending = Delivery.objects.filter(digest=digest, status=DeliveryStatus.PENDING)
    if shares > 1:
        pending = pending.alias(share=Mod("pk", shares)).filter(share=share)
    pending = (
        pending.select_related("subscriber")
        .prefetch_related("subscriber__editions", "subscriber__sectors")
        .order_by("pk")
    )
    outcomes: Counter[str] = Counter()
    while batch := list(pending[:batch_size]):
        # One SMTP connection per batch: no reconnect per message, no hour-long sessions.
        with get_connection(fail_silently=False) as connection:
            for delivery in batch:
                outcomes[_send_one(connection, delivery, digest, lists)] += 1
    return outcomes


def _in_own_thread(*args) -> Counter[str]:
    try:
        return _send_share(*args)
    finally:
        connections.close_all()


def send_digest(
    frequency: str,
    now: datetime | None = None,
    period: Period | None = None,
    dry: bool = False,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
) -> SendReport:
    """Send (or finish sending) the digest of the latest complete period of `frequency`.

    With several workers, each sends its own share of the deliveries over its own SMTP
    connection, so waiting on the mail server overlaps; a share is fixed by delivery id.
    """
    period = period or latest_period(frequency, now or timezone.now())
    if dry:
        return dry_run(frequency, period)
    digest, _ = Digest.objects.get_or_create(
        frequency=frequency, period_end=period.end, defaults={"period_start": period.start}
    )
    report = SendReport(frequency, digest.period_start, digest.period_end, digest_id=digest.pk)
    lists = StoryLists(Period(digest.period_start, digest.period_end))
    enrol(digest)
    if workers <= 1:
        outcomes = _send_share(digest, lists, batch_size, 0, 1)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            shares = [
                pool.submit(_in_own_thread, digest, lists, batch_size, n, workers)
                for n in range(workers)
            ]
            outcomes = sum((share.result() for share in shares), Counter())
    report.sent, report.empty = outcomes[DeliveryStatus.SENT], outcomes[DeliveryStatus.EMPTY]
    report.failed = outcomes[DeliveryStatus.FAILED]
    report.cancelled = outcomes[DeliveryStatus.CANCELLED]
    Digest.objects.filter(pk=digest.pk, completed_at__isnull=True).update(
        completed_at=timezone.now()
    )
    report.totals = delivery_totals(digest)
    return report


def delivery_totals(digest: Digest) -> dict[str, int]:
    rows = digest.deliveries.values("status").annotate(n=Count("pk")).order_by()
    return dict(Counter({row["status"]: row["n"] for row in rows}))


def retry_in_doubt(digest: Digest, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Put deliveries a crash left in doubt back in the queue; they may arrive twice."""
    cutoff = timezone.now() - older_than
    return digest.deliveries.filter(status=DeliveryStatus.SENDING, claimed_at__lt=cutoff).update(
        status=DeliveryStatus.PENDING, claimed_at=None
    )


def send_due_digests(now: datetime | None = None, workers: int = 1) -> list[dict]:
    """Send every frequency's latest digest that is not complete yet; safe to run often."""
    now = now or timezone.now()
    reports = []
    for frequency in Frequency.values:
        period = latest_period(frequency, now)
        done = Digest.objects.filter(
            frequency=frequency, period_end=period.end, completed_at__isnull=False
        ).exists()
        if not done:
            reports.append(send_digest(frequency, period=period, workers=workers).as_dict())
    return reports
