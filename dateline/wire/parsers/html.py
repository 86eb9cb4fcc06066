"""Agency HTML made safe for templates, and its plain-text twin for the desk's text tools."""

from __future__ import annotations

import html as html_lib
import re

import nh3

ALLOWED_TAGS = {
    "p", "div", "h1", "br", "b", "strong", "i", "em", "u", "sub", "sup", "blockquote", "q", "cite",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr",
    "th", "td", "caption", "figure", "figcaption", "abbr", "span", "pre", "code", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
# Dropped with everything inside them, not merely unwrapped.
# Agency XHTML also repeats its metadata in <head> and <header>: not body copy.
DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "noscript", "template", "head", "title",
    "header", "form", "button", "select", "textarea", "svg", "math",
}  # fmt: skip

_BLOCK_BREAK = re.compile(
    r"</(p|div|li|h[1-6]|blockquote|tr|pre|figcaption)>|<br\s*/?>|<hr\s*/?>", re.I
)
_TAG = re.compile(r"<[^>]+>")
_EMPTY_PARA = re.compile(r"<p>\s*</p>")


def sanitise(raw: str) -> str:
    """Keep structure and links, drop scripts, frames, handlers and styling."""
    if not raw.strip():
        return ""
    cleaned = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _EMPTY_PARA.sub("", cleaned).strip()


def to_text(safe_html: str) -> str:
    """Plain text with one paragraph per line."""
    if not safe_html:
        return ""
    broken = _BLOCK_BREAK.sub("\n", safe_html)
    text = html_lib.unescape(_TAG.sub("", broken))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def paragraphs_to_html(paragraphs: list[str]) -> str:
    """Plain-text paragraphs (ANPA, 7901, text feeds) as escaped HTML paragraphs."""
    return "".join(
        f"<p>{html_lib.escape(p)}</p>" for p in (" ".join(x.split()) for x in paragraphs) if p
    )


def body_pair(raw_html: str) -> tuple[str, str]:
    """Sanitised HTML and its text, the pair every wire item carries."""
    safe = sanitise(raw_html)
    return safe, to_text(safe)


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(p|br|div|span|b|i|a|strong|em|ul|li|table|h\d)\b[^>]*>", text, re.I))


def plain(raw: str) -> str:
    """Text of a possibly-HTML fragment (headlines, captions): tags and script content removed."""
    if "<" not in raw:
        return " ".join(html_lib.unescape(raw).split())
    stripped = nh3.clean(raw, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT, attributes={})
    return " ".join(html_lib.unescape(stripped).split())
