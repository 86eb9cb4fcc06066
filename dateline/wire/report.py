"""What one ingest run did, in the terms an operator reads: accepted, known, rejected and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class IngestReport:
    payloads: int = 0
    payloads_seen_before: int = 0
    accepted: int = 0  # new records (new items and new versions)
    new_versions: int = 0  # of the accepted, versions of an item already known
    duplicates: int = 0  # agency + guid + version already stored: nothing new
    rejected: int = 0
    reasons: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # payloads that could not be parsed at all
    notes: list[str] = field(default_factory=list)
    payload_ids: list[int] = field(default_factory=list)
    formats: Counter = field(default_factory=Counter)

    def add(self, other: IngestReport) -> IngestReport:
        """Fold another run into this one (a folder of files is many runs, one summary)."""
        self.payloads += other.payloads
        self.payloads_seen_before += other.payloads_seen_before
        self.accepted += other.accepted
        self.new_versions += other.new_versions
        self.duplicates += other.duplicates
        self.rejected += other.rejected
        self.reasons.update(other.reasons)
        self.errors.extend(other.errors)
        self.notes.extend(other.notes)
        self.payload_ids.extend(other.payload_ids)
        self.formats.update(other.formats)
        return self

    def reject(self, reason: str, count: int = 1) -> None:
        self.rejected += count
        self.reasons[short_reason(reason)] += count

    def lines(self) -> list[str]:
        """The summary printed at the end of a run."""
        lines = [
            f"payloads: {self.payloads} ({self.payloads_seen_before} received before)",
            f"accepted: {self.accepted} (new versions: {self.new_versions})",
            f"duplicates (already stored): {self.duplicates}",
            f"rejected: {self.rejected}",
        ]
        lines += [f"  {count:5d}  {reason}" for reason, count in self.reasons.most_common()]
        if self.formats:
            formats = ", ".join(f"{name or '?'} {n}" for name, n in sorted(self.formats.items()))
            lines.append(f"formats: {formats}")
        lines += [f"error: {error}" for error in self.errors]
        return lines


def short_reason(reason: str) -> str:
    """Group reasons that differ only in detail: the first line, at most 120 characters."""
    first = (reason or "unknown reason").strip().splitlines()[0] if reason.strip() else "unknown"
    return first[:120]
