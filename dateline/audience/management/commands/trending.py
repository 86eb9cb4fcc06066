"""`dateline trending refresh`: recompute the trending lists, once or on a fixed beat."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from dateline.audience.trending.refresh import refresh_lists
from dateline.news.reference import GLOBAL_EDITION


class Command(BaseCommand):
    help = "Trending lists: `refresh` recomputes them from the stored read counts."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        refresh = actions.add_parser("refresh", help="Recompute every edition's list.")
        refresh.add_argument(
            "--every",
            type=float,
            default=0,
            metavar="SECONDS",
            help="Keep running, refreshing every SECONDS (for a worker or a service unit).",
        )

    def handle(self, *args, action: str, every: float = 0, **options) -> None:
        while True:
            lists = refresh_lists()
            top = lists.get(GLOBAL_EDITION, {}).get("entries", [])
            self.stdout.write(
                f"Trending refreshed: {len(top)} stories in the global list, "
                f"{max(len(lists) - 1, 0)} edition lists."
            )
            if every <= 0:
                return
            time.sleep(every)
