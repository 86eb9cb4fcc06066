"""The sector of a story: the agency's own subject codes first, a keyword classifier second.

Agency codes are an editor's judgement and beat any guess from words, so IPTC Media Topics
(``medtop:``) and the older IPTC Subject Codes (``subj:``) are mapped by their top level (and
a few well-known second levels). Without usable codes, a transparent weighted keyword table
(``data/sector_keywords.csv``) is matched over the headline and the body; an editor can read
and fix that table, which is the point of keeping it as data.

An outbreak report is a health story even when its words lean elsewhere: cholera speaks of
water, bird flu of poultry, Ebola in a war zone of fighting. A disease of people
(``data/diseases.txt``) named in the headline or lead beside an outbreak word (cases, deaths,
outbreak, vaccination...) makes the story Health, unless the agency's codes say otherwise.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from dateline.desk.core.copy import split_lead
from dateline.news.reference import SECTOR_SLUGS
from dateline.places.gazetteer import mostly_capitals

_DATA = Path(__file__).with_name("data")

HEADLINE_WEIGHT = 3.0
LEAD_WEIGHT = 1.5
BODY_WEIGHT = 1.0
# A keyword counts at most this often per field: a long story is not more "energy" because
# it says "oil" twenty times.
MAX_REPEATS = 3
# Below this total the words say too little to name a sector.
MIN_SCORE = 3.0

# IPTC top-level codes (shared by Subject Codes and the first generation of Media Topics).
# A tuple means "one of these": the words decide between them.
TOP_LEVEL: dict[str, tuple[str, ...]] = {
    "01": ("art-culture",),
    "02": ("law-governance",),
    "04": ("economy-business",),
    "05": ("education",),
    "06": ("science-environment",),
    "07": ("health",),
    "09": ("economy-business", "social-gender"),
    "10": ("art-culture",),
    "11": ("politics",),
    "12": ("art-culture",),
    "13": ("technology", "science-environment"),
    "14": ("social-gender",),
    "15": ("sports",),
    "16": ("politics",),
    "17": ("science-environment",),
}
# Second levels that leave the top level's sector.
SECOND_LEVEL: dict[str, tuple[str, ...]] = {
    "04001": ("agro-forestry",),
    "04003": ("technology",),
    "04004": ("urban-development",),
    "04005": ("energy-extractives",),
    "04015": ("transport",),
}

_CODE = re.compile(r"^(?:medtop|subj|iptc|subject)[:/](\d{8})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Keyword:
    form: str
    sector: str
    weight: float
    exact_case: bool


def sectors_for_code(code: str) -> tuple[str, ...]:
    """The candidate sectors of one agency subject code; empty when it is not understood."""
    m = _CODE.match(code.strip())
    if not m:
        return ()
    digits = m.group(1)
    return SECOND_LEVEL.get(digits[:5]) or TOP_LEVEL.get(digits[:2], ())


def sector_from_subjects(subjects: Iterable[str]) -> tuple[str, ...]:
    """Candidate sectors the agency codes agree on most (first-listed code breaks ties)."""
    votes: Counter[tuple[str, ...]] = Counter()
    order: dict[tuple[str, ...], int] = {}
    for position, code in enumerate(subjects):
        candidates = sectors_for_code(code)
        if candidates:
            votes[candidates] += 1
            order.setdefault(candidates, position)
    if not votes:
        return ()
    return max(votes, key=lambda c: (votes[c], -order[c]))


def _read_keywords() -> list[_Keyword]:
    with (_DATA / "sector_keywords.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        if row["sector"] not in SECTOR_SLUGS:
            raise ValueError(f"unknown sector in keyword table: {row['sector']}")
        for form in row["phrases"].split("|"):
            form = form.strip()
            if form:
                exact = any(c.isupper() for c in form)
                out.append(_Keyword(form, row["sector"], float(row["weight"]), exact))
    return out


@cache
def _automaton() -> ahocorasick.Automaton:
    """One automaton over all keywords; a phrase lists every sector that claims it."""
    table: dict[str, list[_Keyword]] = defaultdict(list)
    for kw in _read_keywords():
        table[kw.form.lower()].append(kw)
    automaton = ahocorasick.Automaton()
    for lower, keywords in table.items():
        automaton.add_word(lower, (len(lower), tuple(keywords)))
    automaton.make_automaton()
    return automaton


def _matches(text: str) -> Counter[tuple[str, float]]:
    """(sector, weight) per keyword occurrence, leftmost-longest, on word boundaries."""
    found: Counter[tuple[str, float]] = Counter()
    if not text:
        return found
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    all_caps = mostly_capitals(text)
    hits = []
    for end, (length, keywords) in _automaton().iter(lower):
        start = end - length + 1
        before = lower[start - 1] if start else " "
        after = lower[end + 1] if end + 1 < len(lower) else " "
        if before.isalnum() or after.isalnum():
            continue
        hits.append((start, end + 1, keywords))
    hits.sort(key=lambda h: (h[0], h[0] - h[1]))
    per_form: Counter[str] = Counter()
    last_end = -1
    for start, end, keywords in hits:
        if start < last_end:
            continue
        span = text[start:end]
        usable = [k for k in keywords if not k.exact_case or (span == k.form and not all_caps)]
        if not usable:
            continue
        last_end = end
        per_form[span.lower()] += 1
        if per_form[span.lower()] > MAX_REPEATS:
            continue
        for k in usable:
            found[(k.sector, k.weight)] += 1
    return found


def sector_scores(headline: str, lead: str, rest: str) -> dict[str, float]:
    """Keyword evidence per sector, with the headline and the lead counting most."""
    scores: dict[str, float] = defaultdict(float)
    for weight, text in ((HEADLINE_WEIGHT, headline), (LEAD_WEIGHT, lead), (BODY_WEIGHT, rest)):
        for (sector, kw_weight), n in _matches(text).items():
            scores[sector] += weight * kw_weight * n
    return dict(scores)


_OUTBREAK_WORDS = re.compile(
    r"\b(?:outbreaks?|epidemics?|pandemic|cases|infect(?:ed|ions?)|deaths?|died|dead|kill(?:s|ed)?"
    r"|confirmed|suspected|spread(?:ing|s)?|vaccinations?|immuni[sz]ations?|quarantine\w*)\b",
    re.IGNORECASE,
)


@cache
def _diseases() -> re.Pattern[str]:
    lines = (_DATA / "diseases.txt").read_text(encoding="utf-8").splitlines()
    names = sorted((n.strip() for n in lines if n.strip() and not n.startswith("#")), key=len)
    alternatives = "|".join(re.escape(name) for name in reversed(names))
    return re.compile(r"\b(?:" + alternatives + r")\b", re.IGNORECASE)


def is_outbreak_report(headline: str, lead: str) -> bool:
    """Whether the headline and lead name a disease of people beside an outbreak word."""
    opening = f"{headline}\n{lead}"
    return bool(_diseases().search(opening)) and bool(_OUTBREAK_WORDS.search(opening))


def classify(
    headline: str, body: str, subjects: Iterable[str] = (), min_score: float = MIN_SCORE
) -> str | None:
    """The one sector of a story, or None when neither codes nor words say enough."""
    return classify_story([(headline, *split_lead(body))], subjects, min_score)


def classify_story(
    texts: Sequence[tuple[str, str, str]],
    subjects: Iterable[str] = (),
    min_score: float = MIN_SCORE,
) -> str | None:
    """The one sector of a story told in one or more (headline, lead, rest) texts: the
    agencies' codes first, then an outbreak report, then the words of all texts together (a
    story told in bodies without headlines needs half the evidence)."""
    candidates = sector_from_subjects(subjects)
    if len(candidates) == 1:
        return candidates[0]
    if any(is_outbreak_report(h, lead) for h, lead, _ in texts) and (
        not candidates or "health" in candidates
    ):
        return "health"
    totals: Counter[str] = Counter()
    for headline, lead, rest in texts:
        totals.update(sector_scores(headline, lead, rest))
    if candidates:
        return max(candidates, key=lambda s: totals.get(s, 0.0))
    if not totals:
        return None
    best, score = totals.most_common(1)[0]
    headlines = any(headline for headline, _, _ in texts)
    return best if score >= min_score * (1 if headlines else 0.5) else None
