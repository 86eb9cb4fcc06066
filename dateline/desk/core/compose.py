"""Compose: a desk article drafted from the agency copy of one story.

Extractive on purpose: every sentence of the draft is an agency's sentence, copied with its
quotes and figures intact, so an editor can trace each line to a source item. The most
complete item gives the spine; the other agencies add only the sentences that say something
the spine does not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from dateline.desk.core.copy import plain_body, read
from dateline.desk.core.headlines import clean_headline
from dateline.desk.core.sentences import (
    content_tokens,
    is_boilerplate,
    max_containment,
    numbers,
    paragraphs,
    split_sentences,
    strip_desk_note,
)
from dateline.wire.item import WireItem

ATTRIBUTION = "(With inputs from agencies.)"
TAKEAWAY_LIMIT = 160
# A sentence whose content words are this much inside one sentence already used is a repeat.
REDUNDANT_SENTENCE = 0.6
# ... or this much inside the whole draft, when it brings no new figure either.
REDUNDANT_OVERALL = 0.85


@dataclass(frozen=True)
class SourceRef:
    """One agency item the draft was built from, for the editor's provenance list."""

    agency: str
    guid: str
    version: int
    sent: datetime | None
    headline: str


@dataclass(frozen=True)
class Draft:
    """An article ready for an editor: plain text throughout, escaped by the template.

    The standfirst is the lead sentence and is not repeated as the body's first sentence.
    """

    headline: str
    standfirst: str
    body_paragraphs: tuple[str, ...]
    takeaways: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    dateline_city: str = ""
    byline_agencies: tuple[str, ...] = ()
    attribution: str = ATTRIBUTION


@dataclass
class _Copy:
    """One usable item reduced to clean paragraphs of sentences."""

    item: WireItem
    paragraphs: list[list[str]]
    city: str

    @property
    def length(self) -> int:
        return sum(len(s) for para in self.paragraphs for s in para)


def _clean_copy(item: WireItem) -> _Copy:
    copy = read(item)
    paras = [p for p in paragraphs(copy.body) if not is_boilerplate(p)]
    cleaned: list[list[str]] = []
    for para in paras:
        sentences = split_sentences(strip_desk_note(para))
        if sentences:
            cleaned.append(sentences)
    return _Copy(item=item, paragraphs=cleaned, city=copy.dateline.city)


def _latest_versions(items: Sequence[WireItem]) -> list[WireItem]:
    """Keep the newest usable version of each item family; kills and withdrawals drop out."""
    best: dict[tuple[str, str], WireItem] = {}
    for item in items:
        key = (item.agency, item.family_uri)
        held = best.get(key)
        if held is None or (item.version, _when(item)) > (held.version, _when(held)):
            best[key] = item
    return [item for item in best.values() if not item.is_kill]


def _when(item: WireItem) -> datetime:
    return item.sent or item.first_created or datetime.min.replace(tzinfo=UTC)


def _has_figure_not_in(sentence: str, known: set[str]) -> bool:
    return bool(numbers(sentence) - known)


def _merge(spine: _Copy, others: Sequence[_Copy]) -> list[list[str]]:
    """The spine's paragraphs plus, per other agency, the sentences it alone contributes."""
    merged = [list(p) for p in spine.paragraphs]
    used = [content_tokens(s) for p in merged for s in p]
    seen = {s.strip() for p in merged for s in p}
    everything: set[str] = set().union(*used)
    figures: set[str] = set().union(*(numbers(s) for p in merged for s in p))
    for copy in others:
        for para in copy.paragraphs:
            added: list[str] = []
            for sentence in para:
                if sentence.strip() in seen:
                    continue
                tokens = content_tokens(sentence)
                if len(tokens) < 3:
                    continue
                if max_containment(tokens, used) >= REDUNDANT_SENTENCE:
                    continue
                overall = len(tokens & everything) / len(tokens)
                if overall >= REDUNDANT_OVERALL and not _has_figure_not_in(sentence, figures):
                    continue
                added.append(sentence)
                used.append(tokens)
                everything |= tokens
                seen.add(sentence.strip())
                figures |= numbers(sentence)
            if added:
                merged.append(added)
    return merged


def _names(sentence: str) -> int:
    words = re.findall(r"(?<=\s)[A-Z][\w'’.-]+", sentence)
    return len(words)


