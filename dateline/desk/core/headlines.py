"""Agency headline in, house headline out.

Wire headlines carry routing marks for client desks ("UPDATE 2-", "RPT-", "(Reuters)") and
are often set in capitals or Title Case. The house style is sentence case, but a name stays
a name: a word that the story's own text capitalises mid-sentence is taken as a proper noun,
and known acronyms keep their capitals.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from dateline.desk.core.sentences import plain_text

AGENCIES = (
    "reuters|reuter|ap|afp|dpa|ansa|efe|pti|ians|ani|xinhua|bloomberg|aap|pa|upi|kyodo|yonhap"
    "|tass|ria|stt|ntb|tt|ritzau|anadolu|bernama|apa|belga|ctk|kyodo news|pa media"
    "|associated press|agence france-presse|press trust of india"
)
# Routing marks agencies put before a headline, in any case ("UPDATE 2-", "Exclusive:").
_ROUTING = (
    r"update(?:\s*\d+)?|wrapup(?:\s*\d+)?|corrected(?:-update(?:\s*\d+)?)?|refile|rpt"
    r"|exclusive|insight|analysis|factbox"
)
# Marks that are also ordinary words ("Focus-group", "Feature-length"): with a bare hyphen
# they count only in capitals, as agencies set them.
_ROUTING_WORDS = (
    "FOCUS|FEATURE|COLUMN|BUZZ|TIMELINE|PREVIEW|EXPLAINER|REPEAT|CORRECTION|ADVISORY"
    "|BREAKINGVIEWS|EMBARGOED"
)
_PREFIX = re.compile(
    rf"^\s*(?:(?i:{_ROUTING})\s*(?:-|:|\s[-–—]\s)|(?:{_ROUTING_WORDS})\s*-"
    rf"|(?i:{_ROUTING_WORDS.lower()}|urgent|flash|breaking|alert|bulletin)(?i:\s+news)?"
    rf"\s*(?::|\s[-–—]\s))\s*"
)
_SUFFIXES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\s*[(\[]\s*(?:{AGENCIES})\s*[)\]]\s*$",
        rf"\s+(?:-{{1,2}}|–|—|\||:)\s*(?:{AGENCIES})\s*$",
        r"\s*[(\[]\s*(?:corrected|refiled?|updated?|repeat|rpt|official|wrapup)\s*[)\]]\s*$",
        r"\s*[(\[]\s*(?:update|wrapup)\s*\d+\s*[)\]]\s*$",
    )
]
_TICKER = re.compile(r"\s*<[A-Z0-9.^=]{1,12}>")

# Words a Title Case headline leaves in lower case; they never make a headline "title case".
_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "onto",
        "or",
        "over",
        "per",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
        "nor",
        "off",
        "out",
        "so",
        "yet",
    ]
)

_ACRONYMS = {
    a.upper(): a
    for a in [
        "U.S.",
        "U.K.",
        "U.N.",
        "E.U.",
        "US",
        "UK",
        "UN",
        "EU",
        "UAE",
        "NATO",
        "IMF",
        "ECB",
        "OPEC",
        "OPEC+",
        "GDP",
        "CEO",
        "CFO",
        "AI",
        "FBI",
        "CIA",
        "NASA",
        "WTO",
        "OECD",
        "IPO",
        "ICC",
        "ICJ",
        "NGO",
        "UNESCO",
        "UNICEF",
        "UNHCR",
        "IAEA",
        "ASEAN",
        "BRICS",
        "G7",
        "G20",
        "COVID-19",
        "COVID",
        "HIV",
        "AIDS",
        "LGBTQ",
        "BJP",
        "ANC",
        "SEC",
        "FDA",
        "EPA",
        "NHS",
        "BBC",
        "CNN",
        "DNA",
        "MP",
        "MPs",
        "PM",
    ]
}
_WEEKDAYS_MONTHS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = "\"'“”‘’()[]{},:;!?…"


def strip_wire_marks(headline: str) -> str:
    """Remove routing prefixes, agency tags, ticker codes and duplicate spaces."""
    text = re.sub(r"\s+", " ", plain_text(headline)).strip()
    text = _TICKER.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text, count=1)
        for suffix in _SUFFIXES:
            text = suffix.sub("", text)
        text = text.strip(" -–—|")
    return re.sub(r"\s+", " ", text).strip()


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\n\"“‘'([":
        i -= 1
    return i < 0 or text[i] in ".!?:"


@dataclass(frozen=True)
class ProperNouns:
    """What the story's text teaches about capitals.

    words: lower-cased word → its capitalised form, for words used as names on their own.
    pairs: lower-cased adjacent words → their forms, for words capitalised only inside a
    longer name ("Supreme Court"), which are names only in that company.
    """

    words: dict[str, str] = field(default_factory=dict)
    pairs: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)


def proper_noun_forms(texts: Iterable[str]) -> ProperNouns:
    """Learn proper nouns from words capitalised mid-sentence in the story's text.

    A word counts when it is capitalised mid-sentence more often than it appears in lower
    case, and either stands alone somewhere or never appears in lower case at all. Text set
    in capitals teaches nothing and is skipped.
    """
    capital: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    for raw in texts:
        text = plain_text(raw)
        letters = [c for c in text if c.isalpha()]
        if not letters or sum(c.isupper() for c in letters) / len(letters) > 0.6:
            continue
        run: list[str] = []
        for m in re.finditer(r"[A-Za-z][\w.’'-]*|[^\sA-Za-z]+", text):
            token = m.group()
            word = _core_word(token) if token[0].isalpha() else ""
            if word and word[0].isupper() and not _sentence_initial(text, m.start()):
                key = word.lower()
                capital[key] += 1
                forms.setdefault(key, Counter())[word] += 1
                run.append(word)
            else:
                _close_run(run, alone, pairs)
                run = []
                if word and not word[0].isupper():
                    lower[word.lower()] += 1
            if token.endswith(".") and run:
                _close_run(run, alone, pairs)
                run = []
        _close_run(run, alone, pairs)
    words = {
        key: forms[key].most_common(1)[0][0]
        for key in capital
        if capital[key] > lower[key] and (alone[key] or not lower[key])
    }
    return ProperNouns(words=words, pairs=pairs)


def _close_run(
    run: list[str], alone: Counter[str], pairs: dict[tuple[str, str], tuple[str, str]]
) -> None:
    if len(run) == 1:
        alone[run[0].lower()] += 1
    for a, b in itertools.pairwise(run):
        pairs.setdefault((a.lower(), b.lower()), (a, b))


def _core_word(token: str) -> str:
    word = token.strip(_EDGE_PUNCT)
    word = re.sub(r"(?:['’]s|['’])$", "", word)
    if not re.fullmatch(r"(?:[A-Za-z]\.){2,}", word):
        word = word.rstrip(".")
    return word


@lru_cache(maxsize=1)
def _country_forms() -> dict[str, str]:
    """Single-word country names from the gazetteer, as a fallback when the body is silent."""
    try:
        import pycountry
    except ImportError:  # the gazetteer is a project dependency; tolerate its absence
        return {}
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, "")
            if value and " " not in value and "," not in value:
                names[value.lower()] = value
    for word in _WEEKDAYS_MONTHS:
        names[word.lower()] = word
    return names


def needs_house_case(headline: str) -> bool:
    """True for headlines set in capitals or in Title Case Every Word."""
    letters = [c for c in headline if c.isalpha()]
    if len(letters) < 4:
        return False
    if sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return True
    words = [_core_word(t) for t in _TOKEN.findall(headline)]
    words = [w for w in words if w and w[0].isalpha()]
    significant = [
        w for w in words[1:] if w.lower() not in _SMALL and not any(c.isupper() for c in w[1:])
    ]
    if len(significant) < 3:
        return False
    return all(w[0].isupper() for w in significant)


def _case_word(word: str, proper: dict[str, str]) -> str:
    """House form of one word without its punctuation."""
    if not any(c.isalpha() for c in word):
        return word
    key = word.lower()
    if key in proper:
        return proper[key]
    related = _related_proper(key, proper)
    if related:
        return related
    if word.upper() in _ACRONYMS:
        return _ACRONYMS[word.upper()]
    if any(c.isdigit() for c in word):
        return word
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}", word):
        return word.upper()
    countries = _country_forms()
    if key in countries:
        return countries[key]
    if "-" in word:
        return "-".join(_case_word(part, proper) for part in word.split("-"))
    inner = word[1:]
    if any(c.isupper() for c in inner) and any(c.islower() for c in word):
        return word  # deliberate internal capitals: iPhone, McDonald, eBay
    return key


def _related_proper(key: str, proper: dict[str, str]) -> str:
    """Capitalise a place the story names only by its adjective: Korea from "Korean"."""
    if len(key) < 4 or not key.isalpha():
        return ""
    for suffix in ("n", "an", "ian", "ese", "i"):
        form = proper.get(key + suffix) or proper.get(key[:-1] + suffix)
        if form and form[0].isupper() and not form.isupper():
            return key.capitalize()
    return ""


def _case_token(token: str, proper: dict[str, str], first: bool) -> str:
    lead = len(token) - len(token.lstrip(_EDGE_PUNCT))
    trail = len(token) - len(token.rstrip(_EDGE_PUNCT))
    head, middle = token[:lead], token[lead : len(token) - trail]
    tail = token[len(token) - trail :] if trail else ""
    possessive = ""
    m = re.search(r"(['’][sS]|[sS]['’])$", middle)
    if m and len(middle) > 2:
        if m.group(1)[0] in "'’":
            possessive, middle = m.group(1).lower(), middle[: m.start()]
        else:
            possessive, middle = m.group(1)[1], middle[: m.start() + 1]
    dot = ""
    if middle.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.){2,}", middle):
        middle, dot = middle[:-1], "."
    cased = _case_word(middle, proper)
    if first and cased:
        cased = cased[0].upper() + cased[1:]
    return head + cased + dot + possessive + tail


def house_case(headline: str, proper: ProperNouns | None = None) -> str:
    """Sentence case for a capitals or Title Case headline; others are left as written."""
    if not needs_house_case(headline):
        return headline
    known = proper or ProperNouns()
    tokens = _TOKEN.findall(headline)
    cores = [_core_word(t).lower() for t in tokens]
    overrides: dict[int, dict[str, str]] = {}
    for i in range(len(tokens) - 1):
        pair = known.pairs.get((cores[i], cores[i + 1]))
        if pair:
            overrides.setdefault(i, {})[cores[i]] = pair[0]
            overrides.setdefault(i + 1, {})[cores[i + 1]] = pair[1]
    return " ".join(
        _case_token(token, known.words | overrides.get(i, {}), first=(i == 0))
        for i, token in enumerate(tokens)
    )


def clean_headline(headline: str, context: Iterable[str] = ()) -> str:
    """The house headline: wire marks stripped, capitals tamed using the story's own text."""
    stripped = strip_wire_marks(headline)
    return house_case(stripped, proper_noun_forms(context))
