"""Story identity: which story does a wire item belong to, and is it news at all?

Fed wire items in arrival order, an `IdentityIndex` decides for each one:

- a new version of an item it knows (same agency and family, higher version) replaces that
  item in its story; an equal or lower version is a stale repeat;
- a kill, withdrawal or cancellation takes the item out of its story;
- an exact or near duplicate (Jaccard >= 0.8 over word shingles, candidates from MinHash LSH,
  verified exactly) joins the story of its twin;
- coverage of an event the desk already holds, by another agency or as the same agency's
  follow-up on a developing story, joins that story: candidates come from the stories whose
  items share its lead terms inside a time window, and the best one joins when its meaning
  and its names, places and figures agree (scored in `core.grouping`);
- anything else starts a new story, named after its first item.

Every lookup goes through hash buckets (LSH bands, exact-content map, term postings capped
in length, expired outside the window or, for items that carry no time, after a fixed number
of newer ones), so the cost of an item does not grow with the number of items already seen.
The index is plain memory; `records()` and `restore()` let
the live pipeline keep it in a database and rebuild it after a restart.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import chain, islice
from typing import Any

from datasketch import MinHashLSH

from dateline.desk.core.copy import WireCopy, read
from dateline.desk.core.coverage import (
    DISTINCTIVE_RARITY,
    HEADLINE,
    NUMBER,
    PLACE,
    WEAK,
    WORD,
    TermRarity,
    term_class,
)
from dateline.desk.core.grouping import Match, StoryProfile, guards_of, match, threshold
from dateline.desk.core.shingles import NUM_PERM, Fingerprint, jaccard
from dateline.wire.item import WireItem

DUPLICATE_THRESHOLD = 0.8
# 21 bands of 6 rows: a pair at Jaccard 0.8 shares a band with probability 0.998, a pair at
# 0.5 with 0.28, so near duplicates are not missed and few candidates need verifying.
LSH_BANDS = (21, 6)
# A story stays open to new coverage while its latest item is this recent.
COVERAGE_WINDOW = timedelta(hours=48)
# Items that carry no time stay open to coverage until this many newer items came in.
UNTIMED_OPEN_ITEMS = 5000
# A candidate item must share this many evidence terms with a full item (one with a
# headline alone needs one).
COVERAGE_MIN_SHARED = 2
# A term shared by more items than this inside the window is looked up among its latest
# few items only: a big developing story is found through its latest coverage.
COVERAGE_MAX_POSTINGS = 100
COVERAGE_LATEST = 25
# Candidate items looked at, those sharing the most terms first, and stories scored: keeps
# an item's cost flat when a busy news day fills the window with stories on one subject.
COVERAGE_CANDIDATE_ITEMS = 40
COVERAGE_CANDIDATES = 4
# Shared terms are shown to an editor places first, then figures, then the rarest words.
_SHOWN_FIRST = {PLACE: 0, NUMBER: 1, WORD: 2}


class Kind(StrEnum):
    NEW = "new"
    VERSION = "version"
    STALE = "stale"
    DUPLICATE = "duplicate"
    COVERAGE = "coverage"
    KILL = "kill"


@dataclass(frozen=True)
class Decision:
    """What identity made of one wire item.

    `story_id` is None only for a kill of an item never seen. `replaced` names the item a new
    version or a kill took out of the story; `story_emptied` says a kill left its story with
    no usable item, so the story must come down. For a coverage join, `coverage_of` names the
    story's latest item before it, `score` the match, and `evidence` the distinctive terms
    (places, figures, rare words) the item shares with the story, which `coverage.term_words`
    turns into the item's own words so an editor can see why they met.
    """

    item_id: str
    story_id: str | None
    kind: Kind
    duplicate_of: str | None = None
    replaced: str | None = None
    story_emptied: bool = False
    coverage_of: str | None = None
    score: float | None = None
    evidence: tuple[int, ...] = ()


@dataclass(frozen=True)
class IdentityRecord:
    """One family's state as the live pipeline stores it; `fingerprint` is empty for a kill."""

    item_id: str
    story_id: str | None
    agency: str
    family_uri: str
    version: int
    time: datetime | None
    fingerprint: bytes
    killed: bool = False


