"""Show readers where their words were found: headline and a short snippet with <mark>.

Nothing from the index or the article is trusted as HTML. Matches are found on the plain
text, every piece of text is escaped, and only our own <mark> tags are added around the
matched pieces.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 240
LEAD_IN_CHARS = 60
SUFFIXES = ("ing", "es", "ed", "s")
# Rich text comes from the editor, well formed; whatever slips through is escaped anyway.
# Tags that end a block (paragraph, heading, list item, line break) part words; others don't.
BLOCK_TAG = re.compile(
    r"</?(?:p|br|li|ul|ol|h[1-6]|blockquote|div|figure|embed)\b[^>]*>", re.IGNORECASE
)
TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


def stem(term: str) -> str:
    """A crude English stem, so 'floods' marks 'flooded' as PostgreSQL's stemmer would match."""
    for suffix in SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


def term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """Whole words that begin with one of the terms' stems, longest stems first."""
    stems = sorted({stem(t) for t in terms if t}, key=len, reverse=True)
    if not stems:
        return None
    alternatives = "|".join(re.escape(s) for s in stems)
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def mark(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    """The text escaped, with every match wrapped in <mark>."""
    if pattern is None:
        return SafeString(escape(text))
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece above is escaped


def plain_text(rich_text: str) -> str:
    """Rich text as the words a reader sees: no tags, entities resolved, spaces collapsed.

    Two regular expressions rather than Django's strip_tags, whose HTML parser takes four
    times as long, for every result of every search page.
    """
    return " ".join(html.unescape(TAG.sub("", BLOCK_TAG.sub(" ", rich_text))).split())


def _window(text: str, start: int) -> str:
    """About SNIPPET_CHARS of text around a match, cut at word boundaries, with ellipses."""
    begin = max(0, start - LEAD_IN_CHARS)
    if begin:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < start else begin
    end = begin + SNIPPET_CHARS
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > start else end
    piece = text[begin:end]
    return ("… " if begin else "") + piece + (" …" if end < len(text) else "")


def snippet(
    parts: Iterable[str | Callable[[], str]], pattern: re.Pattern[str] | None
) -> SafeString:
    """The first passage (standfirst, then body) that holds a match; else the opening lines.

    A part may be a function giving the text, called only if no earlier part matched: the
    body's plain text is then worked out only when the standfirst holds no match.
    """
    opening = ""
    for part in parts:
        text = part() if callable(part) else part
        if not text:
            continue
        opening = opening or text
        match = pattern.search(text) if pattern else None
        if match:
            return mark(_window(text, match.start()), pattern)
        if pattern is None:
            break
    return mark(_window(opening, 0), None) if opening else SafeString("")
