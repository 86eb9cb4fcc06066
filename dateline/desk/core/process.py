"""`desk process`: identity and tagging over JSONL, in memory, for evaluation and replays.

Input, one JSON object per line: {"id", "headline", "body", "dateline"?, "published"?,
"source"?, "language"?}. Output, one line per input line in the same order: {"id", "story",
"duplicate_of", "primary_country", "countries", "sector", "edition", "language"}, or {"id",
"line", "error"} for a line that is not a usable wire item. An item that declares no language
gets the one detected in its headline and lead. No database, no network: the same desk
core the live pipeline runs, fed from a file.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from dateline.desk.core.copy import WireCopy, read
from dateline.desk.core.identity import IdentityIndex, Kind
from dateline.wire.item import Dateline, WireItem
from dateline.wire.parsers.datelines import parse_dateline
from dateline.wire.parsers.html import body_pair, looks_like_html, plain
from dateline.wire.parsers.times import parse_time

Tagger = Callable[[WireCopy], Any]

UNKNOWN_AGENCY = "unknown"
_TEXT_FIELDS = ("headline", "body", "dateline", "published", "source", "language")


class BadLine(ValueError):
    """An input line that cannot become a wire item; reported, never fatal."""


def wire_item(line: dict[str, Any]) -> WireItem:
    """Map one input object to the wire item a parser would have produced."""
    if not isinstance(line, dict):
        raise BadLine("line is not a JSON object")
    item_id = line.get("id")
    if isinstance(item_id, bool) or not isinstance(item_id, str | int) or str(item_id) == "":
        raise BadLine('missing or empty "id" (a string or an integer)')
    for name in _TEXT_FIELDS:
        if line.get(name) is not None and not isinstance(line[name], str):
            raise BadLine(f'"{name}" must be a string')
    published = line.get("published") or ""
    sent = parse_time(published)
    if published.strip() and sent is None:
        raise BadLine(f'"published" is not a readable time: {published!r}')
    body = line.get("body") or ""
    if looks_like_html(body):
        body_html, body_text = body_pair(body)
    else:
        body_html, body_text = "", html.unescape(body)
    dateline_text = (line.get("dateline") or "").strip()
    language = (line.get("language") or "").strip().split("-")[0].lower()
    return WireItem(
        agency=(line.get("source") or "").strip() or UNKNOWN_AGENCY,
        guid=str(item_id),
        headline=plain(line.get("headline") or ""),
        sent=sent,
        dateline=parse_dateline(dateline_text) if dateline_text else Dateline(),
        body_html=body_html,
        body_text=body_text,
        language=language,
    )


def default_tagger() -> Tagger:
    """The desk tagger, imported only when a run needs it."""
    from dateline.desk.core.tagging import tag_copy

    return tag_copy


@dataclass
class Processor:
    """One evaluation run: an identity index and counters for the summary."""

    tagger: Tagger
    index: IdentityIndex = field(default_factory=IdentityIndex)
    items: int = 0
    duplicates: int = 0
    errors: int = 0
    stories: set[str] = field(default_factory=set)

    def line(self, raw: Any, number: int) -> dict[str, Any]:
        """The output line for one input line (a decoded object, or text to decode)."""
        self.items += 1
        item_id = None
        try:
            line = json.loads(raw) if isinstance(raw, str | bytes) else raw
            if isinstance(line, dict) and isinstance(line.get("id"), str | int):
                item_id = line["id"]
            item = wire_item(line)
        except ValueError as exc:
            return self._error(item_id, number, f"line {number}: {_reason(exc)}")
        copy = read(item)
        decision = self.index.add(item, copy)
        if decision.kind is Kind.DUPLICATE:
            self.duplicates += 1
        if decision.story_id is not None:
            self.stories.add(decision.story_id)
        out: dict[str, Any] = {
            "id": line["id"],
            "story": decision.story_id,
            "duplicate_of": decision.duplicate_of,
            "language": copy.language,
        }
        try:
            tags = self.tagger(copy)
        except Exception as exc:  # noqa: BLE001 - one bad item must not stop the run
            out.update(primary_country=None, countries=[], sector=None, edition=None)
            return self._error(item.guid, number, f"line {number}: tagging failed: {exc}", out)
        out.update(
            primary_country=tags.primary_country,
            countries=list(tags.countries),
            sector=tags.sector,
            edition=tags.edition,
        )
        return out

    def _error(
        self, item_id: Any, number: int, message: str, out: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        self.errors += 1
        result = out if out is not None else {"id": item_id, "line": number}
        result["error"] = message
        return result


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON ({exc.msg} at column {exc.colno})"
    return str(exc)


def process_items(lines: Iterable[Any], tagger: Tagger | None = None) -> Iterator[dict[str, Any]]:
    """Identity and tags for each input line, in order; lines are objects or JSON text.

    Blank text lines are skipped; any other line yields exactly one output, with an "error"
    key when it could not be used.
    """
    processor = Processor(tagger or default_tagger())
    yield from run(processor, lines)


def run(processor: Processor, lines: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Feed lines through a processor the caller keeps, to read its counters afterwards."""
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, str | bytes) and not raw.strip():
            continue
        yield processor.line(raw, number)
