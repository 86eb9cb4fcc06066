"""`dateline poll`: poll every due HTTP and folder source once (the worker does it on a timer)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from dateline.wire.management.commands._common import finish
from dateline.wire.progress import Progress
from dateline.wire.transports.poll import poll_due_sources


class Command(BaseCommand):
    help = "Poll every active source that is due, once."

    def handle(self, *args, **options):
        progress = Progress(self.stderr._out)
        round_ = poll_due_sources()
        self.stdout.write(
            f"sources polled: {len(round_.polled)} ({', '.join(round_.polled) or '-'}); "
            f"failed: {len(round_.failed)} ({', '.join(round_.failed) or '-'})"
        )
        finish(self, round_.report, progress)
