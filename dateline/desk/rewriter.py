"""Optional polish of an extractive draft by a language model on an OpenAI-compatible endpoint.

Off unless configured. A model may smooth the prose but must not add facts: its output is
used only when every name, figure and quotation in it can be found in the agency copy.
Anything else — a refused check, an error, a timeout, an unreadable reply — leaves the
extractive draft in place, with the reason, so the desk never waits on or trusts the model.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from dateline.desk.core.compose import Draft
from dateline.desk.core.sentences import STOPWORDS, plain_text
from dateline.wire.item import WireItem

MAX_REPLY_BYTES = 1_000_000

_SYSTEM_PROMPT = (
    "You are a copy editor on a news desk. Polish the draft article you are given: clear,"
    " neutral news English; a sentence-case headline of at most 14 words; a one-sentence"
    " standfirst; body paragraphs. Use only facts in the draft. Copy every name, number and"
    " quotation exactly as written; do not add names, numbers, quotations or opinions."
    ' Reply with JSON only: {"headline": "...", "standfirst": "...", "body": ["...", "..."]}'
)

_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
    "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18",
    "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
    "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90", "dozen": "12",
}  # fmt: skip
# Agencies abbreviate magnitudes ("5 mln dlrs"); a figure keeps its magnitude when rewritten.
_MAGNITUDES = {
    "thousand": "thousand", "million": "million", "mln": "million", "mn": "million",
    "billion": "billion", "bln": "billion", "bn": "billion", "trillion": "trillion",
    "tln": "trillion", "trn": "trillion",
}  # fmt: skip
_SCALED = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(" + "|".join(_MAGNITUDES) + r")\b", re.IGNORECASE)
_EDGE = "\"'()[]{},;:!?“”‘’"
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}")
_TITLE_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "gen", "sen", "gov", "rep", "st", "prof", "lt"}
_COMMON_OPENERS = STOPWORDS | set(_NUMBER_WORDS) | {
    "meanwhile", "however", "also", "earlier", "later", "separately", "officials", "analysts",
    "still", "yet", "since", "despite", "although", "though", "following", "amid", "instead",
    "overall", "several", "many", "elsewhere", "today", "yesterday", "last", "next", "first",
    "finally", "according", "as", "while", "in", "on", "at", "this", "it", "one",
}  # fmt: skip
_QUOTE = re.compile(r"[\"“]([^\"“”]{2,}?)[\"”]")
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class RewriterConfig:
    """Where the model lives. The caller passes None instead when rewriting is off."""

    base_url: str
    api_key: str
    model: str
    timeout: float = 20.0


@dataclass(frozen=True)
class RewriteOutcome:
    draft: Draft
    accepted: bool
    reason: str


class RewriteError(Exception):
    """The endpoint could not give a usable answer."""


def _normalise(text: str) -> str:
    text = plain_text(text)
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(curly, straight)
    return re.sub(r"\s+", " ", text).strip()


def _source_text(sources: Iterable[str | WireItem]) -> str:
    parts: list[str] = []
    for source in sources:
        if isinstance(source, WireItem):
            parts.extend([source.headline, source.dateline.text, source.body_text])
            if not source.body_text:
                parts.append(re.sub(r"<[^>]+>", " ", source.body_html))
        else:
            parts.append(source)
    return _normalise("\n".join(parts))


def _figures(text: str) -> set[str]:
    """Figures as digits (commas dropped), number words as digits, and scaled figures."""
    found = {n.replace(",", "").rstrip(".") for n in _FIGURE.findall(text)}
    for value, magnitude in _SCALED.findall(text):
        found.add(f"{value.replace(',', '')} {_MAGNITUDES[magnitude.lower()]}")
    for word in re.findall(r"[A-Za-z]+", text):
        value = _NUMBER_WORDS.get(word.lower())
        if value:
            found.add(value)
            found.add(word.lower())
    return found


def _name_runs(text: str) -> list[tuple[list[str], bool]]:
    """Runs of adjacent capitalised words, each with whether it opens a sentence."""
    runs: list[tuple[list[str], bool]] = []
    run: list[str] = []
    opens = False
    sentence_start = True
    for m in re.finditer(r"\S+", text):
        token = m.group()
        core = token.strip(_EDGE)
        core = re.sub(r"'s$", "", core)
        if not _ACRONYM.fullmatch(core):
            core = core.rstrip(".")
        capitalised = bool(core) and core[0].isupper()
        if capitalised and core.lower() not in _TITLE_ABBREVIATIONS:
            if not run:
                opens = sentence_start
            run.append(core)
        elif run:
            runs.append((run, opens))
            run = []
        ends_sentence = bool(re.search(r"[.!?:][\"')\]]*$", token)) and not (
            _ACRONYM.fullmatch(core) or core.lower() in _TITLE_ABBREVIATIONS
        )
        if run and (ends_sentence or re.search(r"[,;:!?)\"]$", token)):
            runs.append((run, opens))
            run = []
        sentence_start = ends_sentence
    if run:
        runs.append((run, opens))
    return runs


def _contains_name(source: str, name: str) -> bool:
    pattern = r"(?<![\w])" + r"\s+".join(re.escape(p) for p in name.split()) + r"(?![\w])"
    if re.search(pattern, source, re.IGNORECASE):
        return True
    if " " in name or len(name) < 4:
        return False
    # A country and its adjective share a stem: Korea / Korean, Russia / Russian.
    stem = re.escape(name[:-1] if len(name) > 5 else name)
    for m in re.finditer(r"(?<![\w])" + stem + r"\w{0,3}(?![\w])", source, re.IGNORECASE):
        if abs(len(m.group()) - len(name)) <= 3:
            return True
    return False


def _unsupported_names(text: str, source: str) -> list[str]:
    """Capitalised words and runs not in the source; a run may be split into known names."""
    missing: list[str] = []
    lower_source_words = {w.lower() for w in re.findall(r"\b[a-z][\w']*", source)}
    for words, opens in _name_runs(text):
        if opens:
            first = words[0].lower()
            if first in _COMMON_OPENERS or first in lower_source_words:
                words = words[1:]
        if not words or _contains_name(source, " ".join(words)):
            continue
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                if _contains_name(source, " ".join(words[i:j])):
                    i = j
                    break
            else:
                missing.append(words[i])
                i += 1
    return missing


def unsupported_claims(text: str, sources: Iterable[str | WireItem]) -> list[str]:
    """Names, numbers and quotations in text that the sources do not contain.

    Empty means every checkable claim is backed by the agency copy. Quotations must appear
    word for word (ignoring curly versus straight quote marks and a closing punctuation mark).
    """
    source = _source_text(sources)
    candidate = _normalise(text)
    problems: list[str] = []
    for quoted in _QUOTE.findall(candidate):
        passage = quoted.strip().rstrip(".,;:!?").strip()
        if passage and passage not in source:
            problems.append(f'quote not in sources: "{passage}"')
    source_figures = _figures(source)
    for figure in sorted(_figures(candidate) - source_figures):
        if not figure.isalpha():
            problems.append(f"number not in sources: {figure}")
    unquoted = _QUOTE.sub(" ", candidate)
    for name in dict.fromkeys(_unsupported_names(unquoted, source)):
        problems.append(f"name not in sources: {name}")
    return problems


def _draft_text(draft: Draft) -> str:
    body = "\n\n".join(draft.body_paragraphs)
    return f"Headline: {draft.headline}\n\nStandfirst: {draft.standfirst}\n\nBody:\n{body}"


def _call(config: RewriterConfig, draft: Draft) -> str:
    payload = {
        "model": config.model,
        "temperature": 0.2,
        "messages": [
            {"role": "system", "content": _SYSTEM_PROMPT},
            {"role": "user", "content": _draft_text(draft)},
        ],
    }
    request = urllib.request.Request(
        config.base_url.rstrip("/") + "/chat/completions",
        data=json.dumps(payload).encode(),
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"Bearer {config.api_key}",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:
            raw = response.read(MAX_REPLY_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise RewriteError(f"endpoint answered HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RewriteError(f"endpoint unreachable: {reason}") from exc
    if len(raw) > MAX_REPLY_BYTES:
        raise RewriteError("reply too large")
    try:
        reply = json.loads(raw)
        content = reply["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise RewriteError("reply is not a chat completion") from exc
    if not isinstance(content, str):
        raise RewriteError("reply has no text content")
    return content


def _parse(content: str) -> tuple[str, str, tuple[str, ...]]:
    text = content.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.DOTALL)
    if fenced:
        text = fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    data = None
    if start != -1 and end > start:
        try:
            data = json.loads(text[start : end + 1])
        except ValueError:
            data = None
    if not isinstance(data, dict):
        raise RewriteError("model output is not a JSON object")
    headline, standfirst, body = data.get("headline"), data.get("standfirst"), data.get("body")
    if isinstance(body, str):
        body = re.split(r"\n\s*\n", body)
    if not (isinstance(headline, str) and isinstance(standfirst, str) and isinstance(body, list)):
        raise RewriteError("model output lacks headline, standfirst or body")
    paragraphs = tuple(p.strip() for p in body if isinstance(p, str) and p.strip())
    if not headline.strip() or not standfirst.strip() or not paragraphs:
        raise RewriteError("model output has an empty field")
    return headline.strip(), standfirst.strip(), paragraphs


def rewrite(
    draft: Draft, items: Sequence[WireItem], config: RewriterConfig | None
) -> RewriteOutcome:
    """Ask the model for a polished draft; keep it only if the sources back every claim."""
    if config is None:
        return RewriteOutcome(draft, False, "rewriter disabled")
    try:
        headline, standfirst, body = _parse(_call(config, draft))
    except RewriteError as exc:
        return RewriteOutcome(draft, False, str(exc))
    problems = unsupported_claims("\n\n".join((headline, standfirst, *body)), items)
    if problems:
        return RewriteOutcome(draft, False, "; ".join(problems))
    polished = replace(draft, headline=headline, standfirst=standfirst, body_paragraphs=body)
    return RewriteOutcome(polished, True, "accepted: every name, number and quote is sourced")
