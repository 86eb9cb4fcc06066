"""Background tasks of the newsletter, for the worker's scheduler to enqueue."""

from __future__ import annotations

from django_tasks import task

from . import sending


@task()
def send_due_digests() -> list[dict]:
    """Send whichever daily and weekly digests are due; a rerun sends nobody a second copy."""
    return sending.send_due_digests()
