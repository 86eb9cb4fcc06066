"""Hand stored wire items to the desk, which lives in another app and may not be installed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib import import_module
from typing import Any

logger = logging.getLogger(__name__)

PIPELINE = "dateline.desk.pipeline"


def run_desk(
    progress: Callable[[Any], None] | None = None, limit: int | None = None
) -> tuple[Any, str]:
    """Run the desk over pending items: (DeskSummary, "") or (None, why it did not run)."""
    try:
        pipeline = import_module(PIPELINE)
    except ImportError as exc:
        if exc.name and not PIPELINE.startswith(exc.name):
            raise
        message = "skipped: the desk pipeline is not installed; items wait as pending"
        logger.warning("desk %s", message)
        return None, message
    return pipeline.process_pending(progress=progress, limit=limit), ""
