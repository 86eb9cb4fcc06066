"""The terms of an item's lead: what two tellings of one event have in common.

Two agencies covering one event share little wording but the same facts: where (the country,
however it is written: "Germany", "German", "Berlin"), how much ("48-hour", "eleven soldiers",
"4.5%"), and the few words that name what happened ("train drivers", "cholera", "Nsanje").
So an item is reduced to the terms of its lead (headline and the first words of the body,
after the dateline, which says where the reporter sat rather than what happened; only its
country counts): light-stemmed content words, figures in one notation, countries, and the
cities or states named. Each term carries its class in its low bits, and headline terms are
also kept as headline copies (and headline names as name copies), so a stored fingerprint
alone says which terms are places, figures, names and headline words.

Terms are weighed by their class (a common word or a small number counts little) and by their
rarity among the items identity holds, so words every story uses ("rate", "shares") weigh less
as the index learns them. `core.grouping` scores an item against a story with these weights.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from dateline.places.gazetteer import CITY, STATE, Mention, find_mentions

# Term classes, kept in the low two bits of each term hash; the third bit marks the copy of
# a headline term, which only meets the other item's headline.
WORD, NUMBER, PLACE, WEAK = 0, 1, 2, 3
CLASS_BITS = 3
HEADLINE = 4
_HEADLINE_AND_CLASS = HEADLINE | CLASS_BITS  # below WEAK: a body word, figure or place
CLASS_WEIGHT = (1.0, 1.0, 1.0, 0.3)

# An index this big that has never seen a term treats it as fully rare; as items come in,
# frequent terms fall below that.
RARITY_PRIOR_ITEMS = 1000
# A word or figure is distinctive evidence while fewer than about 3% of items hold it.
DISTINCTIVE_RARITY = 0.5
_PRIOR_LOG = math.log(RARITY_PRIOR_ITEMS)

# Words (with inner apostrophes), numbers ("6,000", "4.5%") and codes mixing both ("H3").
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*(?:[.,]\d+)*%?")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")
_COUNTING = """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty
"""
_TENS = {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70"}
_TENS |= {"eighty": "80", "ninety": "90", "hundred": "100", "dozen": "12"}
_NUMBER_WORDS = {word: str(value) for value, word in enumerate(_COUNTING.split())} | _TENS
# One spelling for the scale words agencies abbreviate.
_SCALE = {
    "mln": "million", "mn": "million", "bln": "billion", "bn": "billion",
    "trln": "trillion", "pct": "percent", "cent": "percent",
}  # fmt: skip
_SCALE_WORDS = frozenset({"million", "billion", "trillion", "percent"})
_MONTH_TEXT = """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
"""
_MONTHS = frozenset(_MONTH_TEXT.split())

_STOP_TEXT = """
    a about above after again against all also although among an and another any are as at
    be because been before being below between both but by can could did do does doing down
    during each either few for from further had has have having he her here hers him his how
    i if in into is it its itself just me more most my no nor not now of off on once only or
    other our out over own same she should so some such than that the their them then there
    these they this those through to too under until up upon very via was we were what when
    where which while who whom whose why will with within without would you your yet
    said say says saying told tell according added adding
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    mr mrs ms dr st
    reuters reuter ap afp dpa ansa efe upi pa aap xinhua agency agencies update updates
"""
_STOP = frozenset(_STOP_TEXT.split())
# Words most wire stories use, whatever the event; stemmed as terms are.
_COMMON_TEXT = """
    news year week month day night morning evening hour time
    people person official government minister ministry president prime leader state
    national country city town region province district area local public international
    world global first last next new old more less many much several some most other
    percent million billion trillion thousand hundred number total figure
    per around nearly almost about least more than over under up down
    rise rose fall fell drop increase decrease higher lower high low big large small
    major main key top early late still even back well part due since ago
    make made take took give gave go went come came get got put set see saw show
    expect plan call want need help keep begin start end continue
    report statement spokesman spokeswoman spokesperson source media told
    police army force security group company firm bank market share price deal
    member leader chief head director office department agency authority service
    including include also across amid among near along toward towards while
"""

_COUNTRY_TOKEN = "@"
_LOCALITY_TOKEN = "@@"
# The top bit of a place term says it names a place inside a country (a city or a state)
# rather than the country itself; on a word, it marks the copy of a name the headline holds
# (a person, a company, a volcano), which says which event of its kind a story is.
LOCALITY = NAME = 1 << 31
_SENTENCE_END = frozenset(".!?:\"“”‘’'—–-")


def term_class(term: int) -> int:
    """WORD, NUMBER, PLACE or WEAK, as stored in a term's low bits."""
    return term & CLASS_BITS


def _place_terms(mention: Mention) -> tuple[int, ...]:
    """The country a place word points at and, for a city or a state, the place itself."""
    country = _term(_COUNTRY_TOKEN + mention.code, PLACE) & ~LOCALITY
    if mention.kind not in (CITY, STATE):
        return (country,)
    return country, _term(_LOCALITY_TOKEN + _fold(mention.form), PLACE) | LOCALITY


