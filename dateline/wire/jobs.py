"""The wire's periodic jobs, named in DATELINE_PERIODIC_JOBS and run by `dateline worker`."""

from __future__ import annotations

from dateline.wire.handoff import run_desk
from dateline.wire.transports.poll import poll_due_sources


def poll_sources() -> str:
    """Poll every due source; the desk job picks the new items up on its own schedule."""
    round_ = poll_due_sources(desk=False)
    report = round_.report
    return (
        f"{len(round_.polled)} polled, {len(round_.failed)} failed, "
        f"{report.accepted} accepted, {report.duplicates} known, {report.rejected} rejected"
    )


def process_desk() -> str:
    """Turn pending wire items into stories."""
    summary, message = run_desk()
    if summary is None:
        return message
    return (
        f"{summary.items} items, {summary.new_stories} new stories, "
        f"{summary.updated_stories} updated, {summary.errors} errors"
    )
