"""Background tasks of the newsletter, for the worker's scheduler to enqueue."""

from __future__ import annotations

from django_tasks import task

from . import sending


@task()
def send_due_digests(workers: int = 1) -> list[dict]:
    """Send whichever daily and weekly digests are due; a rerun sends nobody a second copy.

    `workers` > 1 sends over that many SMTP connections at once (for large lists).
    """
    return sending.send_due_digests(workers=workers)
