"""IPTC NITF: one story per document (AP, AAP, PA, EFE, NTB), its body already in HTML-like tags."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from dateline.places.gazetteer import country_code
from dateline.wire.item import AgencyNote, Dateline, Rejection, WireImage, WireItem
from dateline.wire.parsers import signals
from dateline.wire.parsers.base import XMLWireParser
from dateline.wire.parsers.datelines import parse_dateline
from dateline.wire.parsers.html import body_pair, plain
from dateline.wire.parsers.notes import nitf_notes, note, without_nitf_notes
from dateline.wire.parsers.result import Outcome, Payload, each_item
from dateline.wire.parsers.times import parse_time
from dateline.wire.parsers.xml import (
    attr,
    child,
    children,
    descendants,
    first,
    inner_html,
    local,
    parse_xml,
    text_of,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class NITFParser(XMLWireParser):
    format = "nitf"
    label = "NITF"
    roots = frozenset({"nitf"})

    def parse(self, payload: Payload) -> Iterator[Outcome]:
        root = parse_xml(payload.data, payload.notes)
        if local(root.tag) != "nitf":
            raise Rejection(f"not an NITF document (root element <{local(root.tag)}>)")
        yield from each_item([root], lambda el: _item(el, payload.agency), _guid)


def _guid(root: etree._Element) -> str:
    docdata = child(root, "head", "docdata")
    return attr(child(docdata, "doc-id"), "id-string") or attr(child(docdata, "du-key"), "key")


def _item(root: etree._Element, agency: str) -> WireItem:
    head = child(root, "head")
    docdata = child(head, "docdata")
    body_head = child(root, "body", "body.head")
    headline = plain(text_of(child(body_head, "hedline", "hl1"))) or text_of(child(head, "title"))
    content = child(root, "body", "body.content")
    body_html, body_text = (
        body_pair(inner_html(without_nitf_notes(_without_media(content))))
        if content is not None
        else ("", "")
    )
    sent = parse_time(attr(child(docdata, "date.issue"), "norm"))
    release = parse_time(attr(child(docdata, "date.release"), "norm"))
    note = attr(child(docdata, "ed-msg"), "info") + " " + _revision_comment(head)
    urgency = attr(child(docdata, "urgency"), "ed-urg") or attr(child(head, "urgency"), "ed-urg")
    status = attr(docdata, "management-status")
    return WireItem(
        agency=agency or attr(child(docdata, "doc-id"), "regsrc"),
        guid=_guid(root),
        version=_int(attr(child(docdata, "du-key"), "version")) or 1,
        headline=headline,
        sent=sent,
        first_created=parse_time(attr(child(docdata, "date.issue"), "norm")),
        embargo=release if release and sent and release > sent else None,
        pubstatus=signals.pubstatus_from(status),
        signals=frozenset(signals.from_note(note)),
        urgency=_int(urgency),
        slugline=attr(child(docdata, "du-key"), "key") or _meta(head, "anpa-keyword"),
        byline=_byline(child(body_head, "byline")),
        dateline=_dateline(child(body_head, "dateline"), docdata),
        body_html=body_html,
        body_text=body_text,
        language=(root.get(XML_LANG) or root.get("baselang") or "en").split("-")[0].lower(),
        subjects=_subjects(head),
        places=_places(root),
        images=_images(content, headline),
        notes=_notes(docdata, child(root, "body")),
    )


def _int(value: str) -> int | None:
    try:
        return int(value.strip())
    except (AttributeError, ValueError):
        return None


def _notes(docdata: etree._Element | None, body: etree._Element | None) -> tuple[AgencyNote, ...]:
    """The editorial message of the docdata (never for print) and the body's editors' notes."""
    message = child(docdata, "ed-msg")
    found = [note(attr(message, "info"), attr(message, "msg-type") or "ed-msg"), *nitf_notes(body)]
    return tuple(n for n in found if n is not None)


def _meta(head: etree._Element | None, name: str) -> str:
    if head is None:
        return ""
    return next((m.get("content", "") for m in children(head, "meta") if m.get("name") == name), "")


def _revision_comment(head: etree._Element | None) -> str:
    return attr(child(head, "revision-history"), "comment")


def _byline(el: etree._Element | None) -> str:
    if el is None:
        return ""
    person = text_of(child(el, "person"))
    if person:
        return person
    text = " ".join(((el.text or "").strip(), *(text_of(c) for c in el if local(c.tag) != "byttl")))
    text = " ".join(text.split())
    return text[3:] if text.lower().startswith("by ") else text


def _dateline(el: etree._Element | None, docdata: etree._Element | None) -> Dateline:
    evloc = child(docdata, "evloc")
    city = text_of(first(el, "city")) if el is not None else ""
    country_name = text_of(first(el, "country")) if el is not None else ""
    location = child(el, "location") if el is not None else None
    written = (
        ", ".join(t.strip() for t in location.itertext() if t.strip())
        if location is not None
        else ""
    )
    if el is not None and not written:
        written = (el.text or "").strip()
    city = city or attr(evloc, "city")
    country = country_code(country_name) or country_code(attr(evloc, "iso-cc"))
    if el is not None and not country:
        state = text_of(first(el, "state"))
        country = country_code(state) if state else ""
    if city:
        return parse_dateline(
            written if written != city else "",
            city=city.title() if city.isupper() else city,
            country=country,
        )
    return parse_dateline(written, country=country)


def _subjects(head: etree._Element | None) -> tuple[str, ...]:
    if head is None:
        return ()
    codes: list[str] = []
    for subject in descendants(head, "tobject.subject"):
        refnum = subject.get("tobject.subject.refnum", "").strip()
        if refnum and refnum[0].isdigit() and f"subj:{refnum}" not in codes:
            codes.append(f"subj:{refnum}")
    return tuple(codes)


def _places(root: etree._Element) -> tuple[str, ...]:
    places: list[str] = []
    for location in descendants(root, "location"):
        name = ", ".join(t.strip() for t in location.itertext() if t.strip())
        if name and name not in places:
            places.append(name)
    return tuple(places)


def _without_media(content: etree._Element) -> etree._Element:
    """The body without its media blocks, which become images rather than body text."""
    copy = etree.fromstring(etree.tostring(content))
    for media in [m for m in copy.iter() if local(m.tag) == "media"]:
        parent = media.getparent()
        if parent is not None:
            parent.remove(media)
    return copy


def _images(content: etree._Element | None, headline: str) -> tuple[WireImage, ...]:
    if content is None:
        return ()
    images: list[WireImage] = []
    for media in descendants(content, "media"):
        if media.get("media-type", "image") not in {"image", "photo", "graphic"}:
            continue
        refs = [r for r in children(media, "media-reference") if r.get("source")]
        if not refs:
            continue
        best = max(refs, key=lambda r: _int(r.get("width", "")) or 0)
        images.append(
            WireImage(
                href=best.get("source", ""),
                caption=text_of(child(media, "media-caption"))
                or best.get("alternate-text", "")
                or headline,
                credit=text_of(child(media, "media-producer")),
            )
        )
    return tuple(images)
