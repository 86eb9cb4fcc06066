"""`dateline supervise`: run the scheduler, the task worker and (with --bind) the web server,
restarting whichever exits, until Ctrl-C or SIGTERM stops them all."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dateline.operations.supervisor import Supervisor, site_programs

PROGRAMS = ("scheduler", "tasks", "web")


class Command(BaseCommand):
    help = (
        "Run and watch the site's processes on one box; their logs go to var/log/, "
        "their pids to var/run/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--programs",
            default="scheduler,tasks",
            help="comma-separated, from: " + ", ".join(PROGRAMS),
        )
        parser.add_argument(
            "--bind",
            default=None,
            metavar="ADDRESS",
            help="also serve the site with gunicorn on this address",
        )
        parser.add_argument(
            "--web-workers",
            type=int,
            default=2,
            help="gunicorn worker processes (default: %(default)s)",
        )
        parser.add_argument(
            "--stop-seconds",
            type=float,
            default=30.0,
            help="how long each program may take to stop before it is killed",
        )

    def handle(
        self,
        *args,
        programs: str,
        bind: str | None,
        web_workers: int,
        stop_seconds: float,
        **options,
    ) -> None:
        names = [name.strip() for name in programs.split(",") if name.strip()]
        unknown = sorted(set(names) - set(PROGRAMS))
        if unknown or not (names or bind):
            raise CommandError(f"unknown or no programs: {', '.join(unknown) or '(none)'}")
        logging.getLogger("dateline.supervisor").setLevel(logging.INFO)
        supervisor = Supervisor(
            site_programs(names, bind, web_workers),
            settings.VAR_DIR,
            out=self.stdout,
            stop_seconds=stop_seconds,
        )
        supervisor.run()
