"""Wire datelines ("DAKAR, Senegal (Reuters) -", "LONDON, March 9 -") read into city and country.

The city is what the agency wrote, in title case; the country is the shared gazetteer's
(`dateline.places`): the country, state or province the dateline names after the city, else
the city's own, as the desk reads datelines too.
"""

from __future__ import annotations

import re

from dateline.places.gazetteer import dateline_country
from dateline.wire.item import Dateline

# Agency marker "(Reuters)", "(AP)", "(dpa)" then the dash AP writes as "_" and others as "-".
_AGENCY_MARK = re.compile(r"\s*\(([^()]{1,40})\)\s*[-_\u2013\u2014]*\s*$")
_TRAILING_DASH = re.compile(r"\s*[-_\u2013\u2014:]+\s*$")
_MONTHS_PATTERN = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
    "sep|sept|september|oct|october|nov|november|dec|december"
)
# AAP and AFP also write the agency bare and the date without a comma: "SYDNEY March 22 AAP -".
_BARE_AGENCY = re.compile(r"\s+(AAP|AFP|AP|dpa|EFE|ANSA|PA|Reuters|Xinhua)\s*[-_\u2013\u2014]*\s*$")
_INLINE_DATE = re.compile(rf"\s+({_MONTHS_PATTERN})\.?\s+\d{{1,2}}(,?\s+\d{{4}})?\b", re.I)
_DATE_PART = re.compile(
    rf"^({_MONTHS_PATTERN})\.?\s+\d{{1,2}}(st|nd|rd|th)?$|^\d{{4}}$|^\d{{1,2}}\s+({_MONTHS_PATTERN})\.?$",
    re.I,
)
_WEEKDAY = re.compile(r"^(mon|tues|wednes|thurs|fri|satur|sun)day$", re.I)
_TIMESTAMP = re.compile(
    r"^\d{1,2}/\d{1,2}/\d{2,4}$|^\d{4}-\d{2}-\d{2}|^\d{8}T\d{4}|^[A-Z]+ \d{1,2}, \d{4}$"
)

# A body that opens with its dateline: "DAMASCUS (Reuters) - ...", "BUENOS AIRES, Argentina (AP) _".
_WORD = r"[\w.'\u00c0-\u017f-]"
_BODY_DATELINE = re.compile(
    rf"^\s*([A-Z]{_WORD}*(?:[ ,]+{_WORD}+){{0,6}}?\s*\([^()]{{1,30}}\)\s*[-_\u2013\u2014]+)\s"
)


def _city_case(city: str) -> str:
    if city.isupper() or city.islower():
        return " ".join(w.capitalize() if not w.startswith("(") else w for w in city.split())
    return city


def parse_dateline(text: str, *, city: str = "", country: str = "") -> Dateline:
    """Read a dateline; explicit city/country from structured metadata win over the text."""
    raw = " ".join(text.split())
    if _TIMESTAMP.match(raw):
        raw = ""  # some agencies put the transmission time in the dateline element
    core = _TRAILING_DASH.sub("", _BARE_AGENCY.sub("", _AGENCY_MARK.sub("", raw)))
    core = _INLINE_DATE.sub(",", core) if "," not in core else core
    parts = [p.strip() for p in core.split(",") if p.strip()]
    if parts and (_DATE_PART.match(parts[0]) or _WEEKDAY.match(parts[0])):
        parts = [""] + parts  # "Jan 30 (Gracenote) -": a date with no city
    if parts and not city:
        city = _city_case(parts[0])
    if not country and city:
        country = dateline_country(city, ", ".join(parts)) or ""
    return Dateline(text=raw, city=city, country=country)


def dateline_in_body(text: str) -> str:
    """The dateline a story body opens with ("DAMASCUS (Reuters) -"), or ""."""
    match = _BODY_DATELINE.match(text)
    return match.group(1).strip() if match else ""
