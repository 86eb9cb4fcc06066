"""A wire update offered to an editor part by part: they take the parts they want, and every
part they leave, with its markup and links, stays exactly as they wrote it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from html import escape
from itertools import zip_longest

from dateline.desk.content import Content
from dateline.desk.page_copy import body_blocks


@dataclass(frozen=True)
class Part:
    """One piece of the article, as it is now and as the update would have it."""

    key: str
    label: str
    current: str
    new: str
    current_html: str = ""  # a body block's own markup, kept when the editor leaves it

    @property
    def is_paragraph(self) -> bool:
        return self.key[:1] == "p" and self.key[1:].isdigit()

    @property
    def kind(self) -> str:
        if self.current == self.new:
            return "same"
        if not self.current:
            return "added"
        return "dropped" if not self.new else "changed"


@dataclass(frozen=True)
class Offer:
    """The update, part by part, for one article as it stands."""

    current: Content
    new: Content
    parts: tuple[Part, ...]

    @property
    def choices(self) -> tuple[Part, ...]:
        """The parts that differ: the ones an editor can take."""
        return tuple(p for p in self.parts if p.kind != "same")

    @property
    def version(self) -> str:
        """Names this exact comparison, so a choice made on an older one is not applied."""
        data = [(p.key, p.current, p.new) for p in self.parts]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


def _paragraph_parts(blocks: list[tuple[str, str]], new: tuple[str, ...]) -> list[Part]:
    texts = [text for _, text in blocks]
    parts: list[Part] = []
    matcher = SequenceMatcher(a=texts, b=list(new), autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        kept = blocks[a1:a2]
        offered = list(new[b1:b2]) if tag != "equal" else [text for _, text in kept]
        for block, text in zip_longest(kept, offered, fillvalue=None):
            number = len(parts) + 1
            markup, current = block if block else ("", "")
            parts.append(
                Part(f"p{number}", f"Paragraph {number}", current, text or "", current_html=markup)
            )
    return parts


def offer(current: Content, body_html: str, new: Content) -> Offer:
    """The update against the article as it stands (`body_html` is its body's markup)."""
    parts = [
        Part("headline", "Headline", current.headline, new.headline),
        Part("standfirst", "Standfirst", current.standfirst, new.standfirst),
        *_paragraph_parts(body_blocks(body_html), new.body_paragraphs),
        Part("takeaways", "Key takeaways", "\n".join(current.takeaways), "\n".join(new.takeaways)),
        Part("dateline", "Dateline", current.dateline_city, new.dateline_city),
    ]
    if new.correction:
        parts.append(Part("correction", "Correction note", "", new.correction))
    return Offer(current, new, tuple(parts))


def taking(found: Offer, taken: set[str]) -> tuple[Content, str]:
    """The article with the taken parts from the update and the rest as it is: its content
    and its body's markup."""
    by_key = {p.key: p for p in found.parts}

    def pick(key: str) -> str:
        part = by_key[key]
        return part.new if key in taken else part.current

    paragraphs, markup = [], []
    for part in found.parts:
        if not part.is_paragraph:
            continue
        if part.key in taken and part.kind != "same":
            if part.new:
                paragraphs.append(part.new)
                markup.append(f"<p>{escape(part.new, quote=False)}</p>")
        elif part.current:
            paragraphs.append(part.current)
            markup.append(part.current_html)
    took_text = bool(taken & {p.key for p in found.choices} - {"correction"})
    content = replace(
        found.new,
        headline=pick("headline"),
        standfirst=pick("standfirst"),
        body_paragraphs=tuple(paragraphs),
        takeaways=tuple(line for line in pick("takeaways").splitlines() if line.strip()),
        dateline_city=pick("dateline"),
        source_agencies=found.new.source_agencies if took_text else found.current.source_agencies,
        correction=found.new.correction if "correction" in taken else "",
    )
    return content, "".join(markup)
