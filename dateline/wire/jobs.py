"""The wire's periodic job, named in DATELINE_PERIODIC_JOBS and run by `dateline worker`."""

from __future__ import annotations

from dateline.wire.transports.poll import poll_due_sources


def poll_sources() -> str:
    """Poll every due source; the records stored are announced as each payload commits."""
    round_ = poll_due_sources()
    report = round_.report
    return (
        f"{len(round_.polled)} polled, {len(round_.failed)} failed, "
        f"{report.accepted} accepted, {report.duplicates} known, {report.rejected} rejected"
    )
