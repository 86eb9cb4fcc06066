"""Safe XML for agency payloads: no entity expansion, no DTD loading, no network, no file reads.

Agency XML never needs an internal DTD subset, so any ENTITY declaration is refused outright:
that closes billion-laughs and external-entity (XXE) tricks before lxml sees the document.
"""

from __future__ import annotations

import re

from lxml import etree

from dateline.wire.item import Rejection
from dateline.wire.parsers.detect import opens_internal_subset

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def refuse_dtd_tricks(data: bytes) -> None:
    """Reject entity declarations and internal DTD subsets before any parsing happens."""
    head = data.lstrip(b"".join(_BOMS))
    if _ENTITY_DECL.search(head) or opens_internal_subset(head):
        raise Rejection(
            "XML with an internal DTD or ENTITY declarations is refused (entity bomb / XXE guard)"
        )


def declared_encoding(data: bytes) -> str:
    match = _DECLARED_ENCODING.match(data)
    return match.group(1).decode("ascii").lower() if match else ""


def parse_xml(data: bytes, notes: list[str] | None = None) -> etree._Element:
    """Parse agency XML safely; honour the declaration and BOM, fall back to cp1252 with a note."""
    refuse_dtd_tricks(data)
    data = _fix_mislabelled_utf8(data, notes)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if not _looks_like_encoding_error(exc):
            raise Rejection(f"malformed XML: {exc}") from exc
        root = _reparse_as_cp1252(data, exc)
        if notes is not None:
            notes.append(
                f"bytes did not match the declared encoding "
                f"({declared_encoding(data) or 'utf-8'}); read as cp1252"
            )
    if root is None:
        raise Rejection("empty XML document")
    return root


_LATIN = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii"}


def _fix_mislabelled_utf8(data: bytes, notes: list[str] | None) -> bytes:
    """Declared Latin-1 but valid multi-byte UTF-8: real Latin-1 text almost never is, so trust
    the bytes over the label (agencies re-encode copy and forget the declaration)."""
    if declared_encoding(data) not in _LATIN or data.isascii():
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    if notes is not None:
        notes.append(f"declared {declared_encoding(data)} but the bytes are UTF-8; read as UTF-8")
    return _XML_DECL.sub(b'<?xml version="1.0" encoding="utf-8"?>', data, count=1)


def _looks_like_encoding_error(exc: etree.XMLSyntaxError) -> bool:
    message = str(exc).lower()
    return "encoding" in message or "utf-8" in message or "bytes" in message


def _reparse_as_cp1252(data: bytes, original: etree.XMLSyntaxError) -> etree._Element:
    text = data.decode("cp1252", errors="replace")
    body = _XML_DECL.sub(b"", text.encode("utf-8"), count=1)
    try:
        return etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as exc:
        raise Rejection(f"malformed XML: {original}") from exc


def local(tag: object) -> str:
    """The element name without its namespace, so agencies' namespace habits do not matter."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local(c.tag) == name]


def child(el: etree._Element | None, *path: str) -> etree._Element | None:
    """Follow a path of local names, first match at each step."""
    node = el
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if local(c.tag) == name), None)
    return node


def descendants(el: etree._Element, name: str) -> list[etree._Element]:
    return [d for d in el.iter() if local(d.tag) == name]


def first(el: etree._Element, name: str) -> etree._Element | None:
    return next((d for d in el.iter() if local(d.tag) == name), None)


def text_of(el: etree._Element | None) -> str:
    """All the text inside an element, whitespace collapsed."""
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def strip_namespaces(el: etree._Element) -> etree._Element:
    """A namespace-free copy, so inline XHTML/NITF serialises as plain HTML tags."""
    copy = etree.fromstring(etree.tostring(el), _parser())
    for node in copy.iter():
        if isinstance(node.tag, str):
            node.tag = local(node.tag)
            for name in list(node.attrib):
                if "}" in name:
                    del node.attrib[name]
    etree.cleanup_namespaces(copy)
    return copy


def inner_html(el: etree._Element) -> str:
    """The serialised content of an element, without the element's own tag."""
    clean = strip_namespaces(el)
    parts = [clean.text or ""]
    parts.extend(etree.tostring(c, encoding="unicode", with_tail=True) for c in clean)
    return "".join(parts)


def attr(el: etree._Element | None, name: str) -> str:
    """An attribute of a possibly missing element ("" when either is absent)."""
    return "" if el is None else (el.get(name) or "").strip()


def first_of(el: etree._Element, *names: str) -> etree._Element | None:
    """The first descendant matching any of the names, tried in order of preference."""
    for name in names:
        found = first(el, name)
        if found is not None:
            return found
    return None
