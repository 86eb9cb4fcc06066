"""IPTC 7901, the text wire format dpa and other European agencies send: a numbered header line,
a keyword line, then after STX the headline (ending " =") and paragraphs separated by blank lines.

Everything from the agency's "not for publication" notebook onward is dropped from the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from dateline.wire.item import Rejection, WireItem
from dateline.wire.parsers import signals
from dateline.wire.parsers.base import WireParser
from dateline.wire.parsers.html import body_pair, paragraphs_to_html
from dateline.wire.parsers.result import Outcome, Payload, each_item
from dateline.wire.parsers.text_codec import decode_wire_text
from dateline.wire.parsers.times import parse_time

SOH, STX, ETX, EOT = "\x01", "\x02", "\x03", "\x04"
_HEADER = re.compile(r"^(?P<number>\S+)\s+(?P<priority>\d)\s+(?P<category>[a-z]+)\s+(?P<words>\d+)")
_NOTEBOOK = re.compile(
    r"^\s*(#+\s*dpa\s+notebook|\*\s*\*\s*\*\s*\*|the following information is not"
    r"|not for publication)",
    re.I,
)
_TRAILER = re.compile(r"(\d{2})(\d{2})(\d{2})\s+(?:GMT\s+)?([A-Z][a-zä]{2})\s+(\d{2})")
_GERMAN_MONTHS = {"Mär": "Mar", "Mrz": "Mar", "Mai": "May", "Okt": "Oct", "Dez": "Dec"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MARKERS = {"EXTRA", "URGENT", "FLASH", "BULLETIN", "(ACHTUNG)", "REFILE", "CORRECTION", "KILL"}


class IPTC7901Parser(WireParser):
    format = "iptc7901"
    label = "IPTC 7901"

    def can_parse(self, head: bytes, filename: str) -> bool:
        return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"\x01")

    def parse(self, payload: Payload) -> Iterator[Outcome]:
        text = decode_wire_text(payload.data, payload.notes)
        stories = [s for s in text.split(SOH) if s.strip("\x7f" + EOT + "\r\n ")]
        if not stories:
            raise Rejection("no IPTC 7901 message found (missing SOH start)")
        yield from each_item(stories, lambda story: _item(story, payload.agency))


def _item(story: str, agency: str) -> WireItem:
    head, _, rest = story.partition(STX)
    if not rest:
        raise Rejection("IPTC 7901 message without STX (start of text)")
    content, _, trailer = rest.partition(ETX)
    head_lines = [line.strip() for line in head.replace("\r", "").split("\n") if line.strip()]
    header = _HEADER.match(head_lines[0]) if head_lines else None
    keywords = head_lines[1] if len(head_lines) > 1 else ""
    lines = [_CONTROL.sub("", line).rstrip() for line in content.replace("\r", "").split("\n")]
    markers: list[str] = []
    while (
        lines
        and lines[0].strip().upper() in _MARKERS | {""}
        or (lines and re.fullmatch(r"\d+(ST|ND|RD|TH) LEAD", lines[0].strip().upper()))
    ):
        markers.append(lines.pop(0).strip())
    title_lines: list[str] = []
    while lines and lines[0].strip():
        title_lines.append(lines.pop(0).strip())
        if title_lines[-1].endswith("=") and not (lines and lines[0].strip().endswith("=")):
            break
    titles = [t.rstrip("= ").strip() for t in title_lines]
    headline = titles[0] if titles else ""
    byline = next((t[3:] for t in titles[1:] if t.lower().startswith("by ")), "")
    paragraphs = _paragraphs(lines)
    found = signals.from_headline("\n".join(m.upper() for m in markers if m))
    for marker in markers:
        found |= signals.from_headline(marker.upper())
    guid_base = header.group("number") if header else ""
    body_html, body_text = body_pair(paragraphs_to_html(paragraphs))
    agency_code = _agency_in_header(head_lines[0]) if head_lines else ""
    return WireItem(
        agency=agency or agency_code,
        guid=f"urn:iptc7901:{(agency or agency_code).lower()}:{keywords.strip('/')}:{guid_base}",
        headline=headline,
        sent=_sent(trailer),
        signals=frozenset(found),
        urgency=int(header.group("priority")) if header else None,
        slugline=keywords.strip("/"),
        byline=byline,
        body_html=body_html,
        body_text=body_text,
    )


def _agency_in_header(line: str) -> str:
    parts = line.split()
    return parts[-2] if len(parts) >= 2 and parts[-1].isdigit() else ""


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if _NOTEBOOK.match(line):
            break
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _sent(trailer: str) -> datetime | None:
    match = _TRAILER.search(trailer)
    if not match:
        return None
    day, hour, minute, month, year = match.groups()
    month = _GERMAN_MONTHS.get(month, month)
    return parse_time(f"20{year} {month} {day} {hour}:{minute} UTC")
