"""The desk's version of an article, as plain data: what a draft and its tags put on a page.

Kept as JSON in `Story.pending_update` when an editor owns the article, so the same value
can be shown as a diff and applied later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from html import escape
from typing import Any

from dateline.desk.core.compose import Draft
from dateline.desk.core.tagging import Tags
from dateline.news.reference import edition_for_country


@dataclass(frozen=True)
class Content:
    headline: str
    standfirst: str
    body_paragraphs: tuple[str, ...]
    takeaways: tuple[str, ...]
    dateline_city: str
    source_agencies: tuple[str, ...]
    attribution: str
    primary_country: str = ""
    countries: tuple[str, ...] = ()
    sector: str = ""
    created_at: str = ""  # ISO time of the story's first item
    correction: str = ""  # a correction note to add with this content
    embargo: str = ""  # ISO time before which nothing of this content may reach readers
    sources: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def build(
        cls,
        draft: Draft,
        tags: StoryTags,
        created_at: datetime | None,
        embargo: datetime | None = None,
    ) -> Content:
        """A headline-only flash still makes a whole article: its headline stands in."""
        standfirst = draft.standfirst or draft.headline
        return cls(
            headline=draft.headline,
            standfirst=standfirst,
            body_paragraphs=tuple(draft.body_paragraphs) or (standfirst,),
            takeaways=tuple(draft.takeaways),
            dateline_city=draft.dateline_city,
            source_agencies=tuple(draft.byline_agencies),
            attribution=draft.attribution,
            primary_country=tags.primary_country,
            countries=tags.countries,
            sector=tags.sector,
            created_at=created_at.isoformat() if created_at else "",
            embargo=embargo.isoformat() if embargo else "",
            sources=tuple(f"{s.agency} {s.guid} v{s.version}" for s in draft.sources),
        )

    @property
    def embargo_time(self) -> datetime | None:
        return datetime.fromisoformat(self.embargo) if self.embargo else None

    @property
    def body_html(self) -> str:
        return "".join(f"<p>{escape(p, quote=False)}</p>" for p in self.body_paragraphs)

    @property
    def text(self) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
        """What readers read; a change here is a meaningful update."""
        return (self.headline, self.standfirst, self.body_paragraphs, self.takeaways)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for name, value in data.items():
            if isinstance(value, tuple):
                data[name] = list(value)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Content:
        known = {f.name for f in fields(cls)}
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known}
        return cls(**values)


@dataclass(frozen=True)
class StoryTags:
    """A story's tags, the one shape the desk keeps them in: codes and slugs, empty strings
    for unknown. The edition is not kept: it follows from the primary country."""

    primary_country: str = ""
    countries: tuple[str, ...] = ()
    sector: str = ""
    dateline_country: str = ""
    flags: tuple[str, ...] = ()

    @property
    def edition(self) -> str:
        return edition_for_country(self.primary_country or None)

    @classmethod
    def of(cls, tags: Tags) -> StoryTags:
        return cls(
            primary_country=tags.primary_country or "",
            countries=tuple(tags.countries),
            sector=tags.sector or "",
            dateline_country=tags.dateline_country or "",
            flags=tuple(tags.flags),
        )


def with_primary_first(primary: str, countries: Sequence[str]) -> tuple[str, ...]:
    rest = [c for c in countries if c and c != primary]
    return (primary, *rest) if primary else tuple(rest)
