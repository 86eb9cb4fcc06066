"""Every real agency sample in the shared data folder, parsed and checked against what it says.

The samples are read in place (never copied into the project); without the folder these tests
skip. Specific values are asserted for a broad set of files across all formats; every other file
must at least parse to items with a headline or body, or, for the known non-story files, to a
recorded rejection with the expected reason.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dateline.wire.item import PubStatus, Signal
from dateline.wire.parsers import ParseResult, parse
from tests.shared_data import SAMPLES

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(
        not SAMPLES.is_dir(),
        reason=f"real agency samples not found at {SAMPLES} (shared data absent)",
    ),
]


def _sample_files() -> list[str]:
    if not SAMPLES.is_dir():
        return []
    return sorted(str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*") if p.is_file())


def _parse(name: str) -> ParseResult:
    path = SAMPLES / name
    return parse(path.read_bytes(), agency="sample", filename=path.name)


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# Files that are not stories (packages, listing fragments, schemas, events, an empty story,
# an agency format we do not read): each must become rejections whose reason says why.
KNOWN_REJECTED = {
    "iptc-newsml-g2/LISTING_24_News_Message_conveying_a_complete_News_Package.xml": "packageItem",
    "iptc-newsml-g2/LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml": "<contentSet>",
    "iptc-newsml-g2/LISTING_28_Illustrating_Located_Subject_and_Dateline.xml": "<contentMeta>",
    "iptc-newsml-g2/LISTING_29_Hop_History.xml": "without itemMeta or contentMeta",
    "iptc-newsml-g2/LISTING_6_Simple_NewsML-G2_Package.xml": "packageItem",
    "superdesk/LISTING_6_Simple_NewsML-G2_Package.xml": "packageItem",
    "superdesk/tag_reuters.com_2014_newsml_KBN0FL0NM_version_10": "packageItem",
    "superdesk/snep.xml": "packageItem",
    "iptc-ninjs/2.1_extension-schema.json": "no headline, no body",
    "iptc-ninjs/3.1_008_event.json": "no headline, no body",
    "superdesk/aap-finance-lite.xml": "no headline, no body",
    "superdesk/ritzau_feed.xml": "unrecognised XML format",
    "superdesk/ritzau_news.xml": "unrecognised XML format (root element <RBNews>)",
    "superdesk/ritzau_news_test_ednote.xml": "unrecognised XML format (root element <RBNews>)",
    "dpa-digitalwires/LICENSE": "unrecognised format",
}

# name -> expected values of the first item (or of the item at "index")
EXPECTED: dict[str, dict[str, object]] = {
    "superdesk/tag_reuters.com_2014_newsml_KBN0FL0NN_version_5": {
        "format": "newsmlg2",
        "guid": "tag_reuters.com_2014_newsml_KBN0FL0NN",
        "version": 5,
        "headline": "Confident Assad launches new term in stronger position",
        "city": "Damascus",
        "country": "SY",
        "byline": "Marwan Makdisi",
        "sent": _utc(2014, 7, 16, 15, 53, 10),
        "first_created": _utc(2014, 7, 16, 8, 10, 15),
        "pubstatus": PubStatus.USABLE,
        "urgency": 4,
        "slugline": "US-SYRIA-CRISIS-ASSAD",
        "body_contains": "DAMASCUS (Reuters) - Bashar al-Assad was sworn in for a new term",
    },
    "superdesk/tag_reuters.com_2014_newsml_KBN0FL0ZP_version_2": {
        "version": 2,
        "city": "Beirut",
        "country": "LB",
        "headline": "Syria's Assad says foreign states will pay for supporting 'terrorism'",
    },
    "superdesk/tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538": {
        "version": 1542761538,
        "pubstatus": PubStatus.CANCELED,
        "signals": {Signal.KILL, Signal.CORRECTION},
        "headline": "CORRECTED-S. Illinois battles flooding as Mississippi River builds downstream",
    },
    "superdesk/tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838": {
        "version": 978556838,
        "pubstatus": PubStatus.USABLE,
        "signals": {Signal.CORRECTION},
        "sent": _utc(2016, 1, 4, 15, 43, 34),
    },
    "superdesk/tag_reuters.com,2018_newsml_MTZXEE13ZXCZES_2": {
        "version": 2,
        "headline": "UPDATE 2-Primeira Liga Results",
        "signals": {Signal.UPDATE},
        "byline": "Opta Sports Data",
    },
    "superdesk/tag_reuters.com_0000_newsml_GM1EA7M13RP01_version_484616934": {
        "byline": "MARIO ANZUONI",
        "image_prefix": "http://content.reuters.com/",
        "body_text": "",
    },
    "superdesk/ap.xml": {
        "count": 3,
        "headline": "Nutrisystem beats 4Q earnings and revenue expectations",
        "city": "Fort Washington",
        "country": "US",
        "version": 2,
    },
    "superdesk/stt1.xml": {
        "headline": "Mikko Moilanen siirtyy Revenion toimitusjohtajaksi",
        "city": "Helsinki",
        "country": "FI",
        "language": "fi",
        "version": 2,
        "signals": {Signal.UPDATE},
    },
    "superdesk/dpa.xml": {
        "headline": "Eintracht in London: Hintereggers Tränen und Attacke auf Reporter",
        "city": "London",
        "country": "GB",
        "language": "de",
        "sent": _utc(2022, 10, 11, 9, 14, 42),
    },
    "iptc-newsml-g2/LISTING_1_A_NewsML-G2_News_Item.xml": {
        "headline": 'Fed to halt QE to avert "bubble"',
        "version": 11,
        "embargo": _utc(2018, 10, 23, 12, 0),
        "signals": {Signal.UPDATE},
        "byline": "Meredith Jameson",
    },
    "superdesk/afp.xml": {
        "format": "newsml12",
        "headline": "Sweden court accepts receivership for Saab carmaker",
        "city": "Stockholm",
        "country": "SE",
        "version": 1,
        "urgency": 4,
        "sent": _utc(2014, 8, 29, 13, 49, 51),
        "slugline": "Sweden-SAAB",
        "body_contains": "A Chinese-owned company set up to take over Saab's assets",
    },
    "superdesk/afp20.xml": {
        "headline": "Décès de Naomi Musenga: l'opératrice du Samu définitivement condamnée",
        "city": "Strasbourg",
        "country": "FR",
        "language": "fr",
    },
    "superdesk/ana1.xml": {
        "headline": "Wage employment balance positive in Jan-March",
        "body_contains": "Wage employment in the private sector grew in March",
    },
    "superdesk/ap-nitf.xml": {
        "format": "nitf",
        "headline": "Can trading pollution like stocks help fight climate change?",
        "byline": "BERNARD CONDON",
        "city": "New York",
        "country": "US",
        "sent": _utc(2015, 12, 10, 19, 10, 44),
    },
    "superdesk/nitf-fishing.xml": {
        "pubstatus": PubStatus.CANCELED,
        "signals": {Signal.KILL},
        "embargo": _utc(2002, 2, 26, 14, 30),
        "city": "Newport News",
        "country": "US",
    },
    "superdesk/efe_nitf.xml": {
        "headline": "Honduran president announces Cabinet changes",
        "city": "Tegucigalpa",
        "country": "HN",
        "urgency": 5,
    },
    "superdesk/handle_invalid_fields.xml": {
        "headline": "Man accused of ramming gate at Rideau Hall with truck faces multiple charges",
        "city": "Ottawa",
        "country": "CA",
        "urgency": 2,
        "signals": {Signal.UPDATE},
        "byline": "Mia Rabson and Jordan Press",
    },
    "superdesk/pa5.xml": {
        "headline": "HARD BREXIT TO COST UK UP TO £66BN A YEAR, SAYS TREASURY",
        "body_contains": "£66 billion",
    },
    "superdesk/aap.xml": {
        "headline": "The main stories on today's 1900 ABC TV news",
        "city": "Sydney",
        "country": "AU",
        "urgency": 5,
        "sent": _utc(2013, 10, 20, 8, 27, 51),
    },
    "superdesk/ap_anpa-1.tst": {
        "format": "anpa",
        "headline": "Deng has 30 points, short-handed Heat beat Hawks 115-111",
        "version": 2,
        "signals": {Signal.UPDATE},
        "city": "Atlanta",
        "country": "US",
        "sent": _utc(2016, 2, 20, 3, 37),
        "byline": "Charles Odum",
    },
    "superdesk/anpa-1.tst": {
        "headline": "For Argentine chemo patients, mirrors can hurt",
        "city": "Buenos Aires",
        "country": "AR",
        "sent": _utc(2013, 11, 13, 15, 9),
    },
    "superdesk/ap_anpa-3.tst": {
        "headline": "$210 lobster is found dead",
        "body_text": "CHATHAM, Mass. (AP) _ A lobster died.",
        "city": "Chatham",
        "country": "US",
    },
    "superdesk/IPTC7901.txt": {
        "format": "iptc7901",
        "headline": "Germany Social Democrats: Coalition talks with Merkel could fail",
        "city": "Berlin",
        "country": "DE",
        "urgency": 4,
        "sent": _utc(2013, 11, 13, 11, 37),
        "body_lacks": "Wolfgang Schmidt",
    },
    "superdesk/dpa_four_line.txt": {
        "headline": "Switzerland joins list of countries resisting UN migration pact",
        "city": "Geneva",
        "country": "CH",
        "byline": "dpa correspondents",
        "signals": {Signal.UPDATE},
    },
    "superdesk/ninjs1.json": {
        "format": "ninjs",
        "headline": "headline",
        "version": 2,
        "urgency": 3,
        "language": "fr",
        "city": "Milton Keynes",
        "country": "GB",
        "body_text": "The story so far.",
    },
    "superdesk/ninjs_embargoed.json": {
        "headline": "Trouble is brewing for the future of beer",
        "version": 11,
        "embargo": _utc(2022, 6, 29, 2, 30),
        "image_prefix": "https://superdesk-tga.s3.amazonaws.com/",
    },
    "iptc-ninjs/3.1_004_simple_text_article.json": {
        "headline": "Captain of wrecked cruise ship on trial in Italy",
        "city": "Grosseto",
        "country": "IT",
        "sent": _utc(2013, 7, 9, 10, 37),
    },
    "iptc-ninjs/2.2_005_complex_text_article.json": {
        "headline": "Captain of wrecked cruise ship on trial in Italy",
        "country": "IT",
        "places": ("Grossetto", "Tuscany", "Italy"),
    },
    "iptc-ninjs/2.1_ntb_text.json": {
        "headline": "Google har kjøpt giganttomt i Skien",
        "version": 6,
        "urgency": 5,
        "language": "nb",
    },
    "superdesk/bbc-ninjs-text-test.json": {
        "headline": "advisory",
        "byline": "John Doe",
        "body_text": "body",
    },
    "superdesk/ap_media_text_item.json": {"headline": "BC-BBN--Top Ten", "urgency": 4},
    "superdesk/wenn.xml": {
        "format": "rss",
        "count": 2,
        "headline": "Suge Knight involved in fatal hit and run incident",
        "body_text": "This is body content1.",
        "sent": _utc(2015, 1, 30, 0, 33, 6),
    },
}


@pytest.mark.parametrize("name", _sample_files())
def test_every_sample_parses_or_is_rejected_with_a_reason(name: str) -> None:
    result = _parse(name)
    if name in KNOWN_REJECTED:
        assert result.items == []
        assert result.rejections, f"{name} should be rejected"
        assert any(KNOWN_REJECTED[name] in r.reason for r in result.rejections), result.rejections
        return
    assert result.items, f"{name}: {result.rejections}"
    for item in result.items:
        assert item.guid and item.family_uri
        assert item.headline or item.body_text or item.images
        assert "<script" not in item.body_html.lower()
        for moment in (item.sent, item.first_created, item.embargo):
            assert moment is None or moment.utcoffset() == timedelta(0)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_values(name: str) -> None:
    expected = dict(EXPECTED[name])
    result = _parse(name)
    if "format" in expected:
        assert result.format == expected.pop("format")
    if "count" in expected:
        assert len(result.items) == expected.pop("count")
    item = result.items[0]
    if "body_contains" in expected:
        assert expected.pop("body_contains") in item.body_text
    if "body_lacks" in expected:
        assert expected.pop("body_lacks") not in item.body_text
    if "image_prefix" in expected:
        assert item.images[0].href.startswith(str(expected.pop("image_prefix")))
    derived = {"city": item.dateline.city, "country": item.dateline.country}
    for key, value in expected.items():
        actual = derived[key] if key in derived else getattr(item, key)
        assert actual == value, f"{name}: {key} is {actual!r}, expected {value!r}"


def test_two_versions_of_one_reuters_item_share_a_family():
    older = _parse("superdesk/tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838").items[0]
    newer = _parse("superdesk/tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538").items[0]
    assert older.guid == newer.guid == "tag:reuters.com,0000:newsml_L1N14N0FF"
    assert older.family_uri == newer.family_uri
    assert newer.version > older.version
    assert newer.is_kill and not older.is_kill
