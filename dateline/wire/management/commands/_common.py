"""What the wire commands share: the end-of-run summary."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from dateline.wire.progress import Progress
from dateline.wire.report import IngestReport


def finish(command: BaseCommand, report: IngestReport, progress: Progress) -> None:
    """End the progress line and print what the run stored; placing the records is not the
    wire's job (their subscribers were told when each payload's records were committed)."""
    progress.done()
    for line in report.lines():
        command.stdout.write(line)
