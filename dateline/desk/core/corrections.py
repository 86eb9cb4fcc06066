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
            return f"The {where} now reads: “{shorten(text, NOTE_LIMIT)}”"
    added = [text for _, text in _sentences(new) if text not in before]
    if added:
        return f"It now includes: “{shorten(added[0], NOTE_LIMIT)}”"
    return ""


# Where in the copy the agency made its change: for its clients' editors, not for readers.
_PLACE = (
    r"(?:\s+in\s+(?:the\s+)?(?:\w+\s+)?(?:paragraph|para|graf|headline|lead|lede|"
    r"dateline|caption|story|item)s?(?:\s+\d+)?)?"
)
_WAS_IS = re.compile(
    rf"^(?P<what>.+?){_PLACE}\s+to\s+(?:read\s+)?(?P<new>.+?),?\s+(?:not|from)\s+(?P<old>.+)$",
    re.IGNORECASE,
)
_SPELLING = re.compile(rf"^spelling\s+of\s+(?P<what>.+?){_PLACE}$", re.IGNORECASE)
_SLIP = re.compile(rf"^(?:a\s+)?(?:typo|typing error|typographical error|garble){_PLACE}$", re.I)
_WHAT = re.compile(rf"^(?P<what>.+?){_PLACE}$", re.IGNORECASE)
_DETERMINER = re.compile(r"^(?:the|a|an|his|her|their|its)\s", re.IGNORECASE)
EARLIER = "An earlier version of this article"


def _the(what: str) -> str:
    """ "minister's name" → "the minister's name"; names and "the ..." stay as they are."""
    what = what.strip()
    return what if _DETERMINER.match(what) or what[:1].isupper() else f"the {what}"


# What a correction may name as wrong: a few plain words, "death toll", "minister's name".
_NOUN_PHRASE = re.compile(r"^[A-Za-z][A-Za-z'’-]*(?:\s+[A-Za-z][A-Za-z'’-]*){0,4}$")
# Words that make the agency's note an instruction ("to show", "removes"), not a thing.
_INSTRUCTION = re.compile(
    r"\b(?:to|add|adds|remove|removes|delete|deletes|insert|inserts|show|shows|reflect|"
    r"reflects|clarify|clarifies|restore|restores|update|updates|include|includes|refile)\b",
    re.IGNORECASE,
)
# A value told to readers as the agency gave it: short, and no quoting or nesting to undo.
_VALUE = re.compile(r"^[^()\[\]\"“”;:]{1,60}$")
NEUTRAL = "This article has been corrected."


def _thing(what: str) -> bool:
    """Is `what` a plain name for what was wrong, safe to put in a sentence for readers?"""
    return bool(_NOUN_PHRASE.match(what)) and not _INSTRUCTION.search(what)


def reader_note(instruction: str) -> str:
    """The agency's instruction to editors ("Corrects death toll in first paragraph to 14,
    not 41") told to readers ("An earlier version of this article gave the death toll as
    41. It is 14."); empty when it cannot be told as a sentence without guessing."""
    text = re.sub(r"^(?:corrects|correcting|fixes|changes)\s+", "", instruction.strip(), flags=re.I)
    text = text.strip().rstrip(".")
    if match := _WAS_IS.match(text):
        what, new, old = (match.group(g).strip() for g in ("what", "new", "old"))
        if _thing(what) and _VALUE.match(new) and _VALUE.match(old):
            return f"{EARLIER} gave {_the(what)} as {old}. It is {new}."
        return ""
    if _SLIP.match(text):
        return f"{EARLIER} contained a typing error."
    if (match := _SPELLING.match(text)) and _thing(match.group("what")):
        return f"{EARLIER} misspelt {_the(match.group('what'))}."
    if (match := _WHAT.match(text)) and _thing(match.group("what")):
        return f"{EARLIER} gave the wrong {match.group('what').strip()}."
    return ""


def correction_note(item: WireItem, old: Content | None, new: Content) -> str:
    """The note readers see under the article, after its date: what was wrong, in their
    words. An agency's instruction that cannot be told safely gives way to what changed, or
    to the neutral note, never to the instruction itself."""
    note = agency_note(item)
    if note and (told := reader_note(note)):
        return told
    change = first_change(old, new) if old is not None else ""
    return f"{NEUTRAL} {change}".strip()
