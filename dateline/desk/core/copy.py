"""What the desk reads of one wire item, worked out once.

Identity, tagging and drafting all need the same few readings of an item: its headline
without wire prefixes, its body as plain text, its dateline and the country it names, the
body's lead (the words after the dateline, where who, what, where and how much are told),
its language, and its fingerprint. `read` works them out once, in one place, so that every
step reads the same dateline and cuts the same lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from lxml import html as lxml_html

from dateline.desk.core.language import detect
from dateline.desk.core.sentences import opening_dateline
from dateline.desk.core.shingles import Fingerprint, clean_headline
from dateline.places.gazetteer import Mention, dateline_country, find_mentions
from dateline.wire.item import Dateline, WireItem

# Body words read after the dateline: the who, what, where and how much of the event.
LEAD_WORDS = 100
_LEAD = re.compile(r"\s*(?:\S+(?:\s+|\Z)){1," + str(LEAD_WORDS) + "}")
_BLOCKS = ".//p|.//h2|.//h3|.//li|.//blockquote"
# Characters of the lead the language is read from, after the headline: plenty for a detector.
LANGUAGE_CHARS = 120


@dataclass(frozen=True)
class WireCopy:
    """One wire item as the desk reads it. `text` is its body in plain text as sent;
    `dateline` is the agency's or the one the body opens with; `body` is the text after it,
    paragraphs kept; `lead` and `rest` split `body` after `LEAD_WORDS` words."""

    item: WireItem
    headline: str
    text: str
    dateline: Dateline
    body: str
    lead: str
    rest: str
    expected_language: str = "en"

    @property
    def dateline_country(self) -> str | None:
        return self.dateline.country or None

    @cached_property
    def language(self) -> str:
        """The agency's, or the one detected in the headline and lead."""
        opening = f"{self.headline}\n{self.lead[:LANGUAGE_CHARS]}"
        return self.item.language or detect(opening, self.expected_language)

    @cached_property
    def places(self) -> tuple[list[Mention], list[Mention], list[Mention]]:
        """The place words of the headline, the lead and the rest, found once."""
        return find_mentions(self.headline), find_mentions(self.lead), find_mentions(self.rest)

    @cached_property
    def fingerprint(self) -> Fingerprint:
        """Shingles of the whole copy, terms and meaning of its headline and lead."""
        headline_places, lead_places, _ = self.places
        return Fingerprint.of_copy(
            self.headline,
            self.text,
            self.lead,
            self.dateline_country,
            (headline_places, lead_places),
        )


def plain_body(item: WireItem) -> str:
    """The body as plain text, one paragraph per block of the agency's HTML."""
    if item.body_text.strip():
        return item.body_text
    if not item.body_html.strip():
        return ""
    root = lxml_html.fragment_fromstring(item.body_html, create_parent="div")
    blocks = root.xpath(_BLOCKS)
    texts = [b.text_content() for b in blocks] if blocks else [root.text_content()]
    return "\n\n".join(t for t in texts if t.strip())


def split_lead(body: str) -> tuple[str, str]:
    """The first `LEAD_WORDS` words of a body (counted between spaces, so "48-hour" is one),
    and the rest."""
    lead = _LEAD.match(body)
    if not lead:
        return body, ""
    return lead.group().strip(), body[lead.end() :]


def read(item: WireItem, expected_language: str = "en") -> WireCopy:
    """Read a wire item once; `expected_language` is the newsroom's own, the prior for copy
    that does not declare its language."""
    text = plain_body(item).strip()
    dateline = item.dateline
    opening = text
    if dateline.text and text.startswith(dateline.text):
        opening = text[len(dateline.text) :].lstrip(" -–—_")
    written, city, body = opening_dateline(opening)
    if written and not dateline.text:
        dateline = Dateline(text=written, city=city)
    if not dateline.country and (dateline.city or dateline.text):
        dateline = replace(dateline, country=dateline_country(dateline.city, dateline.text) or "")
    lead, rest = split_lead(body)
    headline = clean_headline(item.headline).strip()
    return WireCopy(item, headline, text, dateline, body, lead, rest, expected_language)
