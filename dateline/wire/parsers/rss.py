"""RSS 2.0 and Atom agency feeds, read with feedparser after the same DTD guard as all XML."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser

from dateline.wire.item import WireImage, WireItem
from dateline.wire.parsers.base import XMLWireParser
from dateline.wire.parsers.html import body_pair, looks_like_html, paragraphs_to_html, plain
from dateline.wire.parsers.result import Outcome, Payload, Rejected, each_item
from dateline.wire.parsers.times import parse_time
from dateline.wire.parsers.xml import refuse_dtd_tricks


class RSSParser(XMLWireParser):
    format = "rss"
    label = "RSS or Atom"
    roots = frozenset({"rss", "feed", "RDF"})

    def parse(self, payload: Payload) -> Iterator[Outcome]:
        refuse_dtd_tricks(payload.data)
        feed = feedparser.parse(payload.data, sanitize_html=False, resolve_relative_uris=False)
        if feed.bozo and not feed.entries:
            yield Rejected(f"unreadable feed: {feed.get('bozo_exception', 'not RSS or Atom')}")
            return
        if feed.bozo:
            payload.notes.append(
                f"feed is not well-formed, read leniently: {feed.get('bozo_exception')}"
            )
        language = str(feed.feed.get("language", "") or "")
        yield from each_item(
            feed.entries,
            lambda entry: _item(entry, payload.agency, language),
            lambda entry: str(entry.get("id") or entry.get("link") or ""),
        )


def _body(entry: Any) -> tuple[str, str]:
    """content:encoded or HTML Atom content first; plain "content" may be a media description."""
    contents = entry.get("content") or []
    rich = [c for c in contents if "html" in str(c.get("type", ""))]
    raw = rich[0].get("value", "") if rich else entry.get("summary", "")
    if not raw and contents:
        raw = contents[0].get("value", "")
    if raw and not looks_like_html(raw):
        raw = paragraphs_to_html(raw.split("\n\n"))
    return body_pair(raw or "")


def _caption(entry: Any) -> str:
    """feedparser files a nested media:description under "content" as plain text."""
    if entry.get("media_description"):
        return plain(str(entry["media_description"]))
    plain_parts = [c for c in entry.get("content") or [] if c.get("type") == "text/plain"]
    if plain_parts and entry.get("summary"):
        return plain(str(plain_parts[0].get("value", "")))
    return ""


def _images(entry: Any) -> tuple[WireImage, ...]:
    images: list[WireImage] = []
    credit = entry.get("media_credit")
    credit_text = credit[0].get("content", "") if isinstance(credit, list) and credit else ""
    caption = _caption(entry)
    for media in entry.get("media_content") or []:
        if media.get("url") and str(media.get("medium", "image")) == "image":
            images.append(WireImage(href=media["url"], caption=caption, credit=credit_text))
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            images.append(WireImage(href=link["href"], caption=caption, credit=credit_text))
    if not images:
        for thumb in entry.get("media_thumbnail") or []:
            if thumb.get("url"):
                images.append(WireImage(href=thumb["url"], caption=caption, credit=credit_text))
    return tuple(dict.fromkeys(images))


def _item(entry: Any, agency: str, language: str) -> WireItem:
    body_html, body_text = _body(entry)
    # dict.get: feedparser's own get() aliases "updated" to "published" with a warning
    published = dict.get(entry, "published") or dict.get(entry, "updated") or ""
    updated = dict.get(entry, "updated") or published
    tags = tuple(str(t.get("term")) for t in entry.get("tags") or [] if t.get("term"))
    return WireItem(
        agency=agency,
        guid=str(entry.get("id") or entry.get("link") or ""),
        headline=plain(str(entry.get("title", "") or "")),
        sent=parse_time(updated),
        first_created=parse_time(published),
        byline=str(entry.get("author", "") or ""),
        body_html=body_html,
        body_text=body_text,
        language=(str(entry.get("language") or language) or "en").split("-")[0].lower(),
        subjects=tags,
        images=_images(entry),
    )
