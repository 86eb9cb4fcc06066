"""One reading of a wire item: its dateline, lead, language and fingerprint, worked out once."""

from __future__ import annotations

from dateline.desk.core.copy import LEAD_WORDS, read
from dateline.wire.item import Dateline, WireItem


def wire(body: str = "", headline: str = "Headline", **fields) -> WireItem:
    return WireItem(agency="wire", guid="g", headline=headline, body_text=body, **fields)


def test_the_dateline_the_body_opens_with_is_read_and_taken_off_the_lead():
    copy = read(wire("NAIROBI, March 9 (Reuters) - Kenya's central bank held its main rate."))
    assert (copy.dateline.city, copy.dateline_country) == ("Nairobi", "KE")
    assert copy.lead == "Kenya's central bank held its main rate."


def test_the_agency_s_dateline_wins_and_its_words_leave_the_body():
    copy = read(
        wire(
            "LONDON, March 9 (Reuters) - The Bank of England held rates.",
            dateline=Dateline(text="LONDON", city="London", country="GB"),
        )
    )
    assert copy.dateline_country == "GB"
    assert copy.body == "The Bank of England held rates."


def test_ap_style_underscore_datelines_and_state_codes_are_datelines_too():
    copy = read(wire("HORRY COUNTY, SC (WMBF) _ A homeless man and his dog."))
    assert (copy.dateline_country, copy.lead) == ("US", "A homeless man and his dog.")


def test_ordinary_opening_words_are_not_a_dateline():
    copy = read(wire("Officials said - after a long meeting - rates stay."))
    assert copy.dateline == Dateline() and copy.lead.startswith("Officials said")


def test_the_lead_is_the_first_words_after_the_dateline_and_the_rest_follows():
    words = [f"w{n}" for n in range(LEAD_WORDS + 20)]
    copy = read(wire("LIMA - " + " ".join(words)))
    assert copy.lead.split() == words[:LEAD_WORDS]
    assert copy.rest.split() == words[LEAD_WORDS:]


def test_an_html_body_is_read_as_plain_paragraphs():
    copy = read(wire(body_html="<p>DAKAR - Gunmen attacked a post.</p><p>Ten died.</p>"))
    assert copy.dateline.city == "Dakar"
    assert copy.body == "Gunmen attacked a post.\n\nTen died."


def test_a_declared_language_stands_and_an_undeclared_one_is_detected():
    german = "Die Lokführer streiken erneut, der Fernverkehr der Bahn steht weitgehend still."
    assert read(wire(german, headline="Bahnstreik", language="")).language == "de"
    assert read(wire(german, headline="Bahnstreik", language="fr")).language == "fr"


def test_wire_prefixes_leave_the_headline():
    assert (
        read(wire(headline="UPDATE 2-Floods kill 14 in Kenya")).headline
        == "Floods kill 14 in Kenya"
    )
