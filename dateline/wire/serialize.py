"""WireItem to and from plain JSON, so a stored item comes back exactly as the parser made it.

The wire app keeps each item as JSON beside its columns; the desk reads it back with
`from_json`. Times travel as ISO 8601 with their UTC offset; enums as their values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dateline.wire.item import AgencyNote, Dateline, PubStatus, Signal, WireImage, WireItem

_TIMES = ("sent", "first_created", "embargo")
_TEXTS = (
    "agency",
    "guid",
    "headline",
    "family_uri",
    "slugline",
    "byline",
    "body_html",
    "body_text",
    "language",
)


def to_json(item: WireItem) -> dict[str, Any]:
    """A JSON-ready dict of every field; signals sorted so equal items give equal JSON."""
    data: dict[str, Any] = {name: getattr(item, name) for name in _TEXTS}
    data["version"] = item.version
    for name in _TIMES:
        value = getattr(item, name)
        data[name] = value.isoformat() if value else None
    data["pubstatus"] = str(item.pubstatus)
    data["signals"] = sorted(str(signal) for signal in item.signals)
    data["urgency"] = item.urgency
    data["dateline"] = {
        "text": item.dateline.text,
        "city": item.dateline.city,
        "country": item.dateline.country,
    }
    data["subjects"] = list(item.subjects)
    data["places"] = list(item.places)
    data["images"] = [
        {
            "href": image.href,
            "caption": image.caption,
            "credit": image.credit,
            "digital_source_type": image.digital_source_type,
        }
        for image in item.images
    ]
    data["notes"] = [
        {"text": note.text, "role": note.role, "publishable": note.publishable}
        for note in item.notes
    ]
    return data


def from_json(data: dict[str, Any]) -> WireItem:
    """Rebuild the WireItem `to_json` wrote; unknown keys are ignored, missing ones default."""
    dateline = data.get("dateline") or {}
    return WireItem(
        **{name: data.get(name) or "" for name in _TEXTS},
        version=int(data.get("version") or 1),
        **{name: _time(data.get(name)) for name in _TIMES},
        pubstatus=PubStatus(data.get("pubstatus") or PubStatus.USABLE),
        signals=frozenset(Signal(value) for value in data.get("signals") or ()),
        urgency=data.get("urgency"),
        dateline=Dateline(
            text=dateline.get("text", ""),
            city=dateline.get("city", ""),
            country=dateline.get("country", ""),
        ),
        subjects=tuple(data.get("subjects") or ()),
        places=tuple(data.get("places") or ()),
        images=tuple(WireImage(**image) for image in data.get("images") or ()),
        notes=tuple(AgencyNote(**note) for note in data.get("notes") or ()),
    )


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