def _term(text: str, cls: int) -> int:
    return ((zlib.crc32(text.encode("utf-8")) & 0x0FFFFFFF) << 3) | cls


def stem(word: str) -> str:
    """A light stem: plurals, -ing and -ed off, so "strikes", "striking" and "strike" meet.

    Crude on purpose (it only has to map an agency's word and another's to one key, never to
    a real word) and fast, as every lead word goes through it.
    """
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "zes", "ches", "shes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


_COMMON = frozenset(stem(word) for word in _COMMON_TEXT.split())


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _number(token: str) -> tuple[str, int]:
    """A number in one notation ("6,000" → "6000") and whether it is weak evidence: small
    counts and years turn up in every kind of story."""
    value = token.replace(",", "")
    if "." in value:
        return value.rstrip("0").rstrip(".") if value.count(".") == 1 else value, NUMBER
    number = int(value) if len(value) < 12 else 10**12
    weak = number <= 10 or 1900 <= number <= 2100
    return str(number), WEAK if weak else NUMBER


@lru_cache(maxsize=1 << 16)
def _word(token: str) -> tuple[str, int | None]:
    """A word token in one spelling, and its term (None when it is no content word: a stop word,
    a number word, a scale word or a code). Cached: news repeats its vocabulary."""
    word = _fold(token)
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    word = word.replace("'", "").replace("’", "")  # "O'Brien" as "obrien"
    word = _SCALE.get(word, word)
    if (
        len(word) <= 2
        or word in _STOP
        or word in _NUMBER_WORDS
        or word in _SCALE_WORDS
        or not word.isalpha()
    ):
        return word, None
    word_stem = stem(word)
    return word, _term(word_stem, WEAK if word_stem in _COMMON else WORD)


def _without_places(text: str, mentions: list[Mention] | None = None) -> tuple[set[int], str]:
    """The place terms of a text, and the text with its place words blanked out."""
    terms: set[int] = set()
    mentions = find_mentions(text) if mentions is None else mentions
    if mentions:
        chars = list(text)
        for mention in mentions:
            terms.update(_place_terms(mention))
            chars[mention.start : mention.end] = " " * (mention.end - mention.start)
        text = "".join(chars)
    return terms, text


def _segment_terms(text: str) -> set[int]:
    """The terms of one piece of text (a headline or a lead) with its places blanked out."""
    terms: set[int] = set()
    pending = ""  # a figure waiting to see whether a scale word ("million") or month follows
    after_month = False
    for token in _TOKEN.findall(text):
        if token[0].isdigit() and token.rstrip("%").replace(",", "").replace(".", "").isdigit():
            if pending:
                terms.add(_term("#" + pending, _number(pending)[1]))
                pending = ""
            value, cls = _number(token.rstrip("%"))
            if token[-1] == "%":
                terms.add(_term("#" + value + " percent", NUMBER))
            elif after_month:
                terms.add(_term("#" + value, WEAK))  # a date: "May 12"
            else:
                pending = value
            after_month = False
            continue
        word, term = _word(token)
        if pending:
            if word in _SCALE_WORDS:
                terms.add(_term("#" + pending + " " + word, NUMBER))
                pending = ""
                continue
            # A figure before a month is a date: "12 May".
            terms.add(_term("#" + pending, WEAK if word in _MONTHS else _number(pending)[1]))
            pending = ""
        after_month = word in _MONTHS
        if term is not None:
            terms.add(term)
        elif word in _NUMBER_WORDS:
            pending = _NUMBER_WORDS[word]
        elif not word.isalpha():
            ordinal = _ORDINAL.fullmatch(word)
            if ordinal:
                terms.add(_term("#" + ordinal.group(1), WEAK))
            else:
                terms.add(_term(word, NUMBER))  # a code: "H3", "G7", "COP28"
    if pending:
        terms.add(_term("#" + pending, _number(pending)[1]))
    return terms


def lead_terms(
    headline: str,
    lead: str,
    dateline_country: str | None = None,
    places: tuple[list[Mention], list[Mention]] | None = None,
) -> frozenset[int]:
    """The hashed terms of an item's headline and lead, each tagged with its class; of the
    dateline only its country counts.

    `headline` comes without wire prefixes ("UPDATE 2-") and `lead` without the dateline;
    both are plain text (`places`, their place words when already found, are positions in
    that text) or HTML-escaped text.
    """
    terms: set[int] = set()
    if dateline_country:
        terms.add(_term(_COUNTRY_TOKEN + dateline_country.upper(), PLACE) & ~LOCALITY)
    if places is None or "&" in headline or "&" in lead:
        places = (find_mentions(html.unescape(headline)), find_mentions(html.unescape(lead)))
    title_places, headline = _without_places(html.unescape(headline), places[0])
    lead_places, lead = _without_places(html.unescape(lead), places[1])
    title = title_places | _segment_terms(headline)
    terms |= title
    terms.update(term | HEADLINE for term in title)
    terms |= lead_places | _segment_terms(lead)
    terms.update(term | NAME for term in _headline_names(headline, lead))
    return frozenset(terms)


