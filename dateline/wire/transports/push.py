"""The push endpoint: an agency POSTs a payload with its bearer token and gets 202 and counts.

Token-authenticated, so no CSRF cookie is involved; the token is compared by hash in
constant time. A wrong token is recorded in the source's health with the address it came
from, and an address that sends DATELINE_PUSH_FAILURES_LIMIT wrong tokens (to any source)
within the window is answered 429 until the window closes, so tokens cannot be guessed.
The body is read through a cap, so an oversized push is refused with 413 without being
buffered; a chunked push (no Content-Length) is read to its end the same way.
Every refusal after the token check is recorded in the source's health. Stored records are
announced when they commit; with a task worker running, story building happens there, so an
agency is never kept waiting on it.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dateline.audience.anonymity import address_from
from dateline.security.throttle import FailureThrottle
from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import Source, Transport
from dateline.wire.models.payload import Origin
from dateline.wire.parsers import MAX_PAYLOAD_BYTES
from dateline.wire.transports.attempts import Stopwatch, failed, succeeded


def _error(status: int, message: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


CHUNK = 64 * 1024

WRONG_TOKENS = FailureThrottle("push", "DATELINE_PUSH_FAILURES", limit=10, window=15 * 60)


def read_body(request: HttpRequest) -> bytes | None:
    """The pushed bytes, at most one over the cap; None when a chunked body's end is unknown.

    Django reads only as many bytes as Content-Length announces, which a chunked push does
    not. Its body is read from the WSGI input to the end when the server has taken the chunks
    apart and says the input ends there (`wsgi.input_terminated`, as gunicorn does).
    """
    limit = MAX_PAYLOAD_BYTES + 1
    if request.META.get("CONTENT_LENGTH"):
        return request.read(limit)
    if not request.META.get("wsgi.input_terminated"):
        chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
        return None if chunked else b""
    stream = request.META["wsgi.input"]
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = stream.read(min(CHUNK, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def bearer_token(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@csrf_exempt
@require_POST
def push(request: HttpRequest, slug: str) -> JsonResponse:
    address = address_from(request.META)
    if WRONG_TOKENS.blocked(address):
        return _error(
            429,
            "too many wrong tokens from this address; try again later",
            Retry_After=str(WRONG_TOKENS.window_seconds),
        )
    watch = Stopwatch()
    source = Source.objects.filter(slug=slug, transport=Transport.PUSH, active=True).first()
    token = bearer_token(request)
    if not token:
        return _error(401, "a bearer token is required", WWW_Authenticate='Bearer realm="wire"')
    if source is None or not source.check_push_token(token):
        WRONG_TOKENS.failed(address)
        if source is not None:
            failed(source, f"wrong push token from {address}", watch=watch, http_status=403)
        return _error(403, "this token does not open this source")
    length = request.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > MAX_PAYLOAD_BYTES:
        failed(source, f"push of {length} bytes refused (cap {MAX_PAYLOAD_BYTES})", watch=watch)
        return _error(413, f"payloads are limited to {MAX_PAYLOAD_BYTES} bytes")
    data = read_body(request)
    if data is None:
        failed(source, "chunked push refused: the server cannot tell where it ends", watch=watch)
        return _error(411, "send a Content-Length with the payload")
    if len(data) > MAX_PAYLOAD_BYTES:
        failed(source, f"push over the {MAX_PAYLOAD_BYTES} byte cap refused", watch=watch)
        return _error(413, f"payloads are limited to {MAX_PAYLOAD_BYTES} bytes")
    if not data:
        failed(source, "empty push refused", watch=watch)
        return _error(400, "the request body is empty")
    report = ingest_bytes(
        data,
        source=source,
        origin=Origin.PUSH,
        location="push",
        filename=request.GET.get("filename", "")[:500],
    )
    succeeded(source, report, size=len(data), watch=watch)
    return JsonResponse(
        {
            "payload": report.payload_ids[0] if report.payload_ids else None,
            "accepted": report.accepted,
            "new_versions": report.new_versions,
            "duplicates": report.duplicates,
            "rejected": report.rejected,
            "reasons": dict(report.reasons),
            "errors": report.errors,
        },
        status=202,
    )
