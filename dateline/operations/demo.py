"""The bundled demo agencies: fictional copy that `dateline setup --demo` loads into the desk.

The files are templates: `{{ hours_ago:N }}` marks a time N hours before now, written in the
format's own notation (`{{ hours_ago:N|rfc822 }}`, `|nitf`, `|anpa`, `|anpa_day`, `|iptc7901`).
They are rendered to a temporary folder and ingested like any agency files, so the demo
always looks fresh while the pipeline itself never rewrites a time.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from django.utils import timezone

from dateline.wire.report import IngestReport
from dateline.wire.targets import ingest_targets

DEMO_AGENCIES = Path(__file__).resolve().parent / "demo" / "agencies"
MANIFEST = "agencies.json"
_PLACEHOLDER = re.compile(r"\{\{\s*hours_ago:(\d+(?:\.\d+)?)(?:\|(\w+))?\s*\}\}")

_STYLES = {
    "iso": lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ"),
    "rfc822": lambda t: format_datetime(t, usegmt=True),
    "nitf": lambda t: t.strftime("%Y%m%dT%H%M%S+0000"),
    "anpa": lambda t: t.strftime("%m-%d-%y %H%MGMT"),
    "anpa_day": lambda t: t.strftime("%m-%d"),
    "iptc7901": lambda t: t.strftime("%d%H%M GMT %b %y"),
}


def render(text: str, now: datetime) -> str:
    """Replace every time placeholder with that many hours before `now`, in its style."""

    def replace(match: re.Match) -> str:
        when = (now - timedelta(hours=float(match.group(1)))).astimezone(UTC)
        style = match.group(2) or "iso"
        if style not in _STYLES:
            raise ValueError(f"unknown time style {style!r} in a demo file")
        return _STYLES[style](when.replace(second=0, microsecond=0))

    return _PLACEHOLDER.sub(replace, text)


def agencies() -> dict[str, str]:
    """Folder name to agency name, as the demo's manifest lists them."""
    return json.loads((DEMO_AGENCIES / MANIFEST).read_text(encoding="utf-8"))


def render_demo(target: Path, now: datetime | None = None) -> list[Path]:
    """Write the rendered demo files under target/<agency folder>/, in ingest order."""
    now = now or timezone.now()
    written = []
    for folder in sorted(agencies()):
        for template in sorted((DEMO_AGENCIES / folder).iterdir()):
            out = target / folder / template.name
            out.parent.mkdir(parents=True, exist_ok=True)
            text = template.read_bytes().decode("utf-8")
            out.write_bytes(render(text, now).encode("utf-8"))
            written.append(out)
    return written


def ingest_demo_agencies(now: datetime | None = None) -> IngestReport:
    """Render and ingest every demo agency's files (each payload announced as it commits)."""
    report = IngestReport()
    workdir = Path(tempfile.mkdtemp(prefix="dateline-demo-"))
    try:
        render_demo(workdir, now)
        for folder, agency in sorted(agencies().items()):
            report.add(ingest_targets([str(workdir / folder)], agency=agency))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return report
