"""What the desk screens show editors: names and plain words for the codes the desk stores.

Stories keep ISO codes, slugs and flag codes so the desk can compute with them; editors read
"Dateline differs from focus", "Malawi", "Southern Africa" and times in the newsroom's zone.
"""

from __future__ import annotations

from datetime import datetime

from django import template

from dateline.desk.embargo import FLAG_EMBARGOED
from dateline.desk.stories import (
    FLAG_EMPTIED,
    FLAG_MERGED,
    FLAG_SOURCE_KILLED,
    FLAG_UPDATE_PENDING,
)
from dateline.news.reference import EDITIONS, SECTORS, country_name
from dateline.news.timefmt import newsroom_time

register = template.Library()

FLAG_LABELS = {
    "dateline-differs-from-focus": "Dateline differs from focus",
    "no-country": "No country found",
    "country-close-call": "Close call on the country",
    "no-sector": "No sector found",
    FLAG_UPDATE_PENDING: "Update waiting for an editor",
    FLAG_EMPTIED: "Killed by the agency",
    FLAG_SOURCE_KILLED: "An agency item was killed",
    FLAG_MERGED: "Merged",
    FLAG_EMBARGOED: "Under embargo",
}
FLAG_HELP = {
    "dateline-differs-from-focus": "The story is datelined in one country but is about another.",
    "country-close-call": "Two countries scored almost alike: check the primary country.",
    FLAG_UPDATE_PENDING: "New wire copy is offered below; the article is unchanged until taken.",
}
_SECTOR_NAMES = {term.slug: term.name for term in SECTORS}
_EDITION_NAMES = {term.slug: term.name for term in EDITIONS}


@register.filter
def flag_label(code: str) -> str:
    """The flag in plain words; an unknown code reads as a sentence rather than a slug."""
    return FLAG_LABELS.get(code) or code.replace("-", " ").capitalize()


@register.filter
def flag_help(code: str) -> str:
    return FLAG_HELP.get(code, "")


@register.filter
def country(code: str) -> str:
    """ "Malawi" for MW; the code itself only if ISO does not know it."""
    if not code:
        return ""
    try:
        return country_name(code)
    except KeyError:
        return code


@register.filter
def countries(codes: list[str]) -> str:
    return ", ".join(country(code) for code in codes or ())


@register.filter
def sector_name(slug: str) -> str:
    return _SECTOR_NAMES.get(slug, slug)


@register.filter
def edition_name(slug: str) -> str:
    return _EDITION_NAMES.get(slug, slug)


@register.filter
def desk_time(value: datetime | None) -> str:
    """A time as the whole site shows it: the newsroom's zone, labelled (`28-04-2025 11:49
    IST`), never an unlabelled UTC."""
    return newsroom_time(value)
