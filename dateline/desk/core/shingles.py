"""Text fingerprints of a wire item: word shingles, their MinHash, and its lead's terms.

Identity compares items through these fingerprints only, so they must be stable across
processes and machines (the live pipeline stores them): every hash here is CRC-32 of UTF-8
text and the MinHash permutations come from a fixed seed, never from Python's salted hash().
"""

from __future__ import annotations

import html
import re
import struct
import zlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from datasketch import MinHash

from dateline.desk.core.coverage import HEADLINE, evidence_terms, lead_terms
from dateline.desk.core.semantics import DIMENSIONS, embed_one
from dateline.places.gazetteer import Mention

SHINGLE_WORDS = 3
# Lead terms an item needs beyond its headline's to be compared as a full item, not as a
# headline alone (whose similarities run lower: see `grouping`).
LEAD_MIN_TERMS = 8
NUM_PERM = 128
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"

_WORD = re.compile(r"[^\W_]+")
# Wire prefixes that say nothing about the content: "UPDATE 2-", "RPT-", "REFILE-".
_WIRE_PREFIX = re.compile(
    r"^\s*(?:(?:UPDATE\s*\d*|RPT|REPEAT|REFILE|CORRECTED|CORRECTION|URGENT|FLASH|BULLETIN"
    r"|EXCLUSIVE|WRAPUP\s*\d*|RECASTS?)\s*[-:]\s*)+",
    re.IGNORECASE,
)

_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def clean_headline(headline: str) -> str:
    """Drop wire prefixes so a repeat ("RPT-") or update headline shingles like the original."""
    return _WIRE_PREFIX.sub("", headline)


def words(text: str) -> list[str]:
    """Lower-case words of text, with HTML entities decoded and punctuation dropped."""
    return _WORD.findall(html.unescape(text).lower())


def shingle_hashes(headline: str, body: str) -> frozenset[int]:
    """The set of word 3-shingles of headline + body, each as a 32-bit hash.

    A text shorter than a shingle is one shingle of all its words; an empty text is the
    empty set, which is a duplicate of nothing.
    """
    tokens = words(clean_headline(headline)) + words(body)
    if not tokens:
        return frozenset()
    if len(tokens) <= SHINGLE_WORDS:
        return frozenset((_crc(" ".join(tokens)),))
    return frozenset(
        _crc(" ".join(tokens[i : i + SHINGLE_WORDS]))
        for i in range(len(tokens) - SHINGLE_WORDS + 1)
    )


def minhash_of(hashes: frozenset[int]) -> MinHash:
    """The MinHash signature of a shingle set, with the project's fixed permutations."""
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        hashfunc=int,
        permutations=_PERMUTATIONS,
        scheme=MINHASH_SCHEME,
    )
    minhash.update_batch(hashes)
    return minhash


def signature_bytes(minhash: MinHash) -> bytes:
    """A MinHash signature as little-endian uint32s, for storage next to the wire item."""
    return minhash.hashvalues.astype("<u4").tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    """The MinHash stored by `signature_bytes`."""
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return MinHash(
        seed=MINHASH_SEED,
        hashfunc=int,
        hashvalues=values,
        permutations=_PERMUTATIONS,
        scheme=MINHASH_SCHEME,
    )


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """Exact Jaccard similarity; two empty sets are not similar (no text, no evidence)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """What identity needs of an item's text, small enough to store with the item: shingles
    and their MinHash find duplicates; `terms` (the lead's class-tagged terms, see
    `coverage.lead_terms`) and `semantic` (the unit vector of its headline and lead, or None
    for a fingerprint stored before vectors were kept) find the story it belongs to."""

    shingles: frozenset[int]
    signature: MinHash
    terms: frozenset[int]
    semantic: np.ndarray | None = None

    @cached_property
    def evidence(self) -> tuple[int, ...]:
        """The terms identity files story candidates under (`coverage.evidence_terms`)."""
        return evidence_terms(self.terms)

    @cached_property
    def has_lead(self) -> bool:
        """Whether the item has a body lead to compare, beyond its headline."""
        terms = self.terms
        lead_only = sum(1 for t in terms if not t & HEADLINE and t | HEADLINE not in terms)
        return lead_only >= LEAD_MIN_TERMS

    @classmethod
    def of_copy(
        cls,
        headline: str,
        text: str,
        lead: str,
        dateline_country: str | None = None,
        places: tuple[list[Mention], list[Mention]] | None = None,
    ) -> Fingerprint:
        """The fingerprint of an item read by `core.copy`: shingles of its headline and whole
        text, terms and meaning of its headline (wire prefixes off) and lead; `places` are
        the headline's and the lead's place words when the caller found them already."""
        shingles = shingle_hashes(headline, text)
        terms = lead_terms(headline, lead, dateline_country, places)
        semantic = embed_one(f"{html.unescape(headline)}. {html.unescape(lead)}".strip(". "))
        return cls(shingles, minhash_of(shingles), terms, semantic)

    def to_bytes(self) -> bytes:
        """Signature, shingles and terms as one blob: a header of three counts, then uint32s,
        then the semantic vector as float16s when there is one."""
        signature = signature_bytes(self.signature)
        shingles = np.fromiter(sorted(self.shingles), dtype="<u4", count=len(self.shingles))
        terms = np.fromiter(sorted(self.terms), dtype="<u4", count=len(self.terms))
        header = struct.pack("<III", len(signature) // 4, len(shingles), len(terms))
        vector = b"" if self.semantic is None else self.semantic.astype("<f2").tobytes()
        return header + signature + shingles.tobytes() + terms.tobytes() + vector

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        perms, n_shingles, n_terms = struct.unpack_from("<III", data)
        count = perms + n_shingles + n_terms
        vector = data[12 + 4 * count :]
        if len(data) < 12 + 4 * count or len(vector) not in (0, 2 * DIMENSIONS):
            raise ValueError("fingerprint blob has the wrong length")
        values = np.frombuffer(data, dtype="<u4", offset=12, count=count)
        semantic = np.frombuffer(vector, dtype="<f2").astype(np.float32) if vector else None
        return cls(
            shingles=frozenset(values[perms : perms + n_shingles].tolist()),
            signature=signature_from_bytes(values[:perms].tobytes()),
            terms=frozenset(values[perms + n_shingles :].tolist()),
            semantic=semantic,
        )
