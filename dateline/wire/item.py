"""The normalised wire item every parser returns, whatever the agency's format.

A plain dataclass: parsers build it, the desk core reads it, the wire app stores it.
Times are timezone-aware UTC; text fields are never None (empty string instead).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

# The highest version any table keeps (a PostgreSQL integer column); agencies send any number.
VERSION_MAX = 2**31 - 1


class PubStatus(StrEnum):
    USABLE = "usable"
    WITHDRAWN = "withdrawn"
    CANCELED = "canceled"


class Signal(StrEnum):
    """What the agency says this version is, beyond plain new copy."""

    UPDATE = "update"
    CORRECTION = "correction"
    KILL = "kill"


@dataclass(frozen=True)
class Dateline:
    text: str = ""
    city: str = ""
    country: str = ""  # ISO 3166 alpha-2 when the agency or the city tells it, else ""


@dataclass(frozen=True)
class WireImage:
    href: str
    caption: str = ""
    credit: str = ""
    # IPTC digital source type, e.g. "digitalCapture" or "trainedAlgorithmicMedia"
    digital_source_type: str = ""


@dataclass(frozen=True)
class AgencyNote:
    """A note from the agency to editors (NewsML-G2 edNote, NITF ed-msg, ninjs ednote).

    Notes are never copy: the desk shows them to editors and never puts them on a page.
    `publishable` is False where the agency says so (dpa's `dpapconstraint:nonpublic`
    contacts, NITF non-publishable advisories, ninjs ednotes).
    """

    text: str
    role: str = ""
    publishable: bool = False


@dataclass
class WireItem:
    agency: str
    guid: str
    headline: str = ""
    version: int = 1
    family_uri: str = ""  # groups the versions of one item; defaults to guid
    sent: datetime | None = None
    first_created: datetime | None = None
    embargo: datetime | None = None
    pubstatus: PubStatus = PubStatus.USABLE
    signals: frozenset[Signal] = frozenset()
    urgency: int | None = None
    slugline: str = ""
    byline: str = ""
    dateline: Dateline = field(default_factory=Dateline)
    body_html: str = ""  # sanitised with nh3
    body_text: str = ""
    language: str = "en"
    subjects: tuple[str, ...] = ()  # agency subject codes as given, e.g. "medtop:20000763"
    places: tuple[str, ...] = ()  # place names or codes the agency attached
    images: tuple[WireImage, ...] = ()
    notes: tuple[AgencyNote, ...] = ()  # for editors only, never published

    def __post_init__(self) -> None:
        if not self.family_uri:
            self.family_uri = self.guid
        # Clamped here, where every item is built, so the records, the stored JSON and the
        # desk all see one version that fits their columns.
        self.version = max(1, min(self.version, VERSION_MAX))

    @property
    def is_kill(self) -> bool:
        return Signal.KILL in self.signals or self.pubstatus != PubStatus.USABLE


class Rejection(Exception):
    """Raised inside a parser for input it cannot turn into a wire item; caught at its boundary."""
