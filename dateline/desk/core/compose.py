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
    containment,
    content_tokens,
    is_boilerplate,
    max_containment,
    numbers,
    paragraphs,
    quantities,
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
_YEAR = re.compile(r"(?:19|20)\d\d")
# Key takeaways: at most this many, and only for a story long enough to need them.
TAKEAWAY_COUNT = 3
# A draft from several agencies stays within this multiple of its most complete account.
MAX_LENGTH = 1.5
TAKEAWAYS_FROM_PARAGRAPHS = 5


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

    @property
    def words(self) -> int:
        return sum(len(s.split()) for para in self.paragraphs for s in para)


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


def _facts(sentence: str) -> set[str]:
    """The figures that state a fact: years only date it."""
    return {n for n in numbers(sentence) if not _YEAR.fullmatch(n)}


def _restates(sentence: str, lede: str) -> bool:
    """A body sentence giving only the lede's figures, about the same thing, retells it."""
    facts = _facts(sentence)
    if not facts or not facts <= _facts(lede):
        return False
    return containment(content_tokens(sentence), content_tokens(lede)) >= 0.5


def _repeats_a_figure(sentence: str, known: set[str]) -> bool:
    """A sentence whose every figure the draft already gives restates those facts: "14
    people died" and "the death toll rose to 14" are one fact told twice."""
    facts = _facts(sentence)
    return bool(facts) and facts <= known


# Words that lean on the sentence before: "He said ...", "But ...", "This ...".
_LEANS_BACK = re.compile(
    r"^[\"“‘']?(?:he|she|it|they|his|her|its|their|this|that|these|those|but|and|however|"
    r"also|still|yet|so|instead|meanwhile|then)\b",
    re.IGNORECASE,
)


def _tighten(spine: _Copy) -> list[list[str]]:
    """The spine as sent, less a sentence it tells twice itself: the same sentence again, or
    nearly (content-word Jaccard of 0.6 or more) with no figure of its own. A figure given
    again in another sentence stays: in one agency's account that is a new point about it
    ("a reading above 50 pct ...", "one below 50 pct ...")."""
    kept: list[list[str]] = []
    told: list[set[str]] = []
    seen: set[str] = set()
    figures: set[str] = set()
    for para in spine.paragraphs:
        out: list[str] = []
        for sentence in para:
            tokens = content_tokens(sentence)
            again = sentence.strip() in seen or (
                len(tokens) >= 4
                and not _has_figure_not_in(sentence, figures)
                and any(_jaccard(tokens, t) >= REDUNDANT_SENTENCE for t in told)
            )
            if again:
                continue
            out.append(sentence)
            told.append(tokens)
            seen.add(sentence.strip())
            figures |= numbers(sentence)
        if out:
            kept.append(out)
    return kept


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def _merge(spine: _Copy, others: Sequence[_Copy]) -> list[list[str]]:
    """The spine's paragraphs, then, agency by agency in their own order, the sentences each
    alone contributes. Another agency's sentence is left out when it is its lede, when it
    gives again a quantity the draft has ("14 people"), or every figure it has, or mostly
    its words, or when it leans on a sentence of its own copy the draft did not take."""
    merged = _tighten(spine)
    used = [content_tokens(s) for p in merged for s in p]
    seen = {s.strip() for p in merged for s in p}
    everything: set[str] = set().union(*used)
    figures: set[str] = set().union(*(numbers(s) for p in merged for s in p))
    amounts: set[tuple[str, str]] = set().union(*(quantities(s) for p in merged for s in p))
    room = int(MAX_LENGTH * spine.words) - spine.words
    for copy in others:
        for number, para in enumerate(copy.paragraphs):
            added: list[str] = []
            taken_previous = False
            for position, sentence in enumerate(para):
                taken = _adds(sentence, seen, figures, amounts, used, everything)
                if number == 0 and position == 0:
                    taken = False  # another agency's lede: the spine's lede has told the event
                if taken and not taken_previous and _LEANS_BACK.match(sentence):
                    taken = False
                if taken and room - len(sentence.split()) < 0:
                    break
                taken_previous = taken
                if not taken:
                    continue
                room -= len(sentence.split())
                tokens = content_tokens(sentence)
                added.append(sentence)
                used.append(tokens)
                everything |= tokens
                seen.add(sentence.strip())
                figures |= numbers(sentence)
                amounts |= quantities(sentence)
            if added:
                merged.append(added)
    return merged


def _adds(
    sentence: str,
    seen: set[str],
    figures: set[str],
    amounts: set[tuple[str, str]],
    used: list[set[str]],
    everything: set[str],
) -> bool:
    """Does another agency's sentence tell the draft something it does not say yet?"""
    if sentence.strip() in seen or _repeats_a_figure(sentence, figures):
        return False
    if quantities(sentence) & amounts:
        return False  # the same figure for the same quantity: a fact the draft has
    tokens = content_tokens(sentence)
    if len(tokens) < 3 or max_containment(tokens, used) >= REDUNDANT_SENTENCE:
        return False
    overall = len(tokens & everything) / len(tokens)
    return overall < REDUNDANT_OVERALL or _has_figure_not_in(sentence, figures)


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


