"""An article web page (a partner's site, a press release page) read into one wire item.

trafilatura does the extraction when it can be imported; otherwise a small reader of the
page's own metadata (Open Graph, article:published_time, <article> paragraphs) takes over,
and the result notes say which one ran.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import lxml.html

from dateline.wire.item import Rejection, WireImage, WireItem
from dateline.wire.parsers.base import WireParser
from dateline.wire.parsers.detect import root_name
from dateline.wire.parsers.html import body_pair, paragraphs_to_html, plain
from dateline.wire.parsers.result import Outcome, Payload
from dateline.wire.parsers.times import parse_time


class WebPageParser(WireParser):
    format = "webpage"
    label = "Web page (HTML)"

    def can_parse(self, head: bytes, filename: str) -> bool:
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if stripped[:1] != b"<":
            return False
        if stripped[:200].lower().startswith(b"<!doctype html"):
            return True
        return root_name(head).lower() == "html"

    def parse(self, payload: Payload) -> Iterator[Outcome]:
        try:
            tree = lxml.html.document_fromstring(
                payload.data, parser=lxml.html.HTMLParser(no_network=True, remove_comments=True)
            )
        except Exception as exc:  # noqa: BLE001 - lxml raises several types on hopeless markup
            raise Rejection(f"unreadable HTML page: {exc}") from exc
        page = _metadata(tree)
        extracted = _trafilatura(payload, page)
        paragraphs = extracted if extracted is not None else _paragraphs(tree)
        headline = plain(page.get("og:title") or page.get("h1") or page.get("title", ""))
        if paragraphs and plain(paragraphs[0]) == headline:
            paragraphs = paragraphs[1:]  # extractors keep the page's <h1>; the item has it already
        body_html, body_text = body_pair(paragraphs_to_html(paragraphs))
        url = payload.filename or page.get("og:url", "") or page.get("canonical", "")
        if not url:
            raise Rejection("web page without a URL: pass the page address")
        image = page.get("og:image", "")
        published = page.get("article:published_time")
        yield WireItem(
            agency=payload.agency or page.get("og:site_name", ""),
            guid=url,
            headline=headline,
            sent=parse_time(page.get("article:modified_time") or published),
            first_created=parse_time(published),
            byline=page.get("author", ""),
            body_html=body_html,
            body_text=body_text,
            language=(page.get("lang") or "en").split("-")[0].lower(),
            subjects=tuple(t for t in page.get("keywords", "").split(",") if t.strip()),
            images=(WireImage(href=image, caption=page.get("og:image:alt", "")),) if image else (),
        )


def _metadata(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {"lang": tree.get("lang", "")}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or ""
        if key and meta.get("content") and key.lower() not in found:
            found[key.lower()] = meta.get("content", "").strip()
    titles = tree.xpath("//title")
    found["title"] = titles[0].text_content().strip() if titles else ""
    headings = tree.xpath("//article//h1|//h1")
    found["h1"] = headings[0].text_content().strip() if headings else ""
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    found["canonical"] = canonical[0] if canonical else ""
    return found


def _paragraphs(tree: Any) -> list[str]:
    """Paragraphs of the <article> (or <main>, or the page), skipping navigation and asides."""
    for bad in tree.xpath("//script|//style|//nav|//aside|//footer|//header|//form|//iframe"):
        bad.drop_tree()
    scope = tree.xpath("//article") or tree.xpath("//main") or [tree]
    return [
        " ".join(p.text_content().split()) for p in scope[0].iter("p") if p.text_content().strip()
    ]


def _trafilatura(payload: Payload, page: dict[str, str]) -> list[str] | None:
    try:
        import trafilatura
    except ImportError as exc:
        payload.notes.append(f"trafilatura unavailable ({exc}); read the page's own markup")
        return None
    text = trafilatura.extract(
        payload.data.decode("utf-8", errors="replace"),
        url=payload.filename,
        include_comments=False,
        include_tables=False,
    )
    if not text:
        return None
    return [line for line in text.split("\n") if line.strip()]
