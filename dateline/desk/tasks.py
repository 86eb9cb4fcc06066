"""The desk's one way in: place stored wire records, as a task the wire's announcement queues.

The wire sends `wire_items_stored` once a payload's records are committed; the desk answers
by enqueueing `place_stored_records`. The immediate backend runs it there and then, a
database or RQ queue hands it to `dateline db_worker` or `rqworker`. The task places every
pending record, not only the announced ones, in the order they came: a record whose
announcement was lost (no worker, a queue down) is placed by the next run, at the latest by
the scheduler's periodic turn of the same task.
"""

from __future__ import annotations

import logging
from typing import Any

from django_tasks import task

from dateline.desk.pipeline import process_pending

logger = logging.getLogger(__name__)


@task()
def place_stored_records() -> str:
    """Place every pending wire record, oldest first; the summary is the task's result."""
    return str(process_pending())


def on_wire_items_stored(sender: Any, record_ids: list[int], **kwargs: Any) -> None:
    """Receiver of `wire_items_stored`: queue the placing of what the wire just stored."""
    logger.debug("wire stored %d records; queueing the desk", len(record_ids))
    place_stored_records.enqueue()