_SAID_AFTER = re.compile(
    r",?\s+(?:according to [^,.;]{2,60}"
    r"|(?:he|she|they|it|[\w.'’-]+(?:\s+[\w.'’-]+){0,5})\s+"
    r"(?:said|says|told [^,.;]{2,40}|added|reported|announced)"
    r"(?:\s+(?:on|late on|early on|in a statement)(?:\s+\w+){0,2})?)\s*\.$"
)
_SAID_BEFORE = re.compile(r"^[A-Za-z][\w.'’-]*(?:\s+[\w.'’-]+){0,6}\s+(?:said|says)(?:\s+that)?\s+")
_WHEN_FIRST = re.compile(
    r"^(?:On|By|Late on|Early on|Earlier on|In|Since)\s+[\w’',-]+(?:\s+[\w’'-]+)?,\s+"
)
_ASIDE = re.compile(r"\s*\([^()]{1,80}\)")
_CLAUSE = re.compile(r"(?:;\s+|,\s+(?:which|who|where|while|although|but)\s+)")
TAKEAWAY_WORDS = (5, 18)


def condense(sentence: str) -> str:
    """The sentence cut to what it tells: no "officials said", no leading date, no aside,
    no trailing clause. Words are only removed, so quotes and figures stay exactly as sent;
    empty when no cut leaves a whole point."""
    text = _ASIDE.sub("", sentence.strip())
    text = _SAID_AFTER.sub(".", text)
    text = _WHEN_FIRST.sub("", text)
    if match := _SAID_BEFORE.match(text):
        text = text[match.end() :]
    if len(text.split()) > TAKEAWAY_WORDS[1]:
        text = _CLAUSE.split(text, maxsplit=1)[0].rstrip(" ,;:") + "."
    text = text.strip()
    if not text or text.count('"') % 2 or text.count("“") != text.count("”"):
        return ""
    text = text[0].upper() + text[1:]
    if not text.endswith((".", "!", "?", "”", '"')):
        text += "."
    low, high = TAKEAWAY_WORDS
    return text if low <= len(text.split()) <= high else ""


def _close(point: set[str], sentence: set[str]) -> bool:
    """A point this close to a sentence of the story would only say it again."""
    return not point or len(point & sentence) / len(point | sentence) >= 0.75


def _takeaways(standfirst: str, body: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """At most three short points that add something to the story as told, in its order.

    None for a story too short to need them. Each is a body sentence condensed, never a
    copy of a body sentence or of the standfirst, and none repeats the standfirst's fact or
    another point's.
    """
    if len(body) < TAKEAWAYS_FROM_PARAGRAPHS:
        return ()
    sentences = [s for para in body for s in para]
    told = [standfirst, *sentences]
    ranked = sorted(
        range(len(sentences)), key=lambda i: _takeaway_score(sentences[i], i), reverse=True
    )
    picked: dict[int, str] = {}
    covered = [content_tokens(standfirst)]
    for i in ranked:
        if len(picked) == TAKEAWAY_COUNT or _takeaway_score(sentences[i], i) < 0:
            break
        point = condense(sentences[i])
        if not point:
            continue
        tokens = content_tokens(point)
        if any(_close(tokens, content_tokens(other)) for other in told):
            continue
        if not tokens or max_containment(tokens, covered) >= 0.5:
            continue
        picked[i] = point
        covered.append(tokens)
    return tuple(picked[i] for i in sorted(picked))


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


def attribution(agencies: Sequence[str], *, name_agencies: bool = False) -> str:
    """The closing line: the reference wording, or the agencies by name when the site says
    so ("(With inputs from Reuters and AFP.)")."""
    names = list(dict.fromkeys(a.strip() for a in agencies if a.strip()))
    if not name_agencies or not names:
        return ATTRIBUTION
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"(With inputs from {joined}.)"


def compose(items: Sequence[WireItem], *, name_agencies: bool = False) -> Draft:
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
        body = [[s for s in p if not _restates(s, standfirst)] for p in body]
        body = [p for p in body if p]
    body_paragraphs = tuple(" ".join(p) for p in body)
    takeaways = _takeaways(standfirst, body)

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
    agencies = _byline_agencies([spine, *by_time])
    return Draft(
        headline=headline,
        standfirst=standfirst,
        body_paragraphs=body_paragraphs,
        takeaways=takeaways,
        sources=sources,
        dateline_city=city,
        byline_agencies=agencies,
        attribution=attribution(agencies, name_agencies=name_agencies),
    )
