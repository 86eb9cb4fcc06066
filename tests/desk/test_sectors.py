"""Sectors: agency subject codes first, then the keyword classifier."""

import pytest

from dateline.desk.core.sectors import classify, sector_from_subjects, sectors_for_code
from dateline.news.reference import SECTOR_SLUGS


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("medtop:15000000", ("sports",)),
        ("subj:15054000", ("sports",)),
        ("medtop:07000000", ("health",)),
        ("subj:11003000", ("politics",)),
        ("subj:02000000", ("law-governance",)),
        ("subj:04001000", ("agro-forestry",)),
        ("subj:04005000", ("energy-extractives",)),
        ("subj:04015000", ("transport",)),
        ("medtop:04000000", ("economy-business",)),
        ("subj:13000000", ("technology", "science-environment")),
        ("medtop:20000763", ()),
        ("subj:03005000", ()),
        ("ap:sports", ()),
    ],
)
def test_subject_codes_map_by_top_level(code, expected):
    assert sectors_for_code(code) == expected


def test_every_mapped_sector_is_a_real_slug():
    codes = [f"subj:{n:02d}000000" for n in range(1, 18)]
    for code in codes:
        assert set(sectors_for_code(code)) <= SECTOR_SLUGS


def test_majority_of_codes_wins_and_first_breaks_ties():
    assert sector_from_subjects(["subj:11000000", "subj:15000000", "subj:15001000"]) == ("sports",)
    assert sector_from_subjects(["subj:07000000", "subj:11000000"]) == ("health",)
    assert sector_from_subjects(["xyz:1"]) == ()


def test_codes_beat_words():
    assert classify("Oil prices jump", "Crude oil rose.", ["medtop:15000000"]) == "sports"


def test_ambiguous_code_is_settled_by_words():
    assert classify(
        "NASA launches probe", "The rocket carried a telescope.", ["subj:13000000"]
    ) == ("science-environment")
    assert classify(
        "Chipmaker unveils AI software", "The software runs on chips.", ["subj:13000000"]
    ) == ("technology")


@pytest.mark.parametrize(
    ("headline", "body", "expected"),
    [
        (
            "Cholera outbreak kills 30 in camps",
            "An outbreak of cholera has killed 30 people, health officials said.",
            "health",
        ),
        (
            "Ebola epidemic spreads",
            "Doctors said new cases were confirmed at two hospitals.",
            "health",
        ),
        (
            "Measles vaccine drive begins",
            "Health workers will vaccinate two million children.",
            "health",
        ),
        (
            "Wheat exports rise",
            "Grain shipments reached 2 mln tonnes; corn sales also rose.",
            "agro-forestry",
        ),
        (
            "Cattle herds shrink",
            "Livestock farmers sold cattle as pasture dried up.",
            "agro-forestry",
        ),
        (
            "OPEC agrees output cut",
            "Crude oil production will fall by one million barrels per day.",
            "energy-extractives",
        ),
        (
            "Copper mine expands",
            "The mining company said ore output would double.",
            "energy-extractives",
        ),
        (
            "Dollar falls against yen",
            "The dollar slipped in foreign exchange markets.",
            "economy-business",
        ),
        ("Central bank raises interest rates", "Inflation rose above target.", "economy-business"),
        (
            "XYZ Corp 4th qtr net",
            "Shr 1.10 dlrs vs 90 cts. Net 12 mln vs 10 mln. Revs 300 mln.",
            "economy-business",
        ),
        (
            "Opposition wins parliamentary election",
            "Voters turned out in large numbers.",
            "politics",
        ),
        (
            "Supreme Court strikes down law",
            "The judges ruled the law unconstitutional.",
            "law-governance",
        ),
        (
            "Climate talks stall over emissions",
            "Environmental groups criticised the carbon targets.",
            "science-environment",
        ),
        (
            "Astronauts return from space station",
            "The spacecraft landed safely.",
            "science-environment",
        ),
        ("Teachers strike over pay", "Schools were closed and students stayed home.", "education"),
        ("Footballers win World Cup qualifier", "The striker scored twice in the match.", "sports"),
        ("Airline adds flights", "The airport will handle more passengers.", "transport"),
        ("Villages get clean water", "New boreholes and latrines improve sanitation.", "wash"),
        ("Museum opens exhibition", "The artist's paintings go on show.", "art-culture"),
        (
            "Women demand equal pay",
            "Gender discrimination remains widespread, rights groups say.",
            "social-gender",
        ),
        (
            "City plans affordable housing",
            "The mayor said slum residents would be rehoused.",
            "urban-development",
        ),
        (
            "Hackers hit government websites",
            "The cyberattack disrupted online services.",
            "technology",
        ),
    ],
)
def test_text_classification(headline, body, expected):
    assert classify(headline, body) == expected


def test_no_evidence_no_sector():
    assert classify("Statement", "He said it was fine.") is None


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        (
            "Cholera outbreak spreads in flood-hit districts",
            "Contaminated wells and broken water pipes spread cholera in three districts, where "
            "900 cases and 41 deaths were recorded, as aid groups trucked in clean water and "
            "built latrines.",
        ),
        (
            "Bird flu found on poultry farm, 5,000 birds culled",
            "Authorities confirmed an outbreak of avian influenza at a poultry farm and culled "
            "5,000 chickens, as farmers and egg producers feared for their flocks.",
        ),
        (
            "Ebola cases rise in the east as rebels attack",
            "Rebel attacks and fighting between the army and militias hampered the response, as "
            "confirmed Ebola cases rose to 120, the health ministry said.",
        ),
    ],
)
def test_outbreak_reports_are_health_whatever_else_they_touch(headline, body):
    assert classify(headline, body) == "health"


def test_a_vaccine_maker_s_results_are_not_an_outbreak_report():
    headline = "Drugmaker's profit rises on vaccine sales"
    body = (
        "The company's quarterly net profit rose 12 percent as sales of its measles vaccine grew."
    )
    assert classify(headline, body) == "economy-business"


def test_agency_codes_still_beat_an_outbreak_word():
    body = "The cholera outbreak forced organisers to move the final, with 30 cases reported."
    assert classify("Cup final moved", body, ["medtop:15000000"]) == "sports"
