"""IPTC NewsML 1.2 (AFP, ANA and others): NewsItems whose components hold the text and photos."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from lxml import etree

from dateline.places.gazetteer import country_code
from dateline.wire.item import AgencyNote, PubStatus, Rejection, Signal, WireImage, WireItem
from dateline.wire.parsers import signals
from dateline.wire.parsers.base import XMLWireParser
from dateline.wire.parsers.datelines import parse_dateline
from dateline.wire.parsers.html import body_pair, looks_like_html, paragraphs_to_html, plain
from dateline.wire.parsers.notes import nitf_notes, without_nitf_notes
from dateline.wire.parsers.result import Outcome, Payload, Rejected, each_item
from dateline.wire.parsers.times import parse_time
from dateline.wire.parsers.xml import (
    attr,
    child,
    descendants,
    first,
    first_of,
    inner_html,
    parse_xml,
    text_of,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class NewsML12Parser(XMLWireParser):
    format = "newsml12"
    label = "IPTC NewsML 1.2"
    roots = frozenset({"NewsML"})

    def parse(self, payload: Payload) -> Iterator[Outcome]:
        root = parse_xml(payload.data, payload.notes)
        entries = descendants(root, "NewsItem")
        if not entries:
            yield Rejected("NewsML 1.2 document holds no NewsItem")
            return
        sent = text_of(child(root, "NewsEnvelope", "DateAndTime"))
        yield from each_item(entries, lambda el: _item(el, payload.agency, sent), _guid)


def _guid(el: etree._Element) -> str:
    ident = child(el, "Identification", "NewsIdentifier")
    provider = text_of(child(ident, "ProviderId"))
    item_id = text_of(child(ident, "NewsItemId"))
    if provider and item_id:
        return f"urn:newsml:{provider}:{item_id}"
    return text_of(child(ident, "PublicIdentifier"))


def _item(el: etree._Element, agency: str, sent: str) -> WireItem:
    guid = _guid(el)
    if not guid:
        raise Rejection("NewsML 1.2 NewsItem without an identifier")
    management = child(el, "NewsManagement")
    revision = child(el, "Identification", "NewsIdentifier", "RevisionId")
    lines = first(el, "NewsLines")
    metadata = first(el, "DescriptiveMetadata")
    status = signals.pubstatus_from(attr(child(management, "Status"), "FormalName"))
    found: set[Signal] = set()
    instruction = attr(child(management, "Instruction"), "FormalName").lower()
    if "correct" in instruction:
        found.add(Signal.CORRECTION)
    if "update" in instruction or "rectify" in instruction:
        found.add(Signal.UPDATE)
    if "kill" in instruction or "cancel" in instruction:
        found.add(Signal.KILL)
    body_html, body_text = _body(el)
    headline = plain(text_of(child(lines, "HeadLine")))
    city, country = _origin(metadata)
    return WireItem(
        agency=agency or text_of(child(el, "Identification", "NewsIdentifier", "ProviderId")),
        guid=guid,
        version=_int(text_of(revision)) or 1,
        headline=headline,
        sent=parse_time(text_of(child(management, "ThisRevisionCreated"))) or parse_time(sent),
        first_created=parse_time(text_of(child(management, "FirstCreated"))),
        embargo=_embargo(management),
        pubstatus=status,
        signals=frozenset(found),
        urgency=_int(attr(child(management, "Urgency"), "FormalName")),
        slugline=text_of(child(lines, "SlugLine"))
        or text_of(child(el, "Identification", "NameLabel")),
        byline=_byline(text_of(child(lines, "ByLine"))),
        dateline=parse_dateline(text_of(child(lines, "DateLine")), city=city, country=country),
        body_html=body_html,
        body_text=body_text,
        language=_language(el, metadata),
        subjects=_subjects(el),
        places=tuple(p for p in (city, *_keyword_places(metadata)) if p),
        images=_images(el, headline),
        notes=_notes(el),
    )


def _int(value: str) -> int | None:
    try:
        return int(value.strip())
    except (AttributeError, ValueError):
        return None


def _embargo(management: etree._Element | None) -> datetime | None:
    """When the item becomes usable: StatusWillChange names the status to come and its time."""
    change = child(management, "StatusWillChange")
    future = attr(child(change, "FutureStatus"), "FormalName")
    if change is None or (future and signals.pubstatus_from(future) != PubStatus.USABLE):
        return None
    return parse_time(text_of(child(change, "DateAndTime")))


def _notes(el: etree._Element) -> tuple[AgencyNote, ...]:
    """Editors' notes in the NITF text of the item's components."""
    return tuple(n for data in descendants(el, "DataContent") for n in nitf_notes(data))


def _byline(value: str) -> str:
    return value[3:] if value.lower().startswith("by ") else value


def _language(el: etree._Element, metadata: etree._Element | None) -> str:
    code = attr(child(metadata, "Language"), "FormalName") or el.get(XML_LANG, "") or "en"
    return code.split("-")[0].lower()


def _origin(metadata: etree._Element | None) -> tuple[str, str]:
    """City and country from the Location the agency marked as the story's origin."""
    if metadata is None:
        return "", ""
    for location in descendants(metadata, "Location"):
        props = {
            p.get("FormalName", ""): p.get("Value", "") for p in descendants(location, "Property")
        }
        city = props.get("City", "")
        country = props.get("Country", "")
        return city, country_code(country) if country else ""
    return "", ""


def _keyword_places(metadata: etree._Element | None) -> list[str]:
    if metadata is None:
        return []
    return [
        p.get("Value", "")
        for p in descendants(metadata, "Property")
        if p.get("FormalName") == "Country" and p.get("Value")
    ]


def _subjects(el: etree._Element) -> tuple[str, ...]:
    codes: list[str] = []
    for code in descendants(el, "SubjectCode"):
        for node in code:
            formal = node.get("FormalName") if isinstance(node.tag, str) else None
            if formal and f"subj:{formal}" not in codes:
                codes.append(f"subj:{formal}")
    return tuple(codes)


def _media(item: etree._Element) -> str:
    return attr(child(item, "MediaType"), "FormalName").lower()


def _body(el: etree._Element) -> tuple[str, str]:
    for item in descendants(el, "ContentItem"):
        if _media(item) != "text":
            continue
        data = child(item, "DataContent")
        if data is None:
            continue
        if len(data):
            holder = first_of(data, "body.content", "body")
            return body_pair(inner_html(without_nitf_notes(data if holder is None else holder)))
        raw = data.text or ""
        if looks_like_html(raw):
            return body_pair(raw)
        if raw.strip():
            return body_pair(paragraphs_to_html(raw.split("\n\n")))
    return "", ""


def _images(el: etree._Element, headline: str) -> tuple[WireImage, ...]:
    images: list[WireImage] = []
    for component in descendants(el, "NewsComponent"):
        photos = [c for c in component if _media(c) == "photo" and c.get("Href")]
        if not photos:
            continue
        best = max(photos, key=lambda c: _int(_property(c, "Width")) or 0)
        caption = next(
            (text_of(child(c, "DataContent")) for c in component if _media(c) == "text"), ""
        )
        lines = child(component, "NewsLines")
        images.append(
            WireImage(
                href=best.get("Href", ""),
                caption=caption or text_of(child(lines, "HeadLine")) or headline,
                credit=text_of(child(lines, "CreditLine")),
            )
        )
    return tuple(images)


def _property(item: etree._Element, name: str) -> str:
    for prop in descendants(item, "Property"):
        if prop.get("FormalName") == name:
            return prop.get("Value", "")
    return ""
