"""Agency bytes into the database: keep the payload, parse it, store items and rejections.

The order is the promise the rest of the site relies on: the raw payload is committed
before the parser sees it, so a parser crash or a power cut loses nothing and
`dateline wire reparse` can try again. Records are unique per agency + guid + version, so
ingesting the same bytes twice, or re-parsing a payload, creates nothing new.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from dateline.wire import parsers
from dateline.wire.item import WireItem
from dateline.wire.models import Payload, Rejection, Source, WireItemRecord
from dateline.wire.models.payload import Origin, ParseStatus
from dateline.wire.report import IngestReport
from dateline.wire.serialize import to_json
from dateline.wire.signals import announce_stored

logger = logging.getLogger(__name__)

GUID_MAX = 500


def parse(data: bytes, **kwargs: str) -> parsers.ParseResult:
    """The parser boundary, named here so a test can make it fail."""
    return parsers.parse(data, **kwargs)


def ingest_bytes(
    data: bytes,
    *,
    source: Source | None = None,
    agency: str = "",
    origin: str = Origin.PATH,
    location: str = "",
    filename: str = "",
    format: str | None = None,  # noqa: A002 - the name the parsers use
    now: datetime | None = None,
) -> IngestReport:
    """Store, parse and record one payload; new records are announced once committed."""
    report = IngestReport(payloads=1)
    agency = (agency or (source.agency if source else "")).strip()
    if not agency:
        raise ValueError("an agency name is needed to ingest copy (give a source or --agency)")
    if len(data) > parsers.MAX_PAYLOAD_BYTES:
        report.payloads = 0
        report.reject(f"payload exceeds the {parsers.MAX_PAYLOAD_BYTES} byte cap; not stored")
        return report
    payload, created = store_payload(
        data,
        source=source,
        agency=agency,
        origin=origin,
        location=location,
        filename=filename,
        now=now or timezone.now(),
    )
    report.payload_ids.append(payload.pk)
    report.payloads_seen_before += not created
    fmt = format or (source.format if source else "") or None
    report.add(parse_payload(payload, format=fmt, first=created))
    return report


def store_payload(
    data: bytes,
    *,
    source: Source | None,
    agency: str,
    origin: str,
    location: str,
    filename: str,
    now: datetime,
) -> tuple[Payload, bool]:
    """Commit the raw bytes (or note that they came again); nothing is parsed yet."""
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        existing = Payload.objects.select_for_update().filter(agency=agency, content_hash=digest)
        payload = existing.first()
        if payload is not None:
            existing.update(times_received=F("times_received") + 1, last_received_at=now)
            return payload, False
        try:
            with transaction.atomic():
                payload = Payload.objects.create(
                    source=source,
                    agency=agency,
                    origin_kind=origin,
                    origin=location[:1000],
                    filename=filename[:500],
                    content_hash=digest,
                    size=len(data),
                    data=data,
                    received_at=now,
                    last_received_at=now,
                )
        except IntegrityError:  # the same bytes arrived through another worker a moment ago
            return Payload.objects.get(agency=agency, content_hash=digest), False
    return payload, True


def parse_payload(
    payload: Payload,
    *,
    format: str | None = None,  # noqa: A002
    first: bool = False,
) -> IngestReport:
    """Parse stored bytes and record the outcome; safe to run again on the same payload.

    The records it stores are announced with `wire_items_stored` when the transaction
    commits (the caller's, if it has one), never before. `first` says the payload was just
    stored, so it has no earlier rejections to replace.
    """
    report = IngestReport()
    data = bytes(payload.data)
    try:
        result = parse(
            data,
            agency=payload.agency,
            format=format or payload.format or None,
            filename=payload.filename,
            url=payload.origin if payload.origin_kind == Origin.URL else "",
        )
    except Exception as exc:  # noqa: BLE001 - the payload is kept; reparse later
        error = f"{type(exc).__name__}: {exc}"
        logger.exception("parser failed on payload %s", payload.pk)
        Payload.objects.filter(pk=payload.pk).update(
            parse_status=ParseStatus.ERROR, error=error[:5000], parsed_at=timezone.now()
        )
        report.errors.append(f"payload {payload.pk}: {error}")
        return report
    report.formats[result.format] += 1
    report.notes.extend(result.notes)
    with transaction.atomic():
        _record_rejections(payload, result.rejections, report, replace=not first)
        _record_items(payload, result.items, report)
        Payload.objects.filter(pk=payload.pk).update(
            format=result.format,
            parse_status=_status(result, report),
            parsed_at=timezone.now(),
            items_count=report.accepted + report.duplicates,
            rejections_count=report.rejected,
            notes="\n".join(result.notes)[:5000],
            error="",
        )
    return report


def _status(result: parsers.ParseResult, report: IngestReport) -> str:
    stored = report.accepted + report.duplicates
    if report.rejected and stored:
        return ParseStatus.PARTIAL
    if report.rejected or not stored:
        return ParseStatus.REJECTED
    return ParseStatus.PARSED


def _record_rejections(
    payload: Payload, rejections: list, report: IngestReport, *, replace: bool
) -> None:
    """A re-parse replaces the payload's earlier rejections rather than adding to them."""
    if replace:
        payload.rejections.all().delete()
    Rejection.objects.bulk_create(
        Rejection(
            payload=payload,
            source_id=payload.source_id,
            reason=_clean(rejected.reason),
            guid=_clean(rejected.guid)[:GUID_MAX],
            position=rejected.position,
        )
        for rejected in rejections
    )
    for rejected in rejections:
        report.reject(rejected.reason)


def _record_items(payload: Payload, items: list[WireItem], report: IngestReport) -> None:
    fresh: dict[tuple[str, str, int], WireItem] = {}
    for position, item in enumerate(items):
        if not item.guid or len(item.guid) > GUID_MAX:
            reason = f"item guid is empty or longer than {GUID_MAX} characters"
            Rejection.objects.create(
                payload=payload, source_id=payload.source_id, reason=reason, position=position
            )
            report.reject(reason)
            continue
        key = _key(item)
        if key in fresh:
            report.duplicates += 1
            continue
        fresh[key] = item
    known = _existing_keys(list(fresh))
    report.duplicates += len(known)
    new = [(key, item) for key, item in fresh.items() if key not in known]
    families = set(
        WireItemRecord.objects.filter(
            family_uri__in={_family(item) for _key, item in new}
        ).values_list("agency", "family_uri")
    )
    now = timezone.now()
    WireItemRecord.objects.bulk_create(
        [_record(key, item, payload, now) for key, item in new], ignore_conflicts=True
    )
    # Rows a racing worker stored first were skipped above; that worker announces them.
    stored = list(
        WireItemRecord.objects.filter(payload=payload, received_at=now)
        .order_by("id")
        .values_list("id", flat=True)
    )
    if stored:
        transaction.on_commit(partial(announce_stored, stored))
    report.accepted += len(new)
    report.new_versions += sum(
        1 for key, item in new if key[2] > 1 or (key[0], _family(item)) in families
    )


def _existing_keys(keys: list[tuple[str, str, int]]) -> set[tuple[str, str, int]]:
    """The keys already stored; agency and guid lead the unique index, so both are asked."""
    found: set[tuple[str, str, int]] = set()
    agencies = {agency for agency, _guid, _version in keys}
    guids = sorted({guid for _agency, guid, _version in keys})
    for start in range(0, len(guids), 500):
        batch = guids[start : start + 500]
        found.update(
            WireItemRecord.objects.filter(agency__in=agencies, guid__in=batch).values_list(
                "agency", "guid", "version"
            )
        )
    return found & set(keys)


def _key(item: WireItem) -> tuple[str, str, int]:
    """Agency, guid and version as the table stores them (trimmed, no NULs; the version was
    clamped when the item was built)."""
    return (_clean(item.agency)[:80], _clean(item.guid), item.version)


def _family(item: WireItem) -> str:
    return _clean(item.family_uri)[:GUID_MAX]


def _record(
    key: tuple[str, str, int], item: WireItem, payload: Payload, now: datetime
) -> WireItemRecord:
    urgency = item.urgency if item.urgency is not None and 0 <= item.urgency <= 32767 else None
    agency, guid, version = key
    return WireItemRecord(
        agency=agency,
        guid=guid,
        version=version,
        family_uri=_family(item),
        headline=_clean(item.headline),
        sent=item.sent,
        first_created=item.first_created,
        pubstatus=str(item.pubstatus),
        signals=sorted(str(signal) for signal in item.signals),
        urgency=urgency,
        language=item.language[:20],
        dateline_city=_clean(item.dateline.city)[:200],
        dateline_country=item.dateline.country[:2],
        data=_clean_json(to_json(item)),
        payload=payload,
        source_id=payload.source_id,
        received_at=now,
    )


def _clean(text: str) -> str:
    """PostgreSQL refuses NUL characters in text; agency copy sometimes carries them."""
    return (text or "").replace("\x00", "")


def _clean_json(value):
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, dict):
        return {key: _clean_json(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_clean_json(inner) for inner in value]
    return value
