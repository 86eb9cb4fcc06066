"""ANPA-1312, the US wire transmission format AP still sends: control characters frame a header
line, caret-led headline and note lines, tab-indented body paragraphs and a time trailer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

from dateline.wire.item import Rejection, Signal, WireItem
from dateline.wire.parsers import signals
from dateline.wire.parsers.base import WireParser
from dateline.wire.parsers.html import body_pair, paragraphs_to_html
from dateline.wire.parsers.result import Outcome, Payload, each_item
from dateline.wire.parsers.text_codec import decode_wire_text

SYN, SOH, STX, ETX, EOT, US = "\x16", "\x01", "\x02", "\x03", "\x04", "\x1f"
_PRIORITY = {"f": 1, "b": 2, "u": 3, "s": 4, "r": 5, "d": 6, "a": 5}
_HEADER = re.compile(
    r"^\s*(?P<priority>[a-z])\s+(?P<category>[a-z])\S*\s+(?P<keyword>.*?)\s+(?P<date>\d{2}-\d{2})\s+(?P<words>\d{4})"
)
_TRAILER = re.compile(r"(\d{2})-(\d{2})-(\d{2})\s+(\d{2})(\d{2})GMT")
_LEAD = re.compile(r",?\s*(\d+)(?:st|nd|rd|th)\s*Ld[- ]?Writethru", re.I)
_WORDCOUNT = re.compile(r",\s*\d+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ANPAParser(WireParser):
    format = "anpa"
    label = "ANPA-1312"

    def can_parse(self, head: bytes, filename: str) -> bool:
        return (
            b"\x16\x16\x01" in head[:8]
            or b"\x13\x11" in head[:200]
            or filename.lower().endswith(".tst")
        )

    def parse(self, payload: Payload) -> Iterator[Outcome]:
        text = decode_wire_text(payload.data, payload.notes)
        stories = [s for s in text.split(SYN + SYN + SOH) if s.strip(EOT + "\r\n\x0c ")]
        if not stories:
            raise Rejection("no ANPA-1312 story found (missing SYN SYN SOH start)")
        yield from each_item(stories, lambda story: _item(story, payload.agency))


def _caret_lines(block: str) -> tuple[list[str], list[str]]:
    """Split the text after STX into caret-led header lines and body paragraphs."""
    header: list[str] = []
    body: list[str] = []
    text = _CONTROL.sub(" ", block.replace("\r", "")).replace("< ^", "<\n^")
    for raw in text.split("\n"):
        line = raw.rstrip()
        if not body and line.startswith("^"):
            header.append(line[1:].rstrip("<= ").strip())
        elif line.startswith("\t") or (body and line.strip()):
            cleaned = line.strip().lstrip("^").rstrip("<=").strip()
            if line.startswith("\t") or not body:
                body.append(cleaned)
            else:
                body[-1] = f"{body[-1]} {cleaned}".strip()
        elif header and line.strip() and not body:
            header.append(line.strip().rstrip("<= "))
    return header, [p for p in body if p]


def _item(story: str, agency: str) -> WireItem:
    head, _, rest = story.partition(STX)
    if not rest:
        raise Rejection("ANPA-1312 story without STX (start of text)")
    content, _, trailer = rest.partition(ETX)
    head_lines = [line for line in head.replace("\r", "").split("\n") if line.strip()]
    header = (
        _HEADER.match(
            head_lines[1]
            .replace("\x13", " ")
            .replace("\x11", " ")
            .replace("\x12", " ")
            .replace("\x14", " ")
        )
        if len(head_lines) > 1
        else None
    )
    lines, paragraphs = _caret_lines(content)
    keyword_line = next((line for line in lines if not line.startswith("*")), "")
    rest_lines = lines[lines.index(keyword_line) + 1 :] if keyword_line else []
    notes = [line for line in rest_lines if line.lower().startswith("eds:")]
    bylines = [line for line in rest_lines if line.lower().startswith("by ")]
    skipped = {*notes, *bylines, "END", ""}
    candidates = [
        line for line in rest_lines if line not in skipped and not line.startswith("AP Photo")
    ]
    if not paragraphs:
        paragraphs = candidates[1:]
    headline = candidates[0] if candidates else ""
    slug = _WORDCOUNT.sub("", keyword_line)
    found = signals.from_note(" ".join(notes))
    lead = _LEAD.search(slug)
    if lead:
        found.add(Signal.UPDATE)
    if re.search(r"\bkill\b", slug, re.I):
        found.add(Signal.KILL)
    base_slug = _LEAD.sub("", slug).strip(" ,")
    date = header.group("date") if header else ""
    sent = _sent(trailer)
    family = f"urn:anpa:{agency.lower() or 'wire'}:{sent.year if sent else ''}{date}:{base_slug}"
    body_html, body_text = body_pair(paragraphs_to_html(paragraphs))
    byline = bylines[0][3:] if bylines else ""
    return WireItem(
        agency=agency,
        guid=family,
        family_uri=family,
        version=int(lead.group(1)) + 1 if lead else 1,
        headline=headline,
        sent=sent,
        first_created=sent,
        signals=frozenset(found),
        urgency=_PRIORITY.get(header.group("priority")) if header else None,
        slugline=slug,
        byline=byline.title() if byline.isupper() else byline,
        body_html=body_html,
        body_text=body_text,
        language="en",
    )


def _sent(trailer: str) -> datetime | None:
    match = _TRAILER.search(trailer)
    if not match:
        return None
    month, day, year, hour, minute = (int(g) for g in match.groups())
    try:
        return datetime(2000 + year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None
