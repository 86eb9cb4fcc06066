"""HTTP polling: conditional GET, a timeout and a size cap, backoff on failure.

Uses the standard library's urllib so the desk needs no extra dependency to fetch a feed.
The cap is enforced while reading (a huge or endless body is cut off, never buffered), and
the timeout covers the whole response, not only each socket read, so a server trickling
bytes cannot hold a worker.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import FetchAttempt, Source
from dateline.wire.models.payload import Origin
from dateline.wire.parsers import MAX_PAYLOAD_BYTES
from dateline.wire.report import IngestReport
from dateline.wire.transports.attempts import Stopwatch, failed, succeeded

CHUNK = 64 * 1024


class FetchError(Exception):
    def __init__(self, message: str, status: int | None = None, size: int = 0) -> None:
        super().__init__(message)
        self.status = status
        self.size = size


@dataclass
class Response:
    status: int
    body: bytes
    etag: str = ""
    last_modified: str = ""


def user_agent() -> str:
    return getattr(settings, "DATELINE_WIRE_USER_AGENT", "Dateline wire poller")


def fetch_url(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float | None = None,
    max_bytes: int = MAX_PAYLOAD_BYTES,
) -> Response:
    """GET a URL; 304 comes back as an empty Response, anything wrong as a FetchError."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise FetchError(f"not an http(s) URL: {url!r}")
    timeout = timeout or getattr(settings, "DATELINE_WIRE_HTTP_TIMEOUT", 20.0)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": "*/*"})
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(
                    f"response of {length} bytes exceeds the {max_bytes} byte cap; rejected",
                    response.status,
                    int(length),
                )
            body = _read_capped(response, max_bytes, deadline)
            return Response(
                status=response.status,
                body=body,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(status=304, body=b"", etag=exc.headers.get("ETag", etag))
        raise FetchError(f"HTTP {exc.code} {exc.reason}", exc.code) from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise FetchError(f"timed out after {timeout:g} s") from exc
        raise FetchError(f"cannot reach {url}: {reason}") from exc
    except TimeoutError as exc:
        raise FetchError(f"timed out after {timeout:g} s") from exc
    except (OSError, ValueError) as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from exc


def _read_capped(response, max_bytes: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError("timed out while reading the response", response.status, size)
        chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(
                f"response exceeds the {max_bytes} byte cap; rejected", response.status, size
            )
        chunks.append(chunk)


def poll_http(source: Source, *, desk: bool = False) -> tuple[FetchAttempt, IngestReport | None]:
    """Fetch one HTTP source once, ingest what it gives, and record the attempt."""
    watch = Stopwatch()
    try:
        response = fetch_url(source.url, etag=source.etag, last_modified=source.last_modified)
    except FetchError as exc:
        return failed(source, str(exc), watch=watch, http_status=exc.status, size=exc.size), None
    if response.status == 304:
        attempt = succeeded(source, None, size=0, watch=watch, http_status=304, not_modified=True)
        return attempt, None
    report = ingest_bytes(
        response.body,
        source=source,
        origin=Origin.URL,
        location=source.url,
        filename=urlsplit(source.url).path.rsplit("/", 1)[-1],
        desk=desk,
    )
    source.etag = response.etag[:500]
    source.last_modified = response.last_modified[:100]
    attempt = succeeded(
        source, report, size=len(response.body), watch=watch, http_status=response.status
    )
    return attempt, report
