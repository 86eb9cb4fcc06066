"""IPTC ninjs (JSON) 1.x, 2.x and 3.x, plus the feed envelopes agencies wrap it in.

One pydantic model validates all three generations: keys are lower-cased first (3.x writes
"versionCreated"), and every field is optional and loosely typed, because real agency JSON
mixes generations ("headline" next to "headlines", numbers as strings).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from dateline.wire.item import AgencyNote, Rejection, Signal, WireImage, WireItem
from dateline.wire.parsers import signals
from dateline.wire.parsers.base import WireParser
from dateline.wire.parsers.datelines import parse_dateline
from dateline.wire.parsers.html import body_pair, looks_like_html, paragraphs_to_html, plain
from dateline.wire.parsers.notes import note
from dateline.wire.parsers.result import Outcome, Payload, Rejected, each_item
from dateline.wire.parsers.times import parse_time

_PICTURES = {"picture", "image", "graphic", "photo"}
_RENDITION_PREFERENCE = ("original", "baseimage", "highres", "main", "viewimage", "preview")
_SIGNAL_WORDS = {"update": Signal.UPDATE, "correction": Signal.CORRECTION, "kill": Signal.KILL}


class Concept(BaseModel):
    """A subject, place or genre: ninjs 1.x says "code", 2.x/3.x "uri" or "qcode"."""

    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)
    code: str | None = None
    uri: str | None = None
    qcode: str | None = None
    name: str | None = None
    scheme: str | None = None

    def ident(self) -> str:
        if self.qcode:
            return self.qcode
        if self.code and self.scheme and ":" not in self.code:
            return f"{self.scheme.rstrip('/').rsplit('/', 1)[-1]}:{self.code}"
        return self.code or self.uri or self.name or ""


class Block(BaseModel):
    """One entry of ninjs 2.x/3.x "headlines", "bodies" or "descriptions"."""

    model_config = ConfigDict(extra="allow")
    value: str = ""
    role: str = ""
    contenttype: str = ""


class EdNote(BaseModel):
    """One entry of dpa's "ednotes" list, which says itself whether it may be published."""

    model_config = ConfigDict(extra="allow")
    ednote: str = ""
    role: str = ""
    is_publishable: bool = False

    @field_validator("ednote", "role", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return "" if value is None else str(value)

    @field_validator("is_publishable", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> Any:
        return value is True


class NinjsItem(BaseModel):
    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)

    uri: str = ""
    guid: str = ""
    type: str = "text"
    version: str = "1"
    versioncreated: str = ""
    firstcreated: str = ""
    embargoed: str = ""
    pubstatus: str | None = "usable"  # dpa's digitalwires sends null for usable copy
    urgency: str | None = None
    signals: list[str] = []

    headline: str = ""
    headline_main: str = ""
    headline_simple: str = ""
    headlines: list[Block] = []
    slugline: str = ""
    byline: str = ""
    by: str = ""
    located: str = ""
    language: str = ""

    body_html: str = ""
    body_xhtml: str = ""
    body_richtext: str = ""
    body_text: str = ""
    body_main: str = ""
    bodies: list[Block] = []

    description_text: str = ""
    descriptions: list[Block] = []
    copyrightholder: str = ""
    creditline: str = ""
    digitalsourcetype: str = ""
    ednote: str = ""  # for the receiving newsroom's staff, never for readers
    ednotes: list[EdNote] = []

    subject: list[Concept] = []
    subjects: list[Concept] = []
    place: list[Concept] = []
    places: list[Concept] = []
    renditions: dict[str, Any] | list[Any] = {}
    associations: dict[str, Any] | list[Any] = {}  # 1.x: by name; 2.x/3.x: a list with "name"

    @field_validator("headlines", "bodies", "descriptions", mode="before")
    @classmethod
    def _blocks(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [{"value": value}]
        if isinstance(value, dict):
            return [value]
        return value or []

    @field_validator("subject", "subjects", "place", "places", mode="before")
    @classmethod
    def _concepts(cls, value: Any) -> Any:
        if isinstance(value, str | dict):
            value = [value]
        return [{"name": v} if isinstance(v, str) else v for v in (value or [])]

    @field_validator("signals", mode="before")
    @classmethod
    def _signal_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [value]
        return [
            v if isinstance(v, str) else str(v.get("uri") or v.get("code") or "")
            for v in value or []
        ]

    @field_validator("ednotes", mode="before")
    @classmethod
    def _ednote_list(cls, value: Any) -> Any:
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    @field_validator("digitalsourcetype", mode="before")
    @classmethod
    def _source_type(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return value.get("uri") or value.get("code") or value.get("name") or ""
        return value or ""

    @field_validator(
        "headline", "slugline", "byline", "by", "located", "language", "body_html", "body_text",
        "description_text", "copyrightholder", "creditline", "embargoed", "ednote", mode="before",
    )  # fmt: skip
    @classmethod
    def _text(cls, value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, list):
            return " ".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
        if isinstance(value, dict):
            return str(value.get("name") or value.get("value") or "")
        return value


def _lower_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).lower(): _lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v) for v in value]
    return value