def _takeaway_score(sentence: str, position: int) -> float:
    words = len(sentence.split())
    if words < 6:
        return -1.0
    score = 2.0 * min(len(numbers(sentence)), 3)
    score += 0.75 * min(_names(sentence), 4)
    if re.search(r"[\"“”]", sentence):
        score += 1.5
    score += 3.0 / (1 + position)
    if len(sentence) > TAKEAWAY_LIMIT:
        score -= 1.0
    if sentence.rstrip().endswith(":"):
        score -= 3.0
    return score


def shorten(text: str, limit: int = TAKEAWAY_LIMIT) -> str:
    """Cut at a word boundary within limit, closing an open quote and marking the cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 2]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    cut = cut.rstrip(" ,;:-–—(")
    opened = cut.count("“") - cut.count("”") + (cut.count('"') % 2)
    if opened > 0:
        quote_start = max(cut.rfind("“"), cut.rfind('"'))
        if quote_start > limit // 2:
            cut = cut[:quote_start].rstrip(" ,;:-–—")
            return cut + "…"
        closing = "”" if "“" in cut else '"'
        return cut + "…" + closing
    return cut + "…"


def _takeaways(sentences: Sequence[str]) -> tuple[str, ...]:
    """Three or four of the most informative distinct sentences, in the article's order.

    Short or overlapping sentences are taken only when the story offers nothing better.
    """
    ranked = sorted(
        range(len(sentences)), key=lambda i: _takeaway_score(sentences[i], i), reverse=True
    )
    picked: list[int] = []
    picked_tokens: list[set[str]] = []
    for strictness in (2, 1, 0):
        for i in ranked:
            if len(picked) == 4:
                break
            if i in picked or (strictness == 2 and _takeaway_score(sentences[i], i) < 0):
                continue
            tokens = content_tokens(sentences[i])
            if strictness and (not tokens or max_containment(tokens, picked_tokens) >= 0.5):
                continue
            if any(sentences[i] == sentences[j] for j in picked):
                continue
            picked.append(i)
            picked_tokens.append(tokens)
        if len(picked) >= 3:
            break
    return tuple(shorten(sentences[i]) for i in sorted(picked))


def _headline_from(sentence: str) -> str:
    """Last resort for copy sent without a headline: the lead, without its full stop."""
    text = shorten(sentence, 110)
    if text.endswith(".") and not re.search(r"(?:\b[A-Z]\.){2,}$", text):
        text = text[:-1]
    return text


def _byline_agencies(ordered: Sequence[_Copy]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for copy in ordered:
        seen.setdefault(copy.item.agency, None)
    return tuple(seen)


def compose(items: Sequence[WireItem]) -> Draft:
    """Draft a desk article from the wire items of one story.

    Raises ValueError when the story has no usable item (all killed, withdrawn or empty).
    """
    copies = [_clean_copy(item) for item in _latest_versions(items)]
    copies = [c for c in copies if c.paragraphs or c.item.headline.strip()]
    if not copies:
        raise ValueError("a story needs at least one usable wire item with text")
    copies.sort(key=lambda c: (c.length, c.item.version, _when(c.item)), reverse=True)
    spine, others = copies[0], copies[1:]

    body = _merge(spine, others)
    flat = [s for para in body for s in para]
    standfirst = flat[0] if flat else ""
    if len(flat) > 1:
        body[0] = body[0][1:]
        body = [p for p in body if p]
    body_paragraphs = tuple(" ".join(p) for p in body)

    context = [plain_body(c.item) for c in copies]
    headline_from = next((c.item.headline for c in copies if c.item.headline.strip()), "")
    headline = (
        clean_headline(headline_from, context) if headline_from else _headline_from(standfirst)
    )

    by_time = sorted(copies, key=lambda c: (c.item.sent is None, _when(c.item)))
    sources = tuple(
        SourceRef(
            agency=c.item.agency,
            guid=c.item.guid,
            version=c.item.version,
            sent=c.item.sent,
            headline=c.item.headline,
        )
        for c in by_time
    )
    city = spine.city or next((c.city for c in copies if c.city), "")
    return Draft(
        headline=headline,
        standfirst=standfirst,
        body_paragraphs=body_paragraphs,
        takeaways=_takeaways(flat),
        sources=sources,
        dateline_city=city,
        byline_agencies=_byline_agencies([spine, *by_time]),
    )
