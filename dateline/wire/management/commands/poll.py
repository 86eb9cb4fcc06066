"""`dateline poll`: poll every due HTTP and folder source once (the worker does it on a timer)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from dateline.wire.management.commands._common import finish
from dateline.wire.progress import Progress
from dateline.wire.transports.poll import poll_due_sources


class Command(BaseCommand):
    help = "Poll every active source that is due, once, then run the desk."

    def add_arguments(self, parser):
        parser.add_argument("--no-desk", action="store_true", help="Store items only.")

    def handle(self, *args, no_desk, **options):
        progress = Progress(self.stderr._out)
        round_ = poll_due_sources(desk=False)
        self.stdout.write(
            f"sources polled: {len(round_.polled)} ({', '.join(round_.polled) or '-'}); "
            f"failed: {len(round_.failed)} ({', '.join(round_.failed) or '-'})"
        )
        finish(self, round_.report, progress, desk=not no_desk)
