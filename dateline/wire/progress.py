"""Progress of a long run on stderr: payloads, items, rate and rejections, a few times a second."""

from __future__ import annotations

import time
from typing import TextIO

from dateline.wire.report import IngestReport


class Progress:
    def __init__(self, stream: TextIO, every: float = 0.5) -> None:
        self.stream = stream
        self.every = every
        self.started = time.monotonic()
        self.shown = 0.0
        self.live = hasattr(stream, "isatty") and stream.isatty()

    def wire(self, report: IngestReport, total: int | None = None, force: bool = False) -> None:
        if not self._due(force):
            return
        seen = report.accepted + report.duplicates
        of = f"/{total}" if total else ""
        self._show(
            f"wire: {report.payloads}{of} payloads, {report.accepted} accepted, "
            f"{report.duplicates} known, {report.rejected} rejected, {self._rate(seen)} items/s"
        )

    def done(self) -> None:
        if self.live and self.shown:
            self.stream.write("\n")
            self.stream.flush()

    def _due(self, force: bool) -> bool:
        now = time.monotonic()
        if force or now - self.shown >= self.every:
            self.shown = now
            return True
        return False

    def _rate(self, count: int) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        return f"{count / elapsed:.0f}"

    def _show(self, line: str) -> None:
        self.stream.write(f"\r{line}\033[K" if self.live else f"{line}\n")
        self.stream.flush()
