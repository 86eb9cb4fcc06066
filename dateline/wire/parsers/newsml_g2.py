"""IPTC NewsML-G2: a newsMessage of items, or a single newsItem.

Text items carry their body as inline XHTML or NITF; picture and video items become wire items
whose image list holds the remote content. Packages only point at other items, so they are
recorded as rejections with that reason rather than turned into empty stories.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from dateline.places.gazetteer import country_code
from dateline.wire.item import AgencyNote, Dateline, Rejection, Signal, WireImage, WireItem
from dateline.wire.parsers import signals
from dateline.wire.parsers.base import XMLWireParser
from dateline.wire.parsers.datelines import parse_dateline
from dateline.wire.parsers.html import body_pair, paragraphs_to_html, plain
from dateline.wire.parsers.notes import is_nonpublic, nitf_notes, note, without_nitf_notes
from dateline.wire.parsers.result import Outcome, Payload, Rejected, each_item
from dateline.wire.parsers.times import parse_time
from dateline.wire.parsers.xml import (
    attr,
    child,
    children,
    descendants,
    first_of,
    inner_html,
    local,
    parse_xml,
    text_of,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ITEMS = {"newsItem", "packageItem", "conceptItem", "knowledgeItem", "planningItem"}
_VISUAL = {"icls:picture", "ninat:picture", "icls:graphic", "ninat:graphic"}
_SIGNALS = {
    "sig:update": Signal.UPDATE,
    "sig:correction": Signal.CORRECTION,
    "sig:kill": Signal.KILL,
    "sig:withdraw": Signal.KILL,
}


class NewsMLG2Parser(XMLWireParser):
    format = "newsmlg2"
    label = "IPTC NewsML-G2"
    roots = frozenset({"newsMessage", *_ITEMS})
    # Creator names that are the agency itself, not a writer: never a byline.
    house_names: frozenset[str] = frozenset()

    def parse(self, payload: Payload) -> Iterator[Outcome]:
        root = parse_xml(payload.data, payload.notes)
        name = local(root.tag)
        if name in _ITEMS:
            entries = [root]
            sent = None
        else:
            item_set = child(root, "itemSet")
            entries = [] if item_set is None else [el for el in item_set if local(el.tag) in _ITEMS]
            sent = text_of(child(root, "header", "sent"))
        if not entries:
            yield Rejected("NewsML-G2 message holds no items")
            return
        yield from each_item(
            entries,
            lambda el: _item(el, payload.agency, sent, self.house_names),
            lambda el: el.get("guid", ""),
        )


class ReutersNewsMLG2Parser(NewsMLG2Parser):
    """Reuters' NewsML-G2: recognised by its `tag:reuters.com` guids; it names itself as the
    creator of unsigned copy."""

    house_names = frozenset({"reuters", "thomson reuters"})

    def can_parse(self, head: bytes, filename: str) -> bool:
        return super().can_parse(head, filename) and b"reuters.com" in head


def _item(
    el: etree._Element, agency: str, sent: str | None, house_names: frozenset[str]
) -> WireItem:
    kind = local(el.tag)
    if kind != "newsItem":
        raise Rejection(f"NewsML-G2 {kind} carries no story of its own (references other items)")
    meta = child(el, "itemMeta")
    content = child(el, "contentMeta")
    if meta is None or content is None:
        raise Rejection("NewsML-G2 newsItem without itemMeta or contentMeta")
    guid = el.get("guid", "").strip()
    if not guid:
        raise Rejection("NewsML-G2 newsItem without a guid")
    status = signals.pubstatus_from(attr(child(meta, "pubStatus"), "qcode"))
    found = {
        _SIGNALS[q] for q in (s.get("qcode", "") for s in children(meta, "signal")) if q in _SIGNALS
    }
    headline = _headline(content)
    body_html, body_text = _body(el)
    language = attr(child(content, "language"), "tag") or el.get(XML_LANG, "")
    item_class = attr(child(meta, "itemClass"), "qcode")
    return WireItem(
        agency=agency or _provider(meta),
        guid=guid,
        version=_int(el.get("version"), 1),
        headline=headline,
        sent=parse_time(sent) or parse_time(text_of(child(meta, "versionCreated"))),
        first_created=parse_time(text_of(child(meta, "firstCreated"))),
        embargo=parse_time(text_of(child(meta, "embargoed"))),
        pubstatus=status,
        signals=frozenset(found),
        urgency=_int(text_of(child(content, "urgency")), None),
        slugline=text_of(child(content, "slugline")),
        byline=_byline(content, house_names),
        dateline=_dateline(content),
        body_html=body_html,
        body_text=body_text,
        language=(language or "en").split("-")[0].lower(),
        subjects=_subjects(content),
        places=_places(content),
        images=_images(el, content, headline) if item_class in _VISUAL else (),
        notes=_notes(meta, el),
    )


def _int(value: str | None, default: int | None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _provider(meta: etree._Element) -> str:
    provider = child(meta, "provider")
    if provider is None:
        return ""
    return provider.get("literal") or provider.get("qcode", "").split(":")[-1] or text_of(provider)


def _headline(content: etree._Element) -> str:
    lines = children(content, "headline")
    main = [h for h in lines if h.get("role", "") in ("", "hdlRole:main", "hld:main")]
    chosen = next((h for h in (main or lines) if text_of(h)), None)
    return plain(text_of(chosen))


def _byline(content: etree._Element, house_names: frozenset[str]) -> str:
    names = [text_of(b) for b in children(content, "by") if text_of(b)]
    if not names:
        names = [
            text_of(child(c, "name")) or c.get("literal", "") for c in children(content, "creator")
        ]
        names = [n for n in names if n and n.lower() not in house_names]
    byline = "; ".join(names)
    return byline[3:] if byline.lower().startswith("by ") else byline


def _dateline(content: etree._Element) -> Dateline:
    """The dateline element's words first; the located concept only when they name no city."""
    written = parse_dateline(text_of(child(content, "dateline")))
    if written.city:
        return written
    located = child(content, "located")
    if located is None:
        return written
    city = text_of(child(located, "name")) or located.get("literal", "")
    if not city and located.get("qcode", "").startswith("city:"):
        city = located.get("qcode", "").split(":", 1)[1]
    if ":" in city or city.lower().startswith("no-data"):
        return written
    country = ""
    for broader in descendants(located, "broader"):
        country = country or country_code(
            text_of(child(broader, "name")) or broader.get("qcode", "").split(":")[-1]
        )
    return Dateline(text=written.text, city=city, country=country)


