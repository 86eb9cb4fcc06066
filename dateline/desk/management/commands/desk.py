"""`dateline desk ...`: the desk core from the command line.

`desk process --input ITEMS.jsonl --output RESULTS.jsonl` runs identity and tagging in memory
over wire items in JSONL, for evaluation and replays; it never opens the database.
`desk run` places pending wire records as the worker does; `desk backfill` places a large
backlog (an archive loaded into a new desk) in bulk, with the same decisions.
"""

from __future__ import annotations

import json
import sys
import time
from contextlib import ExitStack
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dateline.desk.core.process import Processor, default_tagger, run

PROGRESS_EVERY_SECONDS = 2.0


class Command(BaseCommand):
    help = "Desk tools that need no database. `desk process` evaluates identity and tagging."

    # The desk core is pure: no system checks or migrations, which could touch the database.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        process = actions.add_parser(
            "process",
            help="Identity and tags for each wire item of a JSONL file, in order.",
            description="Read wire items as JSONL, write one result line per input line.",
        )
        process.add_argument("--input", required=True, help="JSONL wire items, - for stdin")
        process.add_argument("--output", required=True, help="JSONL results, - for stdout")
        run = actions.add_parser(
            "run",
            help="Place pending wire records into stories and articles (uses the database).",
        )
        run.add_argument("--limit", type=int, default=None, help="At most this many records.")
        backfill = actions.add_parser(
            "backfill",
            help="Place a backlog of pending records in bulk (uses the database).",
            description="The live desk's decisions, with new stories' articles written "
            "together, a batch of records per transaction.",
        )
        backfill.add_argument(
            "--batch", type=int, default=None, help="Records per transaction (default 500)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "process":
            self.process(options["input"], options["output"])
        elif options["action"] == "run":
            from dateline.desk.command_run import run

            run(self, options["limit"])
        elif options["action"] == "backfill":
            self.backfill(options["batch"])

    def backfill(self, batch: int | None) -> None:
        from dateline.desk.backfill import BATCH, backfill

        if batch is not None and batch < 1:
            raise CommandError("--batch must be at least 1")
        started = time.perf_counter()
        summary = backfill(batch or BATCH)
        self.stdout.write(f"desk backfill: {summary} in {time.perf_counter() - started:.2f} s")

    def process(self, input_path: str, output_path: str) -> None:
        """Stream input to output, reporting progress and bad lines on stderr."""
        try:
            tagger = default_tagger()
        except ImportError as exc:
            raise CommandError(f"the desk tagger cannot be loaded: {exc}") from exc
        processor = Processor(tagger)
        started = last_report = time.perf_counter()
        with ExitStack() as files:
            source = sys.stdin if input_path == "-" else _open(files, input_path, "r")
            sink = None if output_path == "-" else _open(files, output_path, "w")
            for result in run(processor, source):
                text = json.dumps(result, ensure_ascii=False)
                if sink is None:
                    self.stdout.write(text)
                else:
                    sink.write(text + "\n")
                if "error" in result:
                    self.stderr.write(f"desk process: {result['error']}")
                now = time.perf_counter()
                if now - last_report >= PROGRESS_EVERY_SECONDS:
                    last_report = now
                    rate = processor.items / (now - started)
                    self.stderr.write(f"desk process: {processor.items} items, {rate:.0f} items/s")
        seconds = time.perf_counter() - started
        self.stderr.write(
            f"desk process: {processor.items} items, {len(processor.stories)} stories, "
            f"{processor.duplicates} duplicates, {processor.errors} errors, {seconds:.2f} s"
        )


def _open(files: ExitStack, path: str, mode: str) -> TextIO:
    try:
        return files.enter_context(open(path, mode, encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"cannot open {path}: {exc.strerror}") from exc
