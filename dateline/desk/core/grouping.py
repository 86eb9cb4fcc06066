"""Story grouping: does a new item tell a story the desk already holds?

Agencies tell one event in their own words, and the same agency follows a developing event
with new items. Each open story keeps a profile of what its items say: the decayed sum of
their semantic vectors (`semantics`) and of their lead terms (`coverage`: names, places,
figures, rare words). A new item is scored against the profile of each candidate story:

    score = SEMANTIC_SHARE * cosine(vectors) + (1 - SEMANTIC_SHARE) * weighted cosine(terms)

with terms weighed by class and rarity, so a shared rare name counts and a shared "said"
does not. Comparing with a decayed profile rather than with the story's first item keeps a
story's identity from drifting as it grows, and lets a developing story follow its latest
turn. A headline alone says less than a headline and a lead, and its similarities run lower,
so it has a threshold of its own. Both thresholds were calibrated on real labelled news
(`bench/desk_stories.py`), never on the project's own fixtures.

Hard guards keep precision where scores mislead: two items that both name countries, none
the same, are different events however alike their wording (two elections, two rate
decisions), so are two whose headlines name cities or states, none the same (a tornado in
Oklahoma and one in Texas), and so are two whose headlines name people, companies or
places that the other item never mentions (two chipmakers' results). Figures are no guard:
a death toll grows as a story develops, and two agencies' figures often count different
things (hectares planted, tonnes expected) in one story. A wrong merge costs an editor more
than a missed one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from dateline.desk.core.coverage import (
    CLASS_BITS,
    HEADLINE,
    LOCALITY,
    PLACE,
    Weights,
    headline_names,
    is_name_copy,
)
from dateline.desk.core.language import UNDETERMINED
from dateline.desk.core.shingles import Fingerprint

SEMANTIC_SHARE = 0.5
# Calibrated on real stories told by several outlets: full articles (headline and lead)...
THRESHOLD_WITH_LEAD = 0.425
# ...and the same stories' headlines alone.
THRESHOLD_HEADLINE_ONLY = 0.35
# Each new item weighs as much as the whole story before it times this.
PROFILE_DECAY = 0.8
# Terms a profile keeps, the most present first: bounds the cost of one comparison.
PROFILE_TERMS = 150


@dataclass
class StoryProfile:
    """What a story's items say, decayed towards the latest; built by `absorb`. `language` is
    its first item's ("" when unknown, as for a story restored from storage). `names` holds
    the names its headlines gave; the guards are worked out once per change."""

    language: str = ""
    semantic: np.ndarray | None = None
    terms: dict[int, float] = field(default_factory=dict)
    names: set[int] = field(default_factory=set)
    size: int = 0
    _guards: Guards | None = field(default=None, repr=False)

    def absorb(self, fingerprint: Fingerprint) -> None:
        """Fold one more item into the profile."""
        vector = fingerprint.semantic
        if vector is not None:
            self.semantic = (
                vector.copy() if self.semantic is None else (self.semantic * PROFILE_DECAY + vector)
            )
        terms = self.terms
        for term in terms:
            terms[term] *= PROFILE_DECAY
        for term in fingerprint.terms:
            if not is_name_copy(term):
                terms[term] = terms.get(term, 0.0) + 1.0
        if len(terms) > PROFILE_TERMS:
            kept = sorted(terms.items(), key=lambda pair: -pair[1])[:PROFILE_TERMS]
            self.terms = dict(kept)
        self.names |= headline_names(fingerprint.terms)
        self.size += 1
        self._guards = None

    def speaks(self, language: str) -> bool:
        """Whether an item in `language` may join: one story is told in one language."""
        known = (self.language, language)
        return "" in known or UNDETERMINED in known or self.language == language

    @property
    def guards(self) -> Guards:
        if self._guards is None:
            self._guards = Guards.of(self.terms, self.names)
        return self._guards


def guards_of(fingerprint: Fingerprint) -> Guards:
    """What of an item must not clash with the story it joins (see `Guards`)."""
    return Guards.of(fingerprint.terms, headline_names(fingerprint.terms))


@dataclass(frozen=True)
class Guards:
    """What must not clash between an item and a story: the countries its leads name, and
    the cities or states and names its headlines name."""

    countries: frozenset[int]
    localities: frozenset[int]
    names: frozenset[int]

    @classmethod
    def of(cls, terms: Iterable[int], names: Iterable[int]) -> Guards:
        countries, localities = set(), set()
        for term in terms:
            if term & CLASS_BITS != PLACE:
                continue
            elif term & LOCALITY:
                if term & HEADLINE:
                    localities.add(term)
            elif not term & HEADLINE:
                countries.add(term)
        return cls(frozenset(countries), frozenset(localities), frozenset(names))


@dataclass(frozen=True)
class Match:
    """How well an item fits one story: the score, its two parts, and what they share."""

    score: float
    semantic: float
    lexical: float
    shared_terms: frozenset[int]
    country_conflict: bool
    place_conflict: bool
    name_conflict: bool  # names in both headlines, none told by the other item

    def joins(self, has_lead: bool) -> bool:
        clash = self.country_conflict or self.place_conflict or self.name_conflict
        return not clash and self.score >= threshold(has_lead)


def threshold(has_lead: bool) -> float:
    """The score from which an item joins a story."""
    return THRESHOLD_WITH_LEAD if has_lead else THRESHOLD_HEADLINE_ONLY


def match(
    fingerprint: Fingerprint,
    profile: StoryProfile,
    weights: Weights,
    norm: float,
    floor: float | None = None,
    ours: Guards | None = None,
) -> Match | None:
    """Score an item against a story's profile; `norm` is the item's weighted term norm.

    With a `floor`, None when the score cannot reach it: the lexical cosine is at most the
    weight of the shared terms over the item's (Cauchy-Schwarz), so most stories of another
    event are turned away before their whole profile is weighed.
    """
    terms = profile.terms
    shared = fingerprint.terms & terms.keys()
    semantic = None
    if fingerprint.semantic is not None and profile.semantic is not None:
        length = float(np.linalg.norm(profile.semantic))
        semantic = float(fingerprint.semantic @ profile.semantic) / length if length else 0.0
    if floor is not None and semantic is not None and norm:
        bound = math.sqrt(sum(weights[term] ** 2 for term in shared)) / norm
        if SEMANTIC_SHARE * semantic + (1 - SEMANTIC_SHARE) * bound < floor:
            return None
    dot = sum(weights[term] ** 2 * terms[term] for term in shared)
    profile_norm = math.sqrt(sum((weights[term] * count) ** 2 for term, count in terms.items()))
    lexical = dot / (norm * profile_norm) if norm and profile_norm else 0.0
    if semantic is None:
        semantic = lexical
    ours = ours or guards_of(fingerprint)
    theirs = profile.guards
    item_terms = fingerprint.terms
    score = SEMANTIC_SHARE * semantic + (1 - SEMANTIC_SHARE) * lexical
    return Match(
        score,
        semantic,
        lexical,
        frozenset(shared),
        _clash(ours.countries, theirs.countries),
        _clash(ours.localities, theirs.localities),
        _unmatched(ours.names, theirs.names, item_terms, terms),
    )


def _clash(ours: frozenset[int], theirs: frozenset[int]) -> bool:
    return bool(ours) and bool(theirs) and not ours & theirs


def _unmatched(
    ours: frozenset[int], theirs: frozenset[int], item_terms: frozenset[int], story_terms: dict
) -> bool:
    """Both headlines hold names (or figures) and neither item mentions any of the other's."""
    if not ours or not theirs:
        return False
    return not (ours & story_terms.keys() or theirs & item_terms)