@dataclass
class _Entry:
    """A usable item in the index, keyed by arrival order."""

    key: int
    item_id: str
    story_id: str
    agency: str
    time: datetime | None
    fingerprint: Fingerprint


@dataclass
class _Family:
    """The latest version of one agency item, live or killed; `seq` orders its last change."""

    seq: int
    item_id: str
    version: int
    time: datetime | None
    entry: _Entry | None = None
    story_id: str | None = None


@dataclass
class IdentityIndex:
    """Decides version, duplicate and story for each wire item fed to `add`."""

    window: timedelta = COVERAGE_WINDOW
    # LSH_BANDS find candidates down to about 0.6; a lower threshold would need other bands.
    duplicate_threshold: float = DUPLICATE_THRESHOLD
    coverage_min_shared: int = COVERAGE_MIN_SHARED
    coverage_max_postings: int = COVERAGE_MAX_POSTINGS
    coverage_candidates: int = COVERAGE_CANDIDATES
    untimed_open_items: int = UNTIMED_OPEN_ITEMS
    _families: dict[tuple[str, str], _Family] = field(default_factory=dict, init=False)
    _entries: dict[int, _Entry] = field(default_factory=dict, init=False)
    _stories: dict[str, set[int]] = field(default_factory=dict, init=False)
    _profiles: dict[str, StoryProfile] = field(default_factory=dict, init=False)
    _exact: dict[frozenset[int], list[int]] = field(default_factory=dict, init=False)
    _postings: dict[int, dict[int, None]] = field(default_factory=dict, init=False)
    _in_window: deque[tuple[datetime, int]] = field(default_factory=deque, init=False)
    _untimed: deque[int] = field(default_factory=deque, init=False)
    _rarity: TermRarity = field(default_factory=TermRarity, init=False)
    _watermark: datetime | None = field(default=None, init=False)
    _next_key: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_BANDS)

    def add(self, item: WireItem, copy: WireCopy | None = None) -> Decision:
        """Place one wire item and say what it is. Items must come in arrival order.

        A caller that stores the fingerprint passes the copy it read, so what is kept for a
        later restore is exactly what this decision was made on.
        """
        return self._add(item, copy if copy is not None else read(item))

    def _add(self, item: WireItem, copy: WireCopy) -> Decision:
        fingerprint = copy.fingerprint
        family_key = (item.agency, item.family_uri)
        family = self._families.get(family_key)
        time = item_time(item)
        self._advance(time)
        if item.is_kill:
            return self._kill(item, family_key, family, time)
        if family is not None and item.version <= family.version:
            return Decision(item.guid, family.story_id, Kind.STALE)
        if family is not None and family.entry is not None:
            old = family.entry
            self._remove(old)
            entry = self._insert(item.guid, old.story_id, item.agency, time, fingerprint)
            self._families[family_key] = _Family(
                entry.key, item.guid, item.version, time, entry, old.story_id
            )
            return Decision(item.guid, old.story_id, Kind.VERSION, replaced=old.item_id)
        twin = self._twin(fingerprint)
        covered = None if twin is not None else self._coverage(time, fingerprint, copy.language)
        if twin is not None:
            story_id, kind = twin.story_id, Kind.DUPLICATE
        elif covered is not None:
            story_id, kind = covered[0], Kind.COVERAGE
        else:
            story_id, kind = self._new_story_id(item.guid), Kind.NEW
        latest = self._latest_item(story_id) if covered is not None else None
        entry = self._insert(item.guid, story_id, item.agency, time, fingerprint, copy.language)
        self._families[family_key] = _Family(
            entry.key, item.guid, item.version, time, entry, story_id
        )
        if covered is None:
            return Decision(
                item.guid,
                story_id,
                kind,
                duplicate_of=twin.item_id if twin is not None else None,
            )
        found = covered[1]
        return Decision(
            item.guid,
            story_id,
            kind,
            coverage_of=latest,
            score=round(found.score, 3),
            evidence=self._evidence(found),
        )

    def _kill(
        self,
        item: WireItem,
        family_key: tuple[str, str],
        family: _Family | None,
        time: datetime | None,
    ) -> Decision:
        if family is None:
            self._families[family_key] = _Family(self._take_key(), item.guid, item.version, time)
            return Decision(item.guid, None, Kind.KILL)
        if family.entry is None:
            return Decision(item.guid, family.story_id, Kind.STALE)
        entry = family.entry
        self._remove(entry)
        self._families[family_key] = _Family(
            self._take_key(),
            item.guid,
            max(family.version, item.version),
            time or family.time,
            None,
            entry.story_id,
        )
        return Decision(
            item.guid,
            entry.story_id,
            Kind.KILL,
            replaced=entry.item_id,
            story_emptied=not self._stories[entry.story_id],
        )

    def _new_story_id(self, item_id: str) -> str:
        story_id, n = item_id, 1
        while story_id in self._stories:
            n += 1
            story_id = f"{item_id}#{n}"
        return story_id

    def _take_key(self) -> int:
        self._next_key += 1
        return self._next_key

    def _twin(self, fingerprint: Fingerprint) -> _Entry | None:
        """The earliest identical item, else the most similar item at or above threshold."""
        if not fingerprint.shingles:
            return None
        same = self._exact.get(fingerprint.shingles)
        if same:
            return self._entries[same[0]]
        best: _Entry | None = None
        best_score = self.duplicate_threshold
        for key in sorted(self._lsh.query(fingerprint.signature)):
            entry = self._entries[key]
            score = jaccard(fingerprint.shingles, entry.fingerprint.shingles)
            if score > best_score or (best is None and score >= best_score):
                best, best_score = entry, score
        return best

    def _coverage(
        self, time: datetime | None, fingerprint: Fingerprint, language: str
    ) -> tuple[str, Match] | None:
        """The open story this item tells, best match first, if one matches well enough; never
        a story told in another language."""
        min_shared = self.coverage_min_shared if fingerprint.has_lead else 1
        if len(fingerprint.evidence) < min_shared:
            return None
        postings = self._postings
        cap = self.coverage_max_postings
        shared = Counter(
            chain.from_iterable(
                posting if len(posting) <= cap else islice(reversed(posting), COVERAGE_LATEST)
                for term in fingerprint.evidence
                if (posting := postings.get(term)) is not None
            )
        )
        stories: dict[str, None] = {}
        for key, count in shared.most_common(COVERAGE_CANDIDATE_ITEMS):
            if count < min_shared or len(stories) >= self.coverage_candidates:
                break
            entry = self._entries[key]
            if time is not None and entry.time is not None and abs(entry.time - time) > self.window:
                continue
            stories[entry.story_id] = None
        if not stories:
            return None
        weights = self._rarity.weights()
        norm = weights.norm(fingerprint.terms)
        floor = threshold(fingerprint.has_lead)
        ours = guards_of(fingerprint)
        best: tuple[str, Match] | None = None
        for story_id in stories:
            profile = self._profiles[story_id]
            if not profile.speaks(language):
                continue
            found = match(fingerprint, profile, weights, norm, floor, ours)
            if found is None or not found.joins(fingerprint.has_lead):
                continue
            if best is None or found.score > best[1].score:
                best = (story_id, found)
        return best

    def _latest_item(self, story_id: str) -> str | None:
        keys = self._stories.get(story_id)
        return self._entries[max(keys)].item_id if keys else None

    def _evidence(self, found: Match) -> tuple[int, ...]:
        """The distinctive terms an item shares with the story it joins, to show first first."""
        weights = self._rarity.weights()
        shared = [
            term
            for term in found.shared_terms
            if not term & HEADLINE
            and term_class(term) != WEAK
            and weights[term] >= DISTINCTIVE_RARITY
        ]
        shared.sort(key=lambda term: (_SHOWN_FIRST[term_class(term)], -weights[term]))
        return tuple(shared)

    def _insert(
        self,
        item_id: str,
        story_id: str,
        agency: str,
        time: datetime | None,
        fingerprint: Fingerprint,
        language: str = "",
    ) -> _Entry:
        entry = _Entry(
            self._take_key(),
            item_id,
            story_id,
            agency,
            time,
            fingerprint,
        )
        self._entries[entry.key] = entry
        self._stories.setdefault(story_id, set()).add(entry.key)
        self._rarity.add(fingerprint.terms)
        if fingerprint.shingles:
            same = self._exact.setdefault(fingerprint.shingles, [])
            same.append(entry.key)
            if len(same) == 1:
                self._lsh.insert(entry.key, fingerprint.signature, check_duplication=False)
        self._profiles.setdefault(story_id, StoryProfile(language=language)).absorb(fingerprint)
        watermark = self._watermark
        if time is None:
            self._post(entry)
            self._untimed.append(entry.key)
            if len(self._untimed) > self.untimed_open_items:
                oldest = self._entries.get(self._untimed.popleft())
                if oldest is not None:
                    self._unpost(oldest)
        elif watermark is not None and time >= watermark - self.window:
            self._post(entry)
            self._in_window.append((time, entry.key))
        return entry

    def _post(self, entry: _Entry) -> None:
        for term in entry.fingerprint.evidence:
            self._postings.setdefault(term, {})[entry.key] = None

    def _remove(self, entry: _Entry) -> None:
        """Take an item out of its story and of every index; its twin stands in for it."""
        del self._entries[entry.key]
        left = self._stories[entry.story_id]
        left.discard(entry.key)
        profile = StoryProfile(language=self._profiles[entry.story_id].language)
        for key in sorted(left):
            profile.absorb(self._entries[key].fingerprint)
        self._profiles[entry.story_id] = profile
        self._rarity.remove(entry.fingerprint.terms)
        shingles = entry.fingerprint.shingles
        if shingles:
            same = self._exact[shingles]
            if same[0] == entry.key:
                self._lsh.remove(entry.key)
                if len(same) > 1:
                    self._lsh.insert(same[1], self._entries[same[1]].fingerprint.signature)
            same.remove(entry.key)
            if not same:
                del self._exact[shingles]
        self._unpost(entry)

    def _unpost(self, entry: _Entry) -> None:
        for term in entry.fingerprint.evidence:
            posting = self._postings.get(term)
            if posting is None or entry.key not in posting:
                continue
            del posting[entry.key]
            if not posting:
                del self._postings[term]

    def _advance(self, time: datetime | None) -> None:
        """Move the window forward to `time` and forget coverage that fell out of it."""
        if time is None or (self._watermark is not None and time <= self._watermark):
            return
        self._watermark = time
        horizon = time - self.window
        while self._in_window and self._in_window[0][0] < horizon:
            _, key = self._in_window.popleft()
            entry = self._entries.get(key)
            if entry is not None:
                self._unpost(entry)

    def records(self) -> Iterator[IdentityRecord]:
        """Every family's latest state in the order of its last change, which `restore` replays
        so that ties between candidates break the same way as before."""
        for (agency, family_uri), family in sorted(
            self._families.items(), key=lambda pair: pair[1].seq
        ):
            entry = family.entry
            yield IdentityRecord(
                item_id=family.item_id,
                story_id=family.story_id,
                agency=agency,
                family_uri=family_uri,
                version=family.version,
                time=family.time,
                fingerprint=entry.fingerprint.to_bytes() if entry is not None else b"",
                killed=entry is None,
            )

    @classmethod
    def restore(cls, records: Iterable[IdentityRecord], **settings: Any) -> IdentityIndex:
        """Rebuild an index from stored records, in the order `records()` gave them; settings
        are the constructor's (window, thresholds)."""
        index = cls(**settings)
        for record in records:
            index._advance(record.time)
            entry = None
            if not record.killed and record.story_id is not None:
                entry = index._insert(
                    record.item_id,
                    record.story_id,
                    record.agency,
                    record.time,
                    Fingerprint.from_bytes(record.fingerprint),
                )
            elif record.story_id is not None:
                index._stories.setdefault(record.story_id, set())
            index._families[(record.agency, record.family_uri)] = _Family(
                entry.key if entry is not None else index._take_key(),
                record.item_id,
                record.version,
                record.time,
                entry,
                record.story_id,
            )
        return index


def item_time(item: WireItem) -> datetime | None:
    """When the agency first wrote the story: the clock the coverage window runs on."""
    return item.first_created or item.sent
