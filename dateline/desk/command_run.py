"""`dateline desk run`: place pending wire records once, with progress and a summary."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from dateline.desk.pipeline import DeskSummary, process_pending

PROGRESS_EVERY_SECONDS = 2.0


def run(command: BaseCommand, limit: int | None = None) -> DeskSummary:
    started = last = time.perf_counter()

    def progress(summary: DeskSummary) -> None:
        nonlocal last
        now = time.perf_counter()
        if now - last >= PROGRESS_EVERY_SECONDS:
            last = now
            rate = summary.items / (now - started)
            command.stderr.write(f"desk run: {summary}, {rate:.0f} items/s")

    summary = process_pending(progress=progress, limit=limit)
    seconds = time.perf_counter() - started
    command.stdout.write(f"desk run: {summary} in {seconds:.2f} s")
    return summary
