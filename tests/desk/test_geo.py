"""Primary country: text evidence weighed by position, the dateline as a prior, not a trump."""

from dateline.desk.core.geo import FLAG_DATELINE_DIFFERS, locate, locate_items
from dateline.wire.item import Dateline, WireItem


def item(headline="", body="", dateline="", city="", country="", guid="g"):
    return WireItem(
        agency="test",
        guid=guid,
        headline=headline,
        body_text=body,
        dateline=Dateline(text=dateline, city=city, country=country),
    )


def test_dakar_dateline_story_about_niger_is_niger_and_flagged():
    located = locate(
        item(
            "Gunmen kill 12 soldiers in western Niger",
            "DAKAR, Senegal — Gunmen killed 12 soldiers in western Niger on Tuesday, "
            "the army said. The attack happened near the border with Mali.",
            dateline="DAKAR, Senegal —",
            city="Dakar",
        )
    )
    assert located.primary == "NE"
    assert located.dateline_country == "SN"
    assert FLAG_DATELINE_DIFFERS in located.flags
    assert located.countries[0] == "NE"
    assert "SN" not in located.countries  # where the reporter sat is not where it happened


def test_dateline_decides_when_the_text_names_no_country():
    located = locate(
        item(
            "Central bank holds rates",
            "The central bank kept its main rate unchanged on Thursday.",
            dateline="NAIROBI, Kenya —",
        )
    )
    assert located.primary == "KE"
    assert FLAG_DATELINE_DIFFERS not in located.flags


def test_agency_given_dateline_country_is_used():
    located = locate(item("Rates held", "Rates were held.", city="Springfield", country="US"))
    assert located.primary == "US"


def test_story_without_dateline_gets_its_country_from_the_text():
    located = locate(
        item(
            "Floods displace thousands",
            "Floods have displaced thousands of people in northern Bangladesh, officials said. "
            "Bangladeshi rescuers used boats to reach villages.",
        )
    )
    assert located.primary == "BD"
    assert located.dateline_country is None


def test_story_with_no_evidence_has_no_country():
    located = locate(item("Shares rise", "Shares rose on Monday."))
    assert located.primary is None
    assert located.countries == ()


def test_georgia_the_country():
    located = locate(
        item(
            "Georgia's opposition rejects election result",
            "Opposition parties in Georgia said on Sunday they would not take up their seats "
            "in parliament. Thousands protested in Tbilisi.",
        )
    )
    assert located.primary == "GE"


def test_georgia_the_us_state():
    located = locate(
        item(
            "Georgia votes to expand Medicaid",
            "Lawmakers in Georgia voted on Tuesday to expand Medicaid. The governor in Atlanta "
            "is expected to sign the bill, as Texas and Florida weigh similar moves.",
        )
    )
    assert located.primary == "US"
    assert "GE" not in located.countries


def test_demonyms_count_as_evidence():
    located = locate(
        item("Kenyan runners sweep marathon", "Kenyan athletes took all podium places.")
    )
    assert located.primary == "KE"


def test_headline_outweighs_a_passing_body_mention():
    located = locate(
        item(
            "Peru's congress ousts president",
            "Peru's congress voted to remove the president on Friday. Lawmakers said the move "
            "followed months of protests. A Chilean diplomat said the region was watching.",
        )
    )
    assert located.primary == "PE"
    assert "CL" not in located.countries


def test_countries_with_real_evidence_are_listed_primary_first():
    located = locate(
        item(
            "India and Pakistan agree to talks",
            "India and Pakistan agreed on Monday to resume talks. Indian and Pakistani officials "
            "will meet in Dubai.",
        )
    )
    assert set(located.countries[:2]) == {"IN", "PK"}
    assert located.countries[0] == located.primary


def test_several_items_of_one_story_pool_their_evidence():
    a = item("Attack in Mali", "Gunmen attacked a base in central Mali.", "DAKAR —", guid="a")
    b = item("Malian army says base attacked", "The Malian army said 10 soldiers died.", guid="b")
    assert locate_items([a, b]).primary == "ML"


def test_dateline_left_in_the_copy_is_still_a_prior():
    located = locate(
        item("Central bank holds rates", "NAIROBI (Reuters) - The central bank held its rate.")
    )
    assert located.primary == "KE"
    assert located.dateline_country == "KE"


def test_ordinary_opening_words_are_not_a_dateline():
    located = locate(item("Rates held", "Officials said - after a long meeting - rates stay."))
    assert located.dateline_country is None


def test_local_news_naming_only_towns_gets_their_country():
    located = locate(
        item(
            "Inmates captured in Chattanooga",
            "Two inmates who escaped from the jail in LaFayette were captured in Chattanooga "
            "on Tuesday, the sheriff said.",
        )
    )
    assert located.primary == "US"


def test_a_us_town_named_after_a_foreign_city_is_read_by_its_context():
    located = locate(
        item(
            "Paris police seek driver in hit-and-run",
            "Police in Paris are looking for the driver of a pickup truck that struck a "
            "cyclist on Lamar Avenue, the Lamar County sheriff said. Texas troopers are "
            "helping with the search.",
        )
    )
    assert located.primary == "US"
    assert "FR" not in located.countries


def test_a_town_abroad_does_not_outweigh_the_countries_a_story_names():
    located = locate(
        item(
            "Kenya raises interest rate to curb inflation",
            "Kenya's central bank raised its main rate on Tuesday, the governor told "
            "reporters in Nairobi. Traders in Mombasa said the shilling firmed. The "
            "decision surprised analysts in Kenya.",
        )
    )
    assert located.countries == ("KE",)
