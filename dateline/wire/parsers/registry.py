"""Every wire format the desk reads, in the order detection tries them.

The formats recognise heads that do not overlap (control bytes, JSON, XML roots, HTML), so
their order only matters within a format: an agency's variant comes before its base, so it
claims its own copy first. To add a
format, write its module with a `WireParser` subclass and list an instance here.
"""

from __future__ import annotations

from dateline.wire.parsers.anpa import ANPAParser
from dateline.wire.parsers.base import WireParser
from dateline.wire.parsers.detect import HEAD_BYTES, UnknownFormat, root_name
from dateline.wire.parsers.iptc7901 import IPTC7901Parser
from dateline.wire.parsers.newsml_12 import NewsML12Parser
from dateline.wire.parsers.newsml_g2 import NewsMLG2Parser, ReutersNewsMLG2Parser
from dateline.wire.parsers.ninjs import NinjsParser
from dateline.wire.parsers.nitf import NITFParser
from dateline.wire.parsers.rss import RSSParser
from dateline.wire.parsers.webpage import WebPageParser

PARSERS: tuple[WireParser, ...] = (
    RSSParser(),
    ReutersNewsMLG2Parser(),
    NewsMLG2Parser(),
    NewsML12Parser(),
    NITFParser(),
    NinjsParser(),
    ANPAParser(),
    IPTC7901Parser(),
    WebPageParser(),
)

FORMATS: tuple[str, ...] = tuple(dict.fromkeys(parser.format for parser in PARSERS))


def parser_for(data: bytes, filename: str = "", format: str = "") -> WireParser:  # noqa: A002
    """The parser for a payload: the first that recognises it or, when the source names its
    format, that format's variant which recognises it, else the format itself."""
    head = data[:HEAD_BYTES]
    if not format:
        for parser in PARSERS:
            if parser.can_parse(head, filename):
                return parser
        raise UnknownFormat(_unrecognised(data))
    family = [parser for parser in PARSERS if parser.format == format]
    if not family:
        raise UnknownFormat(f"unknown format {format!r}")
    *variants, base = family
    return next((v for v in variants if v.can_parse(head, filename)), base)


def detect_format(data: bytes, filename: str = "") -> str:
    """Name the format; raise UnknownFormat with a reason an operator can act on."""
    return parser_for(data, filename).format


def _unrecognised(data: bytes) -> str:
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return f"unrecognised XML format (root element <{root_name(data) or '?'}>)"
    if not data.strip():
        return "empty payload"
    return "unrecognised format: neither XML, JSON, ANPA-1312 nor IPTC 7901"
