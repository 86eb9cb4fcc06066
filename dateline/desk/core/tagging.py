"""Story tagging: the country a story is about, the others it involves, its sector and edition.

The one entry point the desk pipeline calls. Pure: it reads wire items and returns tags;
the gazetteer and keyword tables behind it are built once per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dateline.desk.core import geo, sectors
from dateline.desk.core.copy import WireCopy, read
from dateline.news.reference import edition_for_country
from dateline.wire.item import WireItem

FLAG_DATELINE_DIFFERS = geo.FLAG_DATELINE_DIFFERS
FLAG_NO_COUNTRY = geo.FLAG_NO_COUNTRY
FLAG_CLOSE_CALL = geo.FLAG_CLOSE_CALL
FLAG_NO_SECTOR = "no-sector"


@dataclass(frozen=True)
class Tags:
    primary_country: str | None  # ISO 3166 alpha-2: the country the story is ABOUT
    countries: tuple[str, ...]  # all countries with real evidence, primary first
    sector: str | None  # one of the sector slugs in dateline.news.reference
    edition: str | None  # edition slug following from primary_country (None when no country)
    dateline_country: str | None  # country of the dateline city, if any
    flags: tuple[str, ...]  # e.g. "dateline-differs-from-focus"


def _sector(copies: Sequence[WireCopy]) -> str | None:
    """Agency codes of any item first; otherwise the words of all items together."""
    codes = [code for copy in copies for code in copy.item.subjects]
    return sectors.classify_story([(c.headline, c.lead, c.rest) for c in copies], codes)


def tag_story(items: Sequence[WireItem]) -> Tags:
    """Tags for a story covered by one or more agencies' items, weighing all their evidence."""
    live = [item for item in items if not item.is_kill] or list(items)
    return tag_copies([read(item) for item in live])


def tag_copies(copies: Sequence[WireCopy]) -> Tags:
    """Tags for the items of one story as `core.copy` read them."""
    if not copies:
        return Tags(None, (), None, None, None, (FLAG_NO_COUNTRY, FLAG_NO_SECTOR))
    located = geo.locate_copies(copies)
    sector = _sector(copies)
    flags = list(located.flags)
    if sector is None:
        flags.append(FLAG_NO_SECTOR)
    primary = located.primary
    return Tags(
        primary_country=primary,
        countries=located.countries,
        sector=sector,
        edition=edition_for_country(primary) if primary else None,
        dateline_country=located.dateline_country,
        flags=tuple(flags),
    )


def tag_item(item: WireItem) -> Tags:
    """Tags for a single wire item."""
    return tag_story([item])


def tag_copy(copy: WireCopy) -> Tags:
    """Tags for a single wire item already read."""
    return tag_copies([copy])
