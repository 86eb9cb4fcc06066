"""`dateline wire reparse|sources|token`: operator tools for payloads and sources."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dateline.wire.health import source_health
from dateline.wire.ingest import parse_payload
from dateline.wire.management.commands._common import finish
from dateline.wire.models import Payload, Source, Transport
from dateline.wire.models.payload import ParseStatus
from dateline.wire.progress import Progress
from dateline.wire.report import IngestReport


class Command(BaseCommand):
    help = "Wire operations: reparse stored payloads, show source health, issue push tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reparse = sub.add_parser("reparse", help="Parse stored payloads again (after a fix).")
        reparse.add_argument("payload_ids", nargs="*", type=int, metavar="PAYLOAD_ID")
        reparse.add_argument(
            "--all-failed",
            action="store_true",
            help="Every payload with a parser error or with rejections.",
        )
        sub.add_parser("sources", help="Health of every source.")
        token = sub.add_parser("token", help="Issue a new push token (shown once).")
        token.add_argument("slug")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_reparse(self, payload_ids, all_failed, **options):
        if not payload_ids and not all_failed:
            raise CommandError("give PAYLOAD_ID... or --all-failed")
        payloads = Payload.objects.filter(pk__in=payload_ids) if payload_ids else Payload.objects
        if all_failed:
            payloads = Payload.objects.filter(
                parse_status__in=[ParseStatus.ERROR, ParseStatus.REJECTED, ParseStatus.PARTIAL]
            )
        missing = set(payload_ids) - set(payloads.values_list("pk", flat=True))
        if missing:
            raise CommandError(f"no payload with id {', '.join(map(str, sorted(missing)))}")
        progress = Progress(self.stderr._out)
        report = IngestReport()
        for payload in payloads.order_by("pk").iterator(chunk_size=50):
            report.payloads += 1
            report.payload_ids.append(payload.pk)
            report.add(parse_payload(payload))
            progress.wire(report)
        progress.wire(report, force=True)
        finish(self, report, progress)

    def handle_sources(self, **options):
        now = timezone.now()
        rows = [("STATUS", "SOURCE", "TRANSPORT", "LAST OK", "LAST ERROR", "ITEMS", "REJECTED")]
        health = source_health(now=now)
        for entry in health:
            rows.append(
                (
                    entry.status,
                    entry.source.slug,
                    entry.source.transport,
                    _ago(entry.last_success_at, now),
                    _ago(entry.last_error_at, now),
                    str(entry.items),
                    str(entry.rejected),
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        for entry in health:
            if entry.last_error:
                self.stdout.write(f"{entry.source.slug}: last error: {entry.last_error}")
            for reason, count in entry.reasons.most_common(5):
                self.stdout.write(f"{entry.source.slug}: rejected {count}x: {reason}")
        if not health:
            self.stdout.write("no sources yet: add one in the admin under Wire > Sources")

    def handle_token(self, slug, **options):
        source = Source.objects.filter(slug=slug).first()
        if source is None:
            raise CommandError(f"no source with the slug {slug!r}")
        if source.transport != Transport.PUSH:
            raise CommandError(f"{slug} is not a push source")
        token = source.issue_push_token()
        self.stdout.write(f"push token for {slug} (shown once, only its hash is kept):")
        self.stdout.write(token)


def _ago(when, now) -> str:
    if when is None:
        return "never"
    seconds = int((now - when).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return f"{seconds}s ago"