def _entries(document: Any) -> list[Any]:
    """Unwrap the envelopes: a list, {"item": [...]}, an AP-style {"data": {"items": [...]}}."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise Rejection(f"ninjs payload must be an object or a list, got {type(document).__name__}")
    data = document.get("data")
    if isinstance(data, dict):
        if isinstance(data.get("items"), list):
            return [e.get("item", e) if isinstance(e, dict) else e for e in data["items"]]
        if isinstance(data.get("item"), dict):
            return [data["item"]]
    if isinstance(document.get("item"), list):
        return document["item"]
    if isinstance(document.get("item"), dict) and "uri" not in document:
        return [document["item"]]
    return [document]


class NinjsParser(WireParser):
    format = "ninjs"
    label = "IPTC ninjs (JSON)"

    def can_parse(self, head: bytes, filename: str) -> bool:
        return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")

    def parse(self, payload: Payload) -> Iterator[Outcome]:
        try:
            document = json.loads(payload.data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            payload.notes.append("ninjs payload was not UTF-8; read as cp1252")
            document = json.loads(payload.data.decode("cp1252", errors="replace"))
        except json.JSONDecodeError as exc:
            yield Rejected(f"malformed JSON: {exc}")
            return
        entries = _entries(document)
        if not entries:
            yield Rejected("ninjs payload holds no items")
            return

        def guid_of(entry: Any) -> str:
            return (
                str(entry.get("uri") or entry.get("guid") or "") if isinstance(entry, dict) else ""
            )

        yield from each_item(entries, lambda e: _item(e, payload.agency), guid_of)


def _validate(entry: Any) -> NinjsItem:
    if not isinstance(entry, dict):
        raise Rejection(f"ninjs item must be an object, got {type(entry).__name__}")
    try:
        return NinjsItem.model_validate(_lower_keys(entry))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:3]
        )
        raise Rejection(f"ninjs item does not validate: {problems}") from exc


def _item(entry: Any, agency: str) -> WireItem:
    ninjs = _validate(entry)
    headline = plain(_headline(ninjs))
    body_html, body_text = _body(ninjs)
    found = {_SIGNAL_WORDS[w] for s in ninjs.signals for w in _SIGNAL_WORDS if w in s.lower()}
    status = signals.pubstatus_from(ninjs.pubstatus or "usable")
    byline = ninjs.byline or ninjs.by
    return WireItem(
        agency=agency,
        guid=ninjs.guid or ninjs.uri,
        version=_int(ninjs.version) or 1,
        headline=headline,
        sent=parse_time(ninjs.versioncreated),
        first_created=parse_time(ninjs.firstcreated),
        embargo=parse_time(ninjs.embargoed),
        pubstatus=status,
        signals=frozenset(found),
        urgency=_int(ninjs.urgency),
        slugline=ninjs.slugline,
        byline=byline[3:] if byline.lower().startswith("by ") else byline,
        dateline=parse_dateline(ninjs.located) if ninjs.located else parse_dateline(""),
        body_html=body_html,
        body_text=body_text,
        language=(ninjs.language or "en").split("-")[0].lower(),
        subjects=tuple(
            dict.fromkeys(c.ident() for c in (*ninjs.subject, *ninjs.subjects) if c.ident())
        ),
        places=tuple(
            dict.fromkeys(c.name or c.ident() for c in (*ninjs.place, *ninjs.places) if c.ident())
        ),
        images=_images(ninjs, headline),
        notes=_notes(ninjs),
    )


def _notes(ninjs: NinjsItem) -> tuple[AgencyNote, ...]:
    found = [note(ninjs.ednote, "ednote")]
    found += [note(n.ednote, n.role, publishable=n.is_publishable) for n in ninjs.ednotes]
    return tuple(n for n in found if n is not None)


def _int(value: str | None) -> int | None:
    try:
        return int(float(str(value).strip()))
    except (TypeError, ValueError):
        return None


def _headline(ninjs: NinjsItem) -> str:
    if ninjs.headline or ninjs.headline_main or ninjs.headline_simple:
        return ninjs.headline or ninjs.headline_main or ninjs.headline_simple
    main = [h for h in ninjs.headlines if h.role in ("", "main")]
    return next((h.value for h in (main or ninjs.headlines) if h.value), "")


def _body(ninjs: NinjsItem) -> tuple[str, str]:
    for rich in (ninjs.body_html, ninjs.body_xhtml, ninjs.body_richtext):
        if rich.strip():
            return body_pair(rich)
    rich_blocks = [b for b in ninjs.bodies if "html" in b.contenttype or looks_like_html(b.value)]
    if rich_blocks:
        return body_pair(rich_blocks[0].value)
    text = (
        ninjs.body_text or ninjs.body_main or next((b.value for b in ninjs.bodies if b.value), "")
    )
    return body_pair(paragraphs_to_html(text.split("\n\n")) if text else "")


def _rendition_href(renditions: dict[str, Any] | list[Any]) -> str:
    named = (
        renditions.items()
        if isinstance(renditions, dict)
        else ((str(r.get("name", "")), r) for r in renditions if isinstance(r, dict))
    )
    options = [(name.lower(), r) for name, r in named if isinstance(r, dict) and r.get("href")]
    if not options:
        return ""

    def rank(option: tuple[str, dict[str, Any]]) -> tuple[int, int]:
        name, rendition = option
        preferred = _RENDITION_PREFERENCE.index(name) if name in _RENDITION_PREFERENCE else 9
        return preferred, -int(rendition.get("width") or 0)

    return str(min(options, key=rank)[1]["href"])


def _image(ninjs: NinjsItem, fallback_caption: str) -> WireImage | None:
    href = _rendition_href(ninjs.renditions)
    if not href:
        return None
    caption = ninjs.description_text or next((d.value for d in ninjs.descriptions if d.value), "")
    source = ninjs.digitalsourcetype.rstrip("/").rsplit("/", 1)[-1].split(":")[-1]
    return WireImage(
        href=href,
        caption=plain(caption or _headline(ninjs) or fallback_caption),
        credit=ninjs.creditline or ninjs.byline or ninjs.by or ninjs.copyrightholder,
        digital_source_type=source,
    )


def _images(ninjs: NinjsItem, headline: str) -> tuple[WireImage, ...]:
    images: list[WireImage] = []
    if ninjs.type in _PICTURES:
        own = _image(ninjs, headline)
        if own:
            images.append(own)
    associated_items = (
        ninjs.associations.values() if isinstance(ninjs.associations, dict) else ninjs.associations
    )
    for associated in associated_items:
        if not isinstance(associated, dict) or associated.get("type", "picture") not in _PICTURES:
            continue
        try:
            image = _image(NinjsItem.model_validate(associated), headline)
        except ValidationError:
            continue
        if image:
            images.append(image)
    return tuple(images)
