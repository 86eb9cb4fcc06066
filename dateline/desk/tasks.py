"""The desk as a background task, so ingest can hand work over instead of waiting for it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django_tasks import task

from dateline.desk.pipeline import process_pending


@task()
def process_pending_task(limit: int | None = None) -> dict[str, Any]:
    """Place pending wire records; returns the summary (JSON-safe for the task result)."""
    return asdict(process_pending(limit=limit))
