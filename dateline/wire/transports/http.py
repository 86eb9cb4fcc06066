"""HTTP polling: conditional GET, a timeout and a size cap, backoff on failure.

Uses the standard library's urllib so the desk needs no extra dependency to fetch a feed.
The cap is enforced while reading (a huge or endless body is cut off, never buffered), and
the timeout covers the whole response, not only each socket read, so a server trickling
bytes cannot hold a worker.

A source's URL is typed by an editor, so the poller must not become a way into the
newsroom's own network: only http and https are fetched, and a host resolving to a
loopback, private, link-local, multicast, reserved or unspecified address is refused unless
its name is in DATELINE_WIRE_INTERNAL_HOSTS. The address is checked when the socket is
opened, on the very address connected to (a name that changes its answer between a check
and the connection gains nothing), and so for every redirect hop as well. Proxies from the
environment are not used: through one, the address checked would be the proxy's.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import FetchAttempt, Source
from dateline.wire.models.payload import Origin
from dateline.wire.models.source import POLLED_SCHEMES
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


class RefusedAddress(OSError):
    """The host resolves to an internal address that no setting allows."""


def user_agent() -> str:
    return getattr(settings, "DATELINE_WIRE_USER_AGENT", "Dateline wire poller")


def internal_hosts() -> set[str]:
    """Host names allowed to resolve to internal addresses (the agency gateway's)."""
    hosts = getattr(settings, "DATELINE_WIRE_INTERNAL_HOSTS", [])
    if isinstance(hosts, str):
        hosts = hosts.split(",")
    return {host.strip().lower().rstrip(".") for host in hosts if host.strip()}


def is_internal(address: str) -> bool:
    """Whether an address belongs to this machine or a private network rather than the internet."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:
            return True
        ip = ip.ipv4_mapped or ip.sixtofour or ip  # an IPv4 address written as IPv6
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def connect_checked(
    address: tuple[str, int], timeout: float | None, source_address: tuple[str, int] | None
) -> socket.socket:
    """Resolve the host once, refuse it if any address is internal, connect to what was checked."""
    host, port = address
    found = [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
    if host.lower().rstrip(".") not in internal_hosts():
        for ip in found:
            if is_internal(ip):
                raise RefusedAddress(
                    f"{host} resolves to {ip}, an internal address "
                    "(list the host in DATELINE_WIRE_INTERNAL_HOSTS to allow it)"
                )
    error: OSError = OSError(f"{host} has no address")
    for ip in found:
        try:
            return socket.create_connection((ip, port), timeout, source_address)
        except OSError as exc:
            error = exc
    raise error


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = connect_checked


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the checked address; TLS still verifies the certificate for the host name."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = connect_checked


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Each hop's scheme is checked here (urllib itself stops all but http, https and ftp);
    its address is checked when its connection opens, like the first request's."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in POLLED_SCHEMES:
            fp.close()
            raise FetchError(f"refused: a redirect to {newurl!r}, which is not http(s)", code)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    """HTTP and HTTPS only, checked connections and redirects, no proxy, no file or ftp."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        _CheckedHTTPHandler(),
        _CheckedHTTPSHandler(),
        _CheckedRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    return opener


def fetch_url(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float | None = None,
    max_bytes: int = MAX_PAYLOAD_BYTES,
) -> Response:
    """GET a URL; 304 comes back as an empty Response, anything wrong as a FetchError."""
    if urlsplit(url).scheme not in POLLED_SCHEMES:
        raise FetchError(f"refused: not an http(s) URL: {url!r}")
    timeout = timeout or getattr(settings, "DATELINE_WIRE_HTTP_TIMEOUT", 20.0)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": "*/*"})
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    deadline = time.monotonic() + timeout
    try:
        with _opener().open(request, timeout=timeout) as response:
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
        if isinstance(reason, RefusedAddress):
            raise FetchError(f"refused: {reason}") from exc
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


def poll_http(source: Source) -> tuple[FetchAttempt, IngestReport | None]:
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
    )
    source.etag = response.etag[:500]
    source.last_modified = response.last_modified[:100]
    attempt = succeeded(
        source, report, size=len(response.body), watch=watch, http_status=response.status
    )
    return attempt, report
