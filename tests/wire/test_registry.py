"""The parser registry: each format recognises its own copy, a named format is honoured, and
an agency's variant claims that agency's copy and changes only what differs."""

from __future__ import annotations

import pytest

from dateline.wire.parsers import FORMATS, parse
from dateline.wire.parsers.newsml_g2 import NewsMLG2Parser, ReutersNewsMLG2Parser
from dateline.wire.parsers.registry import PARSERS, parser_for


def _newsml_g2(guid: str, creator: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}" version="1">
  <itemMeta><itemClass qcode="ninat:text"/><pubStatus qcode="stat:usable"/></itemMeta>
  <contentMeta>
    <creator><name>{creator}</name></creator>
    <headline>Floods close the port of Durban</headline>
  </contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml">
    <html xmlns="http://www.w3.org/1999/xhtml"><body>
      <p>DURBAN, South Africa - Floods closed the port on Monday.</p>
    </body></html>
  </inlineXML></contentSet>
</newsItem>""".encode()


def test_every_format_a_source_can_choose_has_a_parser_that_is_its_base() -> None:
    assert set(FORMATS) == {
        "anpa",
        "iptc7901",
        "ninjs",
        "webpage",
        "newsmlg2",
        "newsml12",
        "nitf",
        "rss",
    }
    for name in FORMATS:
        family = [p for p in PARSERS if p.format == name]
        *variants, base = family
        assert all(isinstance(v, type(base)) for v in variants), name


def test_reuters_copy_is_read_by_the_reuters_variant_which_drops_its_house_name() -> None:
    payload = _newsml_g2("tag:reuters.com,2026:newsml_L1N3X", "Reuters")
    assert type(parser_for(payload)) is ReutersNewsMLG2Parser
    result = parse(payload, agency="reuters")
    assert result.format == "newsmlg2"
    assert result.items[0].byline == ""


def test_other_agencies_newsml_g2_keeps_its_creator_as_the_byline() -> None:
    payload = _newsml_g2("urn:newsml:example.org:20261205:floods", "Thandi Mokoena")
    assert type(parser_for(payload)) is NewsMLG2Parser
    assert parse(payload, agency="example").items[0].byline == "Thandi Mokoena"


def test_a_named_format_picks_its_variant_when_the_copy_is_the_agencys() -> None:
    payload = _newsml_g2("tag:reuters.com,2026:newsml_L1N3X", "Reuters")
    assert type(parser_for(payload, format="newsmlg2")) is ReutersNewsMLG2Parser


def test_a_named_format_is_honoured_even_when_the_payload_says_otherwise() -> None:
    result = parse(b"<rss version='2.0'><channel/></rss>", agency="x", format="nitf")
    assert result.format == "nitf"
    assert not result.items
    assert "not an NITF document" in result.rejections[0].reason


@pytest.mark.parametrize("name", ["nonsense", "NITF "])
def test_an_unknown_named_format_is_a_recorded_rejection(name: str) -> None:
    result = parse(b"<nitf/>", agency="x", format=name)
    assert not result.items
    assert result.rejections[0].reason == f"unknown format {name!r}"
