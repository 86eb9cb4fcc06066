"""A watched folder: each new file is ingested once, then moved to done/ or failed/.

Crash safety comes from the order of the steps, not from bookkeeping: the bytes are
committed as a payload before the file is moved, and a payload is unique per agency and
content hash. A crash between the commit and the move leaves the file where it was; the next
scan ingests it again, which stores nothing new, and then moves it. Files still being
written (changed in the last few seconds) and hidden or temporary files are left alone, so
an agency's half-copied file is never read. Moves are renames inside the folder, which are
atomic on one file system.

A folder source only ever reads below the wire inbox root: the folder is resolved and checked
at every scan, a symbolic link dropped in it is never followed, and nothing is moved through
a done/ or failed/ that is a link to elsewhere.
"""

from __future__ import annotations

import errno
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import Source
from dateline.wire.models.payload import Origin
from dateline.wire.models.source import OutsideInbox, inbox_folder
from dateline.wire.parsers import MAX_PAYLOAD_BYTES
from dateline.wire.report import IngestReport
from dateline.wire.transports.attempts import Stopwatch, failed, succeeded

DONE = "done"
FAILED = "failed"
TEMPORARY_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp")


@dataclass
class FolderScan:
    report: IngestReport = field(default_factory=IngestReport)
    done: list[Path] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)
    error: str = ""


def settle_seconds() -> float:
    return float(getattr(settings, "DATELINE_WIRE_FOLDER_SETTLE_SECONDS", 2.0))


def waiting_files(folder: Path, settle: float | None = None) -> list[Path]:
    """Files ready to ingest, oldest first: not hidden, not temporary, not still growing."""
    settle = settle_seconds() if settle is None else settle
    now = time.time()
    ready = []
    for path in folder.iterdir():
        name = path.name
        if name.startswith((".", "~")) or name.lower().endswith(TEMPORARY_SUFFIXES):
            continue
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        if path.is_file() and now - stat.st_mtime >= settle:
            ready.append((stat.st_mtime, name, path))
    return [path for _mtime, _name, path in sorted(ready)]


def scan_folder(source: Source, *, settle: float | None = None) -> FolderScan:
    """Ingest every waiting file of a folder source once and record the attempt."""
    watch = Stopwatch()
    scan = FolderScan()
    try:
        folder = inbox_folder(source.folder_path)
    except OutsideInbox as exc:
        return _refused(source, scan, f"refused: {exc}", watch=watch)
    if not folder.is_dir():
        return _refused(
            source, scan, f"folder {folder} does not exist or is not a folder", watch=watch
        )
    size = 0
    try:
        for path in waiting_files(folder, settle):
            size += _ingest_file(source, path, scan)
    except OSError as exc:  # what was stored stays stored; the next scan moves the rest
        return _refused(source, scan, str(exc), watch=watch, size=size)
    succeeded(source, scan.report, size=size, watch=watch)
    return scan


def _refused(
    source: Source, scan: FolderScan, error: str, *, watch: Stopwatch, size: int = 0
) -> FolderScan:
    scan.error = error
    failed(source, error, watch=watch, size=size)
    return scan


def _ingest_file(source: Source, path: Path, scan: FolderScan) -> int:
    try:
        data = _read_own_file(path)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            scan.report.errors.append(f"{path.name}: {exc}")
            return 0
        scan.report.errors.append(f"{path.name} is a symbolic link; not followed")
        scan.failed.append(_move(path, FAILED))
        return 0
    if len(data) > MAX_PAYLOAD_BYTES:
        scan.report.reject(f"file exceeds the {MAX_PAYLOAD_BYTES} byte cap; not stored")
        scan.failed.append(_move(path, FAILED))
        return 0
    report = ingest_bytes(
        data,
        source=source,
        origin=Origin.PATH,
        location=str(path),
        filename=path.name,
    )
    scan.report.add(report)
    usable = report.accepted or report.duplicates
    scan.done.append(_move(path, DONE)) if usable else scan.failed.append(_move(path, FAILED))
    return len(data)


def _read_own_file(path: Path) -> bytes:
    """At most one byte over the cap; a symbolic link fails with ELOOP, never followed."""
    with open(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as file:
        return file.read(MAX_PAYLOAD_BYTES + 1)


def _move(path: Path, subfolder: str) -> Path:
    """Rename into done/ or failed/, never overwriting a file of the same name."""
    target_dir = path.parent / subfolder
    if target_dir.is_symlink():
        raise OSError(f"{target_dir} is a symbolic link; files are not moved through it")
    target_dir.mkdir(exist_ok=True)
    target = target_dir / path.name
    if target.exists():
        target = target_dir / f"{timezone.now():%Y%m%dT%H%M%S%f}-{path.name}"
    os.replace(path, target)
    return target
