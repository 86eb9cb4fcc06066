"""`dateline ingest PATH_OR_URL...`: load agency files, folders or URLs by hand."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from dateline.wire.management.commands._common import finish
from dateline.wire.models import Source
from dateline.wire.parsers import FORMATS
from dateline.wire.progress import Progress
from dateline.wire.targets import ingest_targets


class Command(BaseCommand):
    help = (
        "Ingest agency copy from files, folders (recursively) or http(s) URLs. Without "
        "--agency or --source, a file's agency is the name of its folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--agency", default="", help="Agency name for every item.")
        parser.add_argument("--source", default="", metavar="SLUG", help="Attribute to a source.")
        parser.add_argument("--format", default=None, choices=FORMATS, help="Skip detection.")

    def handle(self, *args, targets, agency, source, format, **options):  # noqa: A002
        wire_source = None
        if source:
            wire_source = Source.objects.filter(slug=source).first()
            if wire_source is None:
                raise CommandError(f"no source with the slug {source!r}")
        progress = Progress(self.stderr._out)
        report = ingest_targets(
            targets,
            agency=agency,
            source=wire_source,
            format=format,
            on_payload=progress.wire,
        )
        progress.wire(report, force=True)
        finish(self, report, progress)
