"""What the wire commands share: the end-of-run summary and running the desk with progress."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from dateline.wire.handoff import run_desk
from dateline.wire.progress import Progress
from dateline.wire.report import IngestReport


def finish(command: BaseCommand, report: IngestReport, progress: Progress, desk: bool) -> None:
    """Run the desk over what is pending (unless asked not to), then print the summary."""
    if desk:
        report.desk, report.desk_message = run_desk(progress=progress.desk)
    else:
        report.desk_message = "not run (--no-desk); items wait as pending"
    progress.done()
    for line in report.lines():
        command.stdout.write(line)