def _names(text: str, sentences: bool) -> set[int]:
    """Terms of the words written as names: capitalised where the text does not start and,
    when `sentences`, where no sentence starts."""
    found = set()
    for match in _TOKEN.finditer(text):
        token = match.group()
        before = text[: match.start()].rstrip()
        if not token[0].isupper() or not before or (sentences and before[-1] in _SENTENCE_END):
            continue
        term = _word(token)[1]
        if term is not None and term & CLASS_BITS == WORD:
            found.add(term)
    return found


def _headline_names(headline: str, lead: str) -> set[int]:
    """The headline's words that are names: those the lead writes as names, and, in a
    headline written in sentence case, its capitalised words after the first."""
    in_lead = _names(lead, sentences=True)
    words = [t for t in _TOKEN.findall(headline) if t[0].isalpha()]
    capitalised = sum(1 for t in words if t[0].isupper())
    if words and capitalised <= len(words) / 2:
        return _names(headline, sentences=False)
    return {term for t in words if (term := _word(t)[1]) is not None and term in in_lead}


def headline_names(terms: Iterable[int]) -> set[int]:
    """The names a fingerprint's headline holds, as plain word terms."""
    return {t & ~NAME for t in terms if t & NAME and t & CLASS_BITS == WORD}


# Shared words an editor is shown for a join.
EVIDENCE_SHOWN = 8


def term_words(headline: str, lead: str, terms: Iterable[int]) -> tuple[str, ...]:
    """The item's own words for some of its lead terms, in their order, at most
    `EVIDENCE_SHOWN`: what an editor reads of why two items met."""
    names = term_names(headline, lead)
    words = dict.fromkeys(names[term] for term in terms if term in names)
    return tuple(words)[:EVIDENCE_SHOWN]


def term_names(headline: str, lead: str) -> dict[int, str]:
    """The item's own words for its lead terms (headline copies aside), so an editor can read
    what two items share."""
    names: dict[int, str] = {}
    for text in (html.unescape(headline), html.unescape(lead)):
        for mention in find_mentions(text):
            for term in _place_terms(mention):
                names.setdefault(term, mention.form)
        tokens = _TOKEN.findall(text)
        for n, token in enumerate(tokens):
            if not token.rstrip("%").replace(",", "").replace(".", "").isdigit():
                term = _word(token)[1]
                if term is not None:
                    names.setdefault(term, token)
                continue
            value = _number(token.rstrip("%"))[0]
            names.setdefault(_term("#" + value + " percent", NUMBER), token)
            for cls in (NUMBER, WEAK):
                names.setdefault(_term("#" + value, cls), token)
            scale = (
                _SCALE.get(tokens[n + 1].lower(), tokens[n + 1].lower())
                if n + 1 < len(tokens)
                else ""
            )
            if scale in _SCALE_WORDS:
                names.setdefault(_term("#" + value + " " + scale, NUMBER), f"{token} {scale}")
    return names


@dataclass
class TermRarity:
    """How many items hold each term, counted as identity adds and removes them."""

    items: int = 0
    counts: dict[int, int] = field(default_factory=dict)

    def add(self, terms: Iterable[int]) -> None:
        counts = self.counts
        self.items += 1
        for term in terms:
            counts[term] = counts.get(term, 0) + 1

    def remove(self, terms: Iterable[int]) -> None:
        counts = self.counts
        self.items -= 1
        for term in terms:
            left = counts[term] - 1
            if left:
                counts[term] = left
            else:
                del counts[term]

    def rarity(self, term: int) -> float:
        """1.0 for a term no item holds while the index is young; falls as the term spreads."""
        held = self.counts.get(term, 0)
        return math.log((self.items + RARITY_PRIOR_ITEMS) / (held + 1)) / _PRIOR_LOG

    def weights(self) -> Weights:
        """Term weights as the index stands now, computed as they are first asked for."""
        return Weights(self)


class Weights(dict[int, float]):
    """Term → class weight times rarity, for the comparisons of one decision."""

    def __init__(self, rarity: TermRarity) -> None:
        super().__init__()
        self._counts = rarity.counts
        self._top = math.log(rarity.items + RARITY_PRIOR_ITEMS)

    def __missing__(self, term: int) -> float:
        held = self._counts.get(term, 0)
        weight = CLASS_WEIGHT[term & CLASS_BITS] * (self._top - math.log(held + 1)) / _PRIOR_LOG
        self[term] = weight
        return weight

    def norm(self, terms: frozenset[int]) -> float:
        return math.sqrt(sum(self[term] ** 2 for term in terms))


def evidence_terms(terms: frozenset[int]) -> tuple[int, ...]:
    """The terms that can be evidence (not common words, not headline copies): the ones
    identity files candidates under."""
    return tuple(t for t in terms if t & _HEADLINE_AND_CLASS < WEAK and not is_name_copy(t))


def is_name_copy(term: int) -> bool:
    """Whether a term is the copy of a headline name, kept apart from the terms it copies."""
    return bool(term & NAME) and term & CLASS_BITS == WORD
