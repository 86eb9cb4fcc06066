"""The newsroom's fixed reference data: sectors, editions and the country → edition table.

Plain Python with no Django import, so the desk core can use it outside the web process.
The database taxonomies are seeded from here and stay editable in the admin.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Term:
    slug: str
    name: str


SECTORS: tuple[Term, ...] = (
    Term("agro-forestry", "Agro-Forestry"),
    Term("art-culture", "Art & Culture"),
    Term("technology", "Technology"),
    Term("economy-business", "Economy & Business"),
    Term("education", "Education"),
    Term("energy-extractives", "Energy & Extractives"),
    Term("politics", "Politics"),
    Term("law-governance", "Law & Governance"),
    Term("health", "Health"),
    Term("science-environment", "Science & Environment"),
    Term("social-gender", "Social & Gender"),
    Term("sports", "Sports"),
    Term("transport", "Transport"),
    Term("urban-development", "Urban Development"),
    Term("wash", "WASH"),
)

GLOBAL_EDITION = "global"

EDITIONS: tuple[Term, ...] = (
    Term(GLOBAL_EDITION, "Global"),
    Term("pacific", "Pacific"),
    Term("south-asia", "South Asia"),
    Term("east-south-east-asia", "East and South East Asia"),
    Term("europe-central-asia", "Europe and Central Asia"),
    Term("central-africa", "Central Africa"),
    Term("east-africa", "East Africa"),
    Term("southern-africa", "Southern Africa"),
    Term("west-africa", "West Africa"),
    Term("middle-east-north-africa", "Middle East and North Africa"),
    Term("north-america", "North America"),
    Term("latin-america-caribbean", "Latin America and Caribbean"),
)

SECTOR_SLUGS = frozenset(t.slug for t in SECTORS)
EDITION_SLUGS = frozenset(t.slug for t in EDITIONS)

_TABLE = Path(__file__).with_name("data") / "country_editions.csv"


@cache
def country_editions() -> dict[str, str]:
    """ISO 3166 alpha-2 code → edition slug, one edition per country (UN M49 based)."""
    with _TABLE.open(newline="", encoding="utf-8") as f:
        return {row["country"]: row["edition"] for row in csv.DictReader(f)}


def edition_for_country(alpha2: str | None) -> str:
    """The regional edition a story about this country belongs to; Global when unknown."""
    if not alpha2:
        return GLOBAL_EDITION
    return country_editions().get(alpha2.upper(), GLOBAL_EDITION)


# Names readers know, where ISO's official short name reads oddly in a tag.
_SHORT_NAMES = {
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "MF": "Saint Martin",
    "PS": "Palestine",
    "RU": "Russia",
    "SX": "Sint Maarten",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "US Virgin Islands",
    "CC": "Cocos Islands",
}


def country_name(alpha2: str) -> str:
    """The name a reader expects on a country tag ("Russia", not "Russian Federation")."""
    import pycountry

    code = alpha2.upper()
    if code in _SHORT_NAMES:
        return _SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise KeyError(alpha2)
    return getattr(country, "common_name", None) or country.name
