"""What the wire tells the rest of the site: which records it stored, once they are committed.

The wire only stores and parses agency copy. Whoever places the records (the desk) listens
to `wire_items_stored`; the wire neither knows nor waits for it.
"""

from __future__ import annotations

import logging

from django.dispatch import Signal

from dateline.wire.models import WireItemRecord

logger = logging.getLogger(__name__)

# Sent with `record_ids`: the ids of the WireItemRecords one parse stored, after its commit.
wire_items_stored = Signal()


def announce_stored(record_ids: list[int]) -> None:
    """Tell every receiver which records were stored; a failing receiver is logged, never
    raised into ingest, since the records are committed and stay pending for the next run."""
    for receiver, result in wire_items_stored.send_robust(
        sender=WireItemRecord, record_ids=record_ids
    ):
        if isinstance(result, Exception):
            logger.error(
                "%s failed on %d stored wire records; they wait for the next run",
                getattr(receiver, "__qualname__", receiver),
                len(record_ids),
                exc_info=result,
            )
