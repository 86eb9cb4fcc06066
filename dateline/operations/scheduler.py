"""The production scheduler: runs each periodic job on its own interval, forever.

Jobs are (dotted path, seconds) pairs from DATELINE_PERIODIC_JOBS, so other apps add theirs
in settings without touching this loop. One job failing is logged and retried at its next
turn; it never stops the others. SIGTERM and SIGINT let the current job finish, then stop.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.module_loading import import_string

logger = logging.getLogger("dateline.worker")


@dataclass
class Job:
    path: str
    every: float
    next_run: float = 0.0
    runs: int = 0
    failures: int = 0
    last_outcome: str = ""


@dataclass
class JobOutcome:
    path: str
    ok: bool
    message: str
    seconds: float


def configured_jobs() -> list[Job]:
    return [Job(path, float(every)) for path, every in settings.DATELINE_PERIODIC_JOBS]


class Worker:
    def __init__(self, jobs: Iterable[Job], on_outcome: Callable[[JobOutcome], None] | None = None):
        self.jobs = list(jobs)
        self.stopping = threading.Event()
        self.on_outcome = on_outcome

    def stop(self, *_args: object) -> None:
        """Ask the loop to end after the job it is running now."""
        logger.info("worker stopping after the current job")
        self.stopping.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run_job(self, job: Job) -> JobOutcome:
        started = time.monotonic()
        _refresh_connections()
        try:
            result = _start(import_string(job.path))
            outcome = JobOutcome(job.path, True, str(result or "ok"), time.monotonic() - started)
            logger.info("%s: %s (%.2f s)", job.path, outcome.message, outcome.seconds)
        except Exception as exc:  # noqa: BLE001 - one failing job never stops the others
            job.failures += 1
            message = f"{type(exc).__name__}: {exc}"
            outcome = JobOutcome(job.path, False, message, time.monotonic() - started)
            logger.exception("%s failed: %s", job.path, message)
        finally:
            _refresh_connections()
        job.runs += 1
        job.last_outcome = outcome.message
        job.next_run = time.monotonic() + job.every
        if self.on_outcome:
            self.on_outcome(outcome)
        return outcome

    def run_once(self) -> list[JobOutcome]:
        outcomes = []
        for job in self.jobs:
            if self.stopping.is_set():
                break
            outcomes.append(self.run_job(job))
        return outcomes

    def run_forever(self, tick: float = 1.0) -> None:
        while not self.stopping.is_set():
            now = time.monotonic()
            due = [job for job in self.jobs if job.next_run <= now]
            for job in sorted(due, key=lambda job: job.next_run):
                if self.stopping.is_set():
                    break
                self.run_job(job)
            if not self.jobs:
                self.stopping.wait(tick)
                continue
            pause = min(job.next_run for job in self.jobs) - time.monotonic()
            self.stopping.wait(max(0.05, min(tick, pause)))


def _refresh_connections() -> None:
    """Drop broken or expired connections between jobs, as a request cycle would.

    Not inside an open transaction (a test's, or a caller's): that connection is in use.
    """
    if not connection.in_atomic_block:
        close_old_connections()


def _start(job: Callable[[], object]) -> object:
    """Run the job here, in the scheduler's turn: a plain function or a django-tasks task."""
    call = getattr(job, "call", None)
    return call() if call is not None else job()
