"""Wording of the dated correction note a reader sees when an agency corrects its copy.

The agency's own note ("Corrects spelling of minister's name in paragraph 2") is the best
description when the copy carries one; otherwise the note names the first sentence that
changed, so a reader can see what was wrong.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dateline.desk.content import Content
from dateline.desk.core.compose import shorten
from dateline.wire.item import WireItem

NOTE_LIMIT = 140
_AGENCY_NOTE = re.compile(
    r"[(\[]\s*((?:corrects|correcting|fixes|changes)\b[^)\]]{3,300})[)\]]", re.IGNORECASE
)

_NOTE_PARAGRAPH = re.compile(
    r"^\s*[(\[]\s*(?:corrects|correcting|fixes|changes|refiles|repeats)\b[^)\]\n]*[)\]]\s*$\n*",
    re.IGNORECASE | re.MULTILINE,
)
_NOTE_BLOCK = re.compile(
    r"<p>\s*[(\[]\s*(?:corrects|correcting|fixes|changes|refiles|repeats)\b[^)\]<]*[)\]]\s*</p>",
    re.IGNORECASE,
)


def agency_note(item: WireItem) -> str:
    """The agency's own correction note, if it put one in the copy or the headline."""
    html_text = re.sub(r"<[^>]+>", " ", item.body_html[:2000])
    for text in (item.body_text[:2000], item.headline, html_text):
        match = _AGENCY_NOTE.search(text)
        if match:
            return re.sub(r"\s+", " ", match.group(1)).strip().rstrip(".")
    return ""


def without_agency_note(item: WireItem) -> WireItem:
    """The item without a paragraph that only carries the agency's note to editors."""
    text = _NOTE_PARAGRAPH.sub("", item.body_text)
    markup = _NOTE_BLOCK.sub("", item.body_html)
    if text == item.body_text and markup == item.body_html:
        return item
    return replace(item, body_text=text.strip(), body_html=markup.strip())


def _sentences(content: Content) -> list[tuple[str, str]]:
    parts = [("headline", content.headline), ("standfirst", content.standfirst)]
    parts += [("body", p) for p in content.body_paragraphs]
    return parts


def first_change(old: Content, new: Content) -> str:
    """A short description of the first piece of text that differs between two versions."""
    before = dict.fromkeys(text for _, text in _sentences(old))
    for (where, text), (_, was) in zip(_sentences(new), _sentences(old), strict=False):
        if text != was and text not in before:
            return f"the {where}, which now reads: “{shorten(text, NOTE_LIMIT)}”"
    added = [text for _, text in _sentences(new) if text not in before]
    if added:
        return f"the text, which now includes: “{shorten(added[0], NOTE_LIMIT)}”"
    return "details of the agency copy"


def correction_note(item: WireItem, old: Content | None, new: Content) -> str:
    """The note readers see, starting "Corrects"."""
    note = agency_note(item)
    if note:
        note = re.sub(r"^(corrects|correcting|fixes|changes)\s+", "", note, flags=re.IGNORECASE)
        return f"Corrects {note}."
    if old is None:
        return "Corrects details of the agency copy."
    return f"Corrects {first_change(old, new)}."
