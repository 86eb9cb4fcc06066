"""Plain-text handling of agency copy: paragraphs, boilerplate, datelines, sentences, overlap.

Agency bodies arrive hard-wrapped, indented, HTML-escaped and padded with desk notes that a
reader must never see. Everything here copies the text itself unchanged (only whitespace is
normalised), so quotes and figures survive verbatim.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august"
    "|sep|sept|september|oct|october|nov|november|dec|december"
)

# Abbreviations that never end a sentence (they precede a name or a number).
_TITLES = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "cmdr",
    "adm",
    "maj",
    "gov",
    "sen",
    "rep",
    "rev",
    "hon",
    "pres",
    "st",
    "mt",
    "ft",
    "no",
    "nos",
    "vs",
    "v",
    "fig",
    "approx",
    "cf",
    "rs",
    "sr",
    "jr",
}
# Abbreviations that may end a sentence: split after them only when a typical sentence
# opener follows.
_MAYBE_FINAL = {
    "inc",
    "co",
    "corp",
    "ltd",
    "plc",
    "bros",
    "etc",
    "a.m",
    "p.m",
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "d.c",
    "al",
    "est",
    "dept",
    "govt",
    "pct",
}
_MONTH_ABBR = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_OPENERS = {
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "in",
    "on",
    "at",
    "but",
    "and",
    "as",
    "after",
    "before",
    "while",
    "when",
    "if",
    "however",
    "meanwhile",
    "also",
    "some",
    "many",
    "most",
    "officials",
    "police",
    "shares",
    "analysts",
}

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "said",
        "says",
        "say",
        "told",
        "according",
        "on",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)

_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|compiling|"
        r"production|graphics?|research)\s+by\b.*\)\s*$",
        r"^\(\(.*\)\)\s*$",
        r"^keywords?\s*:",
        r"^(?:\(c\)\s*)?copyright\b",
        r"^©",
        r"^click\s+(?:here|on)\b",
        r"^reuters?\s*$",
        r"^our\s+standards\s*:",
        r"^(?:sign\s+up|subscribe)\b.*\bnewsletter",
        r"^(?:related\s+coverage|read\s+more|for\s+more\s+news)\b",
        r"^.{0,80}\bcontributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story)\.?\s*$",
        r"^[-_=*#\s]{3,}$",
        r"^\s*(?:--|—)?\s*(?:end|more|ends)\s*(?:--|—)?\s*$",
        r"^(?:source\s+text|further\s+company\s+coverage)\b",
    )
]
_INLINE_DESK_NOTE = re.compile(
    r"\s*\(\s*(?:additional\s+)?(?:reporting|writing|editing)\s+by\b[^()]*\)\s*$", re.IGNORECASE
)
_SIGN_OFF = re.compile(r"(?:^|(?<=[.!?\"”’)]))\s*\breuters?\s*$", re.IGNORECASE)

_DATE = (
    rf"(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:\s*,\s*\d{{4}})?"
    rf"|\d{{1,2}}\s+(?:{MONTHS})\.?(?:\s+\d{{4}})?)"
)
_DATELINE = re.compile(
    rf"""^\s*
    (?P<city>[A-Z][A-Za-z.'’\- ]{{0,40}}?)?
    (?:\s*,\s*(?P<region>[A-Z][A-Za-z.'’\- ]{{0,30}}?))?
    (?:\s*,?\s*(?P<date>{_DATE}))?
    \s*(?P<agency>\([A-Za-z][A-Za-z .&/+-]{{0,40}}\))?
    \s*(?:-{{1,2}}|–|—|_)\s+""",
    re.VERBOSE | re.IGNORECASE,
)

_SPLIT_CANDIDATE = re.compile(r"(?:\.{3}|…|[.!?])[\"'”’)\]]*(?=\s+)")
_WORD = re.compile(r"[\w][\w'’.-]*")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def plain_text(raw: str) -> str:
    """Unescape entities and drop control characters that some transports leave behind."""
    text = html.unescape(raw).replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())


def paragraphs(raw: str) -> list[str]:
    """Split agency text into paragraphs, joining hard-wrapped lines.

    A blank line always separates paragraphs. Inside a block, indented lines start a paragraph
    when the agency uses indentation; otherwise a line ending a sentence ends a paragraph.
    """
    out: list[str] = []
    for block in re.split(r"\n[ \t]*\n", plain_text(raw)):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        indented = any(re.match(r"^(?: {2,}|\t)", ln) for ln in lines[1:])
        current: list[str] = []
        for line in lines:
            starts_new = bool(current) and (
                bool(re.match(r"^(?: {2,}|\t)", line))
                if indented
                else bool(re.search(r"[.!?:\"”')]\s*$", current[-1]))
            )
            if starts_new:
                out.append(" ".join(current))
                current = []
            current.append(line.strip())
        out.append(" ".join(current))
    return [re.sub(r"\s+", " ", p).strip() for p in out if p.strip()]


def is_boilerplate(paragraph: str) -> bool:
    """Desk notes, contacts and legal lines an agency appends for its clients, not readers."""
    text = paragraph.strip()
    return any(p.search(text) for p in _BOILERPLATE)


def strip_desk_note(paragraph: str) -> str:
    """Remove a "(Reporting by ...)" credit or a bare "Reuter" sign-off ending a paragraph."""
    return _SIGN_OFF.sub("", _INLINE_DESK_NOTE.sub("", paragraph)).strip()


def split_dateline(text: str) -> tuple[str, str]:
    """Split a leading "LONDON, March 9 (Reuters) -" dateline off a paragraph.

    Returns (city, rest); city is "" when there is no dateline. A mere "Officials said -" is
    not a dateline: an all-caps city, a date or an agency tag in brackets is required.
    """
    _, city, rest = opening_dateline(text)
    return city, rest


def opening_dateline(text: str) -> tuple[str, str, str]:
    """(the dateline as written, its city, the text after it) for a text that opens with a
    dateline, else ("", "", text): the one reading of a body's dateline the desk uses."""
    m = _DATELINE.match(text)
    if not m:
        return "", "", text
    city = (m.group("city") or "").strip()
    has_marker = bool(m.group("date") or m.group("agency"))
    city_caps = bool(city) and city == city.upper() and any(c.isalpha() for c in city)
    if not (has_marker or city_caps):
        return "", "", text
    if city and not has_marker and len(city.split()) > 4:
        return "", "", text
    rest = text[m.end() :].strip()
    if not rest:
        return "", "", text
    return m.group().strip(), _city_name(city), rest


def _city_name(city: str) -> str:
    if city and city == city.upper():
        return " ".join(w.capitalize() if w.isalpha() else w for w in city.lower().split())
    return city


def _word_before(text: str, end: int) -> str:
    m = re.search(r"([\w.]+)$", text[:end])
    return m.group(1) if m else ""


def _is_sentence_end(text: str, start: int, end: int) -> bool:
    """Decide whether the punctuation at text[start:end] ends a sentence."""
    rest = text[end:].lstrip()
    if not rest:
        return True
    nxt = rest[0]
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'([—–-"):
        return False
    if text[start] != ".":
        return True
    word = _word_before(text, start + 1).rstrip(".")
    low = word.lower()
    next_word = re.match(r"[\"“‘'(\[]*([\w'’]+)", rest)
    following = next_word.group(1).lower() if next_word else ""
    if low in ("no", "nos"):
        return not following[:1].isdigit()
    if low in _TITLES:
        return False
    if low in _MONTH_ABBR:
        return not following[:1].isdigit() and following in _OPENERS
    if len(word) == 1 and word.isalpha() and word.isupper():
        return following in _OPENERS  # an initial: "J. Smith"
    if low in _MAYBE_FINAL or re.fullmatch(r"(?:[a-z]\.)+[a-z]", low):
        return following in _OPENERS
    return True


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences, keeping every character of each sentence."""
    text = text.strip()
    sentences: list[str] = []
    begin = 0
    for m in _SPLIT_CANDIDATE.finditer(text):
        if m.end() <= begin:
            continue
        if _is_sentence_end(text, m.start(), m.end()):
            piece = text[begin : m.end()].strip()
            if piece:
                sentences.append(piece)
            begin = m.end()
    tail = text[begin:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def numbers(text: str) -> set[str]:
    """The figures in a text, commas removed, so "1,000" and "1000" match."""
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
    "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18",
    "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
    "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100",
}  # fmt: skip
_SCALES = {
    "thousand": "thousand", "million": "million", "mln": "million", "billion": "billion",
    "bln": "billion", "trillion": "trillion",
}  # fmt: skip
# A figure with its magnitude and the word it counts: "14 people", "$1.3 billion", "Fourteen
# people". Not part of a time ("4:20"), a fraction ("1-1/2") or a longer token.
_QUANTITY = re.compile(
    r"(?<![\w:/.,-])([$£€]?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + "|".join(_NUMBER_WORDS)
    + r")(?![\w:/-])(?:\s+("
    + "|".join(_SCALES)
    + r"))?(?:\s+([A-Za-z][a-z-]+))?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def quantities(text: str) -> set[tuple[str, str]]:
    """The quantities a text states, as (figure, what it counts): "14 people died" and "the
    bus killed fourteen people" both give ("14", "people"). An amount with its magnitude or
    currency names itself: "$1.3 billion for the wall" gives ("$1.3 billion", ""). Years and
    figures counting nothing named ("rose to 14") are left out: the same figure for the same
    quantity is the same fact, a bare figure may not be."""
    found: set[tuple[str, str]] = set()
    for currency, figure, scale, word in _QUANTITY.findall(text):
        figure = _NUMBER_WORDS.get(figure.lower(), figure.replace(",", ""))
        noun = word.lower() if word and word[0].islower() and word.lower() not in STOPWORDS else ""
        if not scale and not currency and (not noun or _YEAR.fullmatch(figure)):
            continue
        if figure == "1" and not scale and not currency:
            continue  # "one of the", "one person": too common to name a fact
        if scale or currency:
            found.add((f"{currency}{figure}" + (f" {_SCALES[scale.lower()]}" if scale else ""), ""))
        else:
            found.add((figure, noun))
    return found


def content_tokens(text: str) -> set[str]:
    """Lower-cased, lightly stemmed content words and figures: what a sentence is about."""
    tokens: set[str] = set()
    for raw in _WORD.findall(text):
        word = raw.lower().strip("'’.-")
        word = re.sub(r"['’]s$", "", word)
        if not word or word in STOPWORDS:
            continue
        if word[0].isdigit():
            tokens.add(word.replace(",", ""))
        else:
            tokens.add(_stem(word))
    return tokens


def containment(candidate: set[str], existing: set[str]) -> float:
    """Share of the candidate's tokens already present in existing (1.0 = fully covered)."""
    if not candidate:
        return 1.0
    return len(candidate & existing) / len(candidate)


def max_containment(candidate: set[str], pool: Iterable[set[str]]) -> float:
    """The highest containment of the candidate in any one member of the pool."""
    return max((containment(candidate, other) for other in pool), default=0.0)