def _subjects(content: etree._Element) -> tuple[str, ...]:
    codes: list[str] = []
    for subject in children(content, "subject"):
        code = subject.get("qcode") or subject.get("uri") or ""
        if code and code not in codes:
            codes.append(code)
    return tuple(codes)


def _places(content: etree._Element) -> tuple[str, ...]:
    places: list[str] = []
    for located in children(content, "located"):
        for node in [located, *descendants(located, "broader")]:
            name = text_of(child(node, "name")) or node.get("literal") or node.get("qcode", "")
            if name and name not in places:
                places.append(name)
    for subject in children(content, "subject"):
        if subject.get("type") in {"cptType:5", "cpnat:geoArea", "cpnat:poi"}:
            name = text_of(child(subject, "name")) or subject.get("qcode", "")
            if name and name not in places:
                places.append(name)
    return tuple(places)


def _notes(meta: etree._Element, el: etree._Element) -> tuple[AgencyNote, ...]:
    """The edNotes, and any NITF editors' note inside an inline body.

    dpa's notepad edNote lays the other notes out as HTML for its own screens; it repeats
    them, so it is left out.
    """
    found = [
        note(
            text_of(ed),
            ed.get("role", ""),
            publishable=not is_nonpublic(ed.get("pubconstraint", "")),
        )
        for ed in children(meta, "edNote")
        if not ed.get("role", "").endswith("notepad")
    ]
    found += nitf_notes(child(el, "contentSet", "inlineXML"))
    return tuple(n for n in found if n is not None)


def _body(el: etree._Element) -> tuple[str, str]:
    content_set = child(el, "contentSet")
    if content_set is None:
        return "", ""
    inline = child(content_set, "inlineXML")
    if inline is not None and len(inline):
        holder = first_of(inline, "body.content", "body")
        holder = inline if holder is None else holder
        return body_pair(inner_html(without_nitf_notes(holder)))
    data = child(content_set, "inlineData")
    if data is not None and (data.text or "").strip():
        return body_pair(paragraphs_to_html((data.text or "").split("\n\n")))
    return "", ""


def _images(el: etree._Element, content: etree._Element, headline: str) -> tuple[WireImage, ...]:
    remotes = descendants(el, "remoteContent")
    if not remotes:
        return ()
    order = ("rend:baseImage", "rnd:highRes", "rend:viewImage", "rnd:preview", "rnd:web")
    remotes.sort(
        key=lambda r: order.index(r.get("rendition", "")) if r.get("rendition") in order else 9
    )
    best = remotes[0]
    href = best.get("href") or best.get("residref") or ""
    captions = [d for d in children(content, "description") if "caption" in d.get("role", "")]
    caption = (
        text_of(captions[0]) if captions else text_of(child(content, "description")) or headline
    )
    credit = text_of(child(content, "creditline"))
    source = child(content, "digitalSourceType")
    source_type = ""
    if source is not None:
        code = source.get("uri") or source.get("qcode") or ""
        source_type = code.rstrip("/").split("/")[-1].split(":")[-1]
    return (WireImage(href=href, caption=caption, credit=credit, digital_source_type=source_type),)
