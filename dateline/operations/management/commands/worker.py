"""`dateline worker`: the scheduler that runs DATELINE_PERIODIC_JOBS in production.

Run it beside `dateline db_worker` (django-tasks), which runs tasks enqueued by requests
and jobs: this loop decides *when* periodic work happens, db_worker runs queued work.
"""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand

from dateline.operations.scheduler import JobOutcome, Worker, configured_jobs


class Command(BaseCommand):
    help = "Run the periodic jobs of DATELINE_PERIODIC_JOBS until SIGTERM (or once with --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args, once, **options):
        logging.getLogger("dateline.worker").setLevel(logging.INFO)
        worker = Worker(configured_jobs(), on_outcome=self.report)
        if once:
            outcomes = worker.run_once()
            failed = sum(not outcome.ok for outcome in outcomes)
            self.stdout.write(f"{len(outcomes)} jobs run, {failed} failed")
            return
        worker.install_signal_handlers()
        self.stdout.write(f"worker running {len(worker.jobs)} jobs; SIGTERM to stop")
        worker.run_forever()
        self.stdout.write("worker stopped")

    def report(self, outcome: JobOutcome) -> None:
        mark = "ok" if outcome.ok else "FAILED"
        self.stdout.write(f"{mark} {outcome.path}: {outcome.message} ({outcome.seconds:.2f} s)")
