"""What a headline or an editor's note says about a version: update, correction or kill.

Agencies mark these in words as often as in metadata: "UPDATE 2-", "CORRECTED-", "KILL",
"1st Ld-Writethru", "Eds: Corrects ...". The structured signals of each format are read in
its own module; this one reads the words.
"""

from __future__ import annotations

import re

from dateline.wire.item import PubStatus, Signal

# Prefixes are upper case on the wire; requiring that keeps "Lead poisoning ..." a plain headline.
_KILL = re.compile(r"^\s*(?:URGENT\s*[-:]\s*)?(MANDATORY KILL|KILL|KILLED|WITHDRAWN|ELIMINATE)\b")
_CORRECTION = re.compile(r"^\s*(?:REFILE-)?(CORRECTED|CORRECTION|CORRECTS|RECTIFICATION)\b")
_LEAD = r"\d+(?:ST|ND|RD|TH) LEAD"
_UPDATE = re.compile(rf"^\s*(UPDATE\s*\d*|UPDATED|{_LEAD}|REFILE|RPT)\s*[-:]|^\s*{_LEAD}\b")
_NOTE_KILL = re.compile(
    r"\b(kill(ed)? (this|the) story|eliminate (this|the) story|mandatory kill|withdrawn)\b", re.I
)
_NOTE_CORRECTION = re.compile(r"\b(corrects?|correction|corrected)\b", re.I)
_NOTE_UPDATE = re.compile(
    r"\b(writethru|updates|new approach|adds|recasts|\d+(st|nd|rd|th) lead)\b", re.I
)


def from_headline(headline: str) -> set[Signal]:
    """Signals spelled as a headline prefix, the way wire desks have always done it."""
    found: set[Signal] = set()
    if _KILL.match(headline):
        found.add(Signal.KILL)
    if _CORRECTION.match(headline):
        found.add(Signal.CORRECTION)
    if _UPDATE.match(headline):
        found.add(Signal.UPDATE)
    return found


def from_note(note: str) -> set[Signal]:
    """Signals in an editor's note or ANPA keyword line ("Eds: Corrects spelling ...")."""
    found: set[Signal] = set()
    if _NOTE_KILL.search(note):
        found.add(Signal.KILL)
    if _NOTE_CORRECTION.search(note):
        found.add(Signal.CORRECTION)
    if _NOTE_UPDATE.search(note):
        found.add(Signal.UPDATE)
    return found


def pubstatus_from(value: str) -> PubStatus:
    """Map "stat:canceled", "Withheld", "Canceled", "withdrawn", "usable" ... to a PubStatus."""
    word = value.rsplit(":", 1)[-1].strip().lower()
    if word in {"canceled", "cancelled", "kill", "killed"}:
        return PubStatus.CANCELED
    if word in {"withdrawn", "withheld", "embargoed-withdrawn"}:
        return PubStatus.WITHDRAWN
    return PubStatus.USABLE


def status_signals(status: PubStatus) -> set[Signal]:
    """A canceled or withdrawn item asks the desk to take it down: that is a kill."""
    return set() if status == PubStatus.USABLE else {Signal.KILL}
