"""`dateline ingest` targets: files, folders (recursively) and http(s) URLs, one report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import Source
from dateline.wire.models.payload import Origin
from dateline.wire.parsers import MAX_PAYLOAD_BYTES
from dateline.wire.report import IngestReport
from dateline.wire.transports.http import FetchError, fetch_url


def is_url(target: str) -> bool:
    return urlsplit(target).scheme in {"http", "https"}


def files_under(target: Path) -> Iterator[Path]:
    """A file, or every visible file below a folder in a stable order."""
    if target.is_file():
        yield target
        return
    for path in sorted(target.rglob("*")):
        relative = path.relative_to(target).parts
        if path.is_file() and not any(part.startswith(".") for part in relative):
            yield path


def ingest_targets(
    targets: Iterable[str],
    *,
    agency: str = "",
    source: Source | None = None,
    format: str | None = None,  # noqa: A002 - the parsers' name
    on_payload: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Ingest every target, each payload committed (and its records announced) in turn.

    Without an agency or a source, a file's agency is the name of the folder it sits in,
    so a folder of per-agency folders goes in with each agency's name.
    """
    total = IngestReport()
    for target in targets:
        if is_url(target):
            total.add(_ingest_url(target, agency=agency, source=source, format=format))
            if on_payload:
                on_payload(total)
            continue
        path = Path(target)
        if not path.exists():
            total.errors.append(f"{target}: no such file or folder")
            continue
        for file in files_under(path):
            total.add(_ingest_file(file, agency=agency, source=source, format=format))
            if on_payload:
                on_payload(total)
    return total


def _ingest_url(url: str, *, agency: str, source: Source | None, format: str | None):
    try:
        response = fetch_url(url)
    except FetchError as exc:
        return IngestReport(errors=[f"{url}: {exc}"])
    agency = agency or (source.agency if source else "") or urlsplit(url).hostname or "web"
    return ingest_bytes(
        response.body,
        source=source,
        agency=agency,
        origin=Origin.URL,
        location=url,
        filename=url,
        format=format,
    )


def _ingest_file(path: Path, *, agency: str, source: Source | None, format: str | None):
    try:
        if path.stat().st_size > MAX_PAYLOAD_BYTES:
            report = IngestReport()
            report.reject(f"file exceeds the {MAX_PAYLOAD_BYTES} byte cap; not stored")
            return report
        data = path.read_bytes()
    except OSError as exc:
        return IngestReport(errors=[f"{path}: {exc}"])
    agency = agency or (source.agency if source else "") or path.parent.name or "wire"
    return ingest_bytes(
        data,
        source=source,
        agency=agency,
        origin=Origin.PATH,
        location=str(path.resolve()),
        filename=path.name,
        format=format,
    )
