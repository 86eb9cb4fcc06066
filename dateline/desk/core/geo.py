"""Which country a story is about, and which others it really involves.

Evidence is weighed by where it sits: the headline and the lead say what a story is about,
the rest of the body adds context with diminishing returns, and the dateline is a strong
prior but not a trump, because agencies file from regional hubs: a story datelined Dakar
about an attack in Niger is about Niger, and the disagreement is flagged for the editor.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateline.desk.core.copy import WireCopy, read
from dateline.places.gazetteer import (
    CITY,
    DEMONYM,
    NAME,
    REGION,
    STATE,
    TOWN,
    Mention,
)
from dateline.wire.item import WireItem

FLAG_DATELINE_DIFFERS = "dateline-differs-from-focus"
FLAG_NO_COUNTRY = "no-country"
FLAG_CLOSE_CALL = "country-close-call"

HEADLINE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
# Body mentions add up with diminishing returns: the tenth "U.S." says little new.
BODY_WEIGHT = 1.2
DATELINE_PRIOR = 2.5
KIND_WEIGHT = {NAME: 1.0, REGION: 0.9, STATE: 0.8, CITY: 0.8, DEMONYM: 0.7, TOWN: 0.5}
# A second or third mention in the same headline or lead adds a little, no more.
REPEAT_BONUS = 0.2
# What an unambiguous town adds to its country's support when settling ambiguous words.
TOWN_SUPPORT = 0.5
# A country only mentioned in passing (once, deep in the body) is not listed as involved;
# set on Reuters-21578's gold places and the GeoWebNews labels (bench/desk_countries.py).
MENTION_THRESHOLD = 2.4
CLOSE_CALL_RATIO = 0.85


@dataclass(frozen=True)
class Located:
    """The country evidence of one item or story."""

    primary: str | None
    countries: tuple[str, ...]
    dateline_country: str | None
    flags: tuple[str, ...]
    scores: dict[str, float]


def _resolve(mentions: list[Mention], context: dict[str, float]) -> list[tuple[str, str]]:
    """(code, kind) per mention, settling words like "Georgia" or "Congo" by the other evidence."""
    out = []
    for m in mentions:
        code = m.code
        if m.alternatives:
            options = (m.code, *m.alternatives)
            best = max(options, key=lambda c: context.get(c, 0.0))
            if context.get(best, 0.0) > context.get(m.code, 0.0):
                code = best
        out.append((code, m.kind))
    return out


@dataclass
class _Evidence:
    headline: list[Mention]
    lead: list[Mention]
    rest: list[Mention]
    dateline: str | None


def _evidence(copy: WireCopy) -> _Evidence:
    headline, lead, rest = copy.places
    return _Evidence(headline, lead, rest, copy.dateline_country)


def _context(evidence: Iterable[_Evidence]) -> dict[str, float]:
    """Unambiguous support per country, used to settle ambiguous words; a town supports its
    country less than a country, a state or a city does."""
    support: dict[str, float] = defaultdict(float)
    for ev in evidence:
        if ev.dateline:
            support[ev.dateline] += 1.5
        for m in (*ev.headline, *ev.lead, *ev.rest):
            if not m.alternatives:
                support[m.code] += TOWN_SUPPORT if m.kind == TOWN else 1.0
    return support


def _anchored(evidence: Iterable[_Evidence], context: dict[str, float]) -> set[str] | None:
    """The countries the story names by more than a town (its dateline included), or None
    when it names none: then its towns alone say where it is, as in local news."""
    anchored = {ev.dateline for ev in evidence if ev.dateline}
    for ev in evidence:
        for code, kind in _resolve([*ev.headline, *ev.lead, *ev.rest], context):
            if kind != TOWN:
                anchored.add(code)
    return anchored or None


def _score(evidence: Sequence[_Evidence]) -> tuple[dict[str, float], dict[str, float]]:
    """Per-country score and per-country "real evidence" score (no dateline prior)."""
    context = _context(evidence)
    anchored = _anchored(evidence, context)

    def counted(mentions: list[Mention]) -> list[tuple[str, str]]:
        """Towns count for a country the story names otherwise, or when it names none."""
        resolved = _resolve(mentions, context)
        return [(c, k) for c, k in resolved if k != TOWN or anchored is None or c in anchored]

    scores: dict[str, float] = defaultdict(float)
    body_sum: dict[str, float] = defaultdict(float)
    for ev in evidence:
        for field_weight, mentions in ((HEADLINE_WEIGHT, ev.headline), (LEAD_WEIGHT, ev.lead)):
            strongest: dict[str, float] = defaultdict(float)
            count: dict[str, int] = defaultdict(int)
            for code, kind in counted(mentions):
                strongest[code] = max(strongest[code], KIND_WEIGHT[kind])
                count[code] += 1
            for code, weight in strongest.items():
                repeat = 1.0 + REPEAT_BONUS * min(count[code] - 1, 2)
                scores[code] += field_weight * weight * repeat
        for code, kind in counted(ev.rest):
            body_sum[code] += KIND_WEIGHT[kind]
    for code, total in body_sum.items():
        scores[code] += BODY_WEIGHT * math.sqrt(total) * len(evidence) ** -0.5
    evidence_scores = dict(scores)
    datelines = [ev.dateline for ev in evidence if ev.dateline]
    for code in datelines:
        scores[code] += DATELINE_PRIOR / len(datelines)
    return dict(scores), evidence_scores


def locate_items(items: Sequence[WireItem]) -> Located:
    """Primary and involved countries of one or more items covering the same story."""
    return locate_copies([read(item) for item in items])


def locate_copies(copies: Sequence[WireCopy]) -> Located:
    """Primary and involved countries of one or more items read by `core.copy`."""
    evidence = [_evidence(copy) for copy in copies]
    scores, evidence_scores = _score(evidence)
    datelines = [ev.dateline for ev in evidence if ev.dateline]
    dateline = max(set(datelines), key=datelines.count) if datelines else None
    first_seen = {}
    for ev in evidence:
        for m in (*ev.headline, *ev.lead, *ev.rest):
            first_seen.setdefault(m.code, len(first_seen))
    ranked = sorted(
        scores,
        key=lambda c: (-scores[c], c != dateline, first_seen.get(c, 1_000)),
    )
    flags: list[str] = []
    primary = ranked[0] if ranked else None
    if primary is None:
        flags.append(FLAG_NO_COUNTRY)
    elif dateline and primary != dateline:
        flags.append(FLAG_DATELINE_DIFFERS)
    if len(ranked) > 1 and scores[ranked[1]] >= CLOSE_CALL_RATIO * scores[ranked[0]]:
        flags.append(FLAG_CLOSE_CALL)
    # The dateline says where the reporter sat: alone, it never makes a country involved.
    involved = [
        c for c in ranked if c == primary or evidence_scores.get(c, 0.0) >= MENTION_THRESHOLD
    ]
    return Located(primary, tuple(involved), dateline, tuple(flags), scores)


def locate(item: WireItem) -> Located:
    """Primary and involved countries of one wire item."""
    return locate_items([item])
