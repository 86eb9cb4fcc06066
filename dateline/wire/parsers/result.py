"""What a parse run hands back: the items that went in and the ones that did not, with why."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from dateline.wire.item import Rejection, WireItem

T = TypeVar("T")


@dataclass(frozen=True)
class Rejected:
    """One payload or one item of a feed that could not become a wire item."""

    reason: str
    guid: str = ""
    position: int | None = None  # 0-based index of the item inside its feed, when known


@dataclass
class Payload:
    """The raw bytes of one fetch, with what the transport knows about them."""

    data: bytes
    agency: str
    filename: str = ""  # or the page URL for a web page
    notes: list[str] = field(default_factory=list)


@dataclass
class ParseResult:
    format: str
    items: list[WireItem] = field(default_factory=list)
    rejections: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(
        default_factory=list
    )  # recoverable oddities, e.g. an encoding fallback

    @property
    def ok(self) -> bool:
        return bool(self.items) and not self.rejections


Outcome = WireItem | Rejected


def describe(exc: BaseException) -> str:
    """A one-line reason for an editor: our own rejections as written, anything else typed."""
    if isinstance(exc, Rejection):
        return str(exc)
    return f"parser error: {type(exc).__name__}: {exc}"


def each_item(
    entries: Iterable[T],
    build: Callable[[T], WireItem],
    guid_of: Callable[[T], str] = lambda _entry: "",
) -> Iterator[Outcome]:
    """Build every entry of a feed; a bad entry becomes a rejection and the others still go in."""
    for position, entry in enumerate(entries):
        try:
            yield build(entry)
        except Exception as exc:  # noqa: BLE001 - one bad item must never sink the feed
            try:
                guid = guid_of(entry)
            except Exception:  # noqa: BLE001
                guid = ""
            yield Rejected(reason=describe(exc), guid=guid, position=position)
