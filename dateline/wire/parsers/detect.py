"""Which wire format a payload is in, from its first bytes (and its file name as a tie-breaker)."""

from __future__ import annotations

import re

FORMATS = ("rss", "newsmlg2", "newsml12", "nitf", "ninjs", "anpa", "iptc7901", "webpage")

_PROLOG = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>", re.S | re.I)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_ROOTS = {
    "newsMessage": "newsmlg2",
    "newsItem": "newsmlg2",
    "packageItem": "newsmlg2",
    "conceptItem": "newsmlg2",
    "knowledgeItem": "newsmlg2",
    "planningItem": "newsmlg2",
    "NewsML": "newsml12",
    "nitf": "nitf",
    "rss": "rss",
    "feed": "rss",
    "RDF": "rss",
    "html": "webpage",
}


class UnknownFormat(ValueError):
    """The payload is none of the formats the desk reads."""


def root_name(data: bytes) -> str:
    """Local name of the first element, skipping the XML declaration, comments and DOCTYPE."""
    head = data[:65536].decode("latin-1")
    if head.startswith("\u00ef\u00bb\u00bf"):
        head = head[3:]
    head = _PROLOG.sub("", head)
    match = _ROOT.search(head)
    return match.group(1).rsplit(":", 1)[-1] if match else ""


def detect_format(data: bytes, filename: str = "") -> str:
    """Name the format; raise UnknownFormat with a reason an operator can act on."""
    head = data[:512]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if (
        b"\x16\x16\x01" in head[:8]
        or b"\x13\x11" in head[:200]
        or filename.lower().endswith(".tst")
    ):
        return "anpa"
    if stripped.startswith(b"\x01"):
        return "iptc7901"
    if stripped[:1] in (b"{", b"["):
        return "ninjs"
    if stripped[:1] == b"<":
        lowered = stripped[:200].lower()
        if lowered.startswith(b"<!doctype html"):
            return "webpage"
        name = root_name(data)
        if name in _ROOTS:
            return _ROOTS[name]
        if name.lower() == "html":
            return "webpage"
        raise UnknownFormat(f"unrecognised XML format (root element <{name or '?'}>)")
    if not data.strip():
        raise UnknownFormat("empty payload")
    raise UnknownFormat("unrecognised format: neither XML, JSON, ANPA-1312 nor IPTC 7901")
