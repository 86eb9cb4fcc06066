"""Wire parsers: agency bytes in any supported format to normalised WireItems, never an exception.

result = parse(data, agency="reuters")
result.items, result.rejections, result.format, result.notes
"""

from __future__ import annotations

from dateline.wire.parsers.complete import complete
from dateline.wire.parsers.detect import UnknownFormat
from dateline.wire.parsers.registry import FORMATS, detect_format, parser_for
from dateline.wire.parsers.result import ParseResult, Payload, Rejected, describe

MAX_PAYLOAD_BYTES = 5 * 1024 * 1024

__all__ = ["FORMATS", "MAX_PAYLOAD_BYTES", "ParseResult", "Rejected", "detect_format", "parse"]


def parse(
    data: bytes,
    *,
    agency: str,
    format: str | None = None,  # noqa: A002 - the public name the wire app uses
    filename: str = "",
    url: str = "",
) -> ParseResult:
    """Parse one payload. Bad input becomes rejections with reasons; this never raises."""
    result = ParseResult(format=format or "")
    try:
        if not isinstance(data, bytes | bytearray):
            result.rejections.append(Rejected(f"payload must be bytes, got {type(data).__name__}"))
            return result
        if len(data) > MAX_PAYLOAD_BYTES:
            result.rejections.append(
                Rejected(f"payload of {len(data)} bytes exceeds the {MAX_PAYLOAD_BYTES} byte cap")
            )
            return result
        try:
            parser = parser_for(bytes(data), filename or url, format or "")
        except UnknownFormat as exc:
            result.rejections.append(Rejected(str(exc)))
            return result
        result.format = parser.format
        payload = Payload(
            data=bytes(data), agency=agency, filename=url or filename, notes=result.notes
        )
        for position, outcome in enumerate(parser.parse(payload)):
            if isinstance(outcome, Rejected):
                result.rejections.append(outcome)
                continue
            try:
                result.items.append(complete(outcome))
            except Exception as exc:  # noqa: BLE001 - recorded, never raised
                result.rejections.append(Rejected(describe(exc), outcome.guid, position))
    except Exception as exc:  # noqa: BLE001 - the boundary: nothing escapes a parse
        result.rejections.append(Rejected(describe(exc)))
    return result
