"""`dateline newsletter send`: send the latest digest, or finish one a crash interrupted."""

from __future__ import annotations

import json
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dateline.audience.newsletter import sending
from dateline.audience.newsletter.digest import latest_period
from dateline.audience.newsletter.models import Digest, Frequency


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Newsletter operations. `send` sends the latest complete digest; reruns are safe."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        send = actions.add_parser("send", help="send the digest of the latest complete period")
        send.add_argument("--frequency", choices=Frequency.values, default=Frequency.DAILY)
        send.add_argument(
            "--dry-run",
            action="store_true",
            help="count who would receive what; send and record nothing",
        )
        send.add_argument(
            "--at",
            type=_moment,
            default=None,
            help="act as if it were this ISO time (to send a missed period)",
        )
        send.add_argument(
            "--batch-size", type=int, default=200, help="messages per SMTP connection"
        )
        send.add_argument(
            "--workers",
            type=int,
            default=1,
            help="parallel senders, each with its own SMTP connection",
        )
        send.add_argument(
            "--retry-in-doubt",
            action="store_true",
            help="first resend deliveries a crash left unconfirmed "
            "(their readers may get two copies)",
        )

    def handle(self, *args, action: str, **options) -> None:
        if action == "send":
            self.send(**options)

    def send(
        self,
        frequency: str,
        dry_run: bool,
        at: datetime | None,
        batch_size: int,
        workers: int,
        retry_in_doubt: bool,
        **_,
    ) -> None:
        period = latest_period(frequency, at or timezone.now())
        if retry_in_doubt and not dry_run:
            digest = Digest.objects.filter(frequency=frequency, period_end=period.end).first()
            if digest is not None:
                requeued = sending.retry_in_doubt(digest)
                self.stderr.write(f"{requeued} in-doubt deliveries queued again")
        try:
            report = sending.send_digest(
                frequency,
                period=period,
                dry=dry_run,
                batch_size=batch_size,
                workers=max(1, workers),
            )
        except sending.MailServerUnavailable as exc:
            raise CommandError(f"{exc}; rerun to send the rest") from exc
        self.stdout.write(json.dumps(report.as_dict(), indent=2))
