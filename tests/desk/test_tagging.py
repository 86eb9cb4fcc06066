"""Story tagging end to end, on the desk's own set of short modern articles."""

import dataclasses
import json
from pathlib import Path

import pytest

from dateline.desk.core.tagging import Tags, tag_item, tag_story
from dateline.news.reference import SECTOR_SLUGS, edition_for_country
from dateline.wire.item import Dateline, PubStatus, WireItem

CASES = json.loads(
    (Path(__file__).parent / "fixtures" / "tagging_cases.json").read_text(encoding="utf-8")
)
BY_ID = {case["id"]: case for case in CASES}


def to_item(case: dict) -> WireItem:
    return WireItem(
        agency="test",
        guid=case["id"],
        headline=case["headline"],
        body_text=case["body"],
        dateline=Dateline(text=case["dateline"], city=case["city"]),
        subjects=tuple(case.get("subjects", ())),
    )


def test_fixture_set_is_broad():
    assert len(CASES) >= 40
    assert len({c["expected"]["sector"] for c in CASES}) == len(SECTOR_SLUGS)
    assert sum(1 for c in CASES if not c["dateline"]) >= 10


def test_at_least_ninety_percent_of_own_cases_right():
    country_ok = sector_ok = 0
    misses = []
    for case in CASES:
        tags = tag_item(to_item(case))
        expected = case["expected"]
        country_ok += tags.primary_country == expected["primary_country"]
        sector_ok += tags.sector == expected["sector"]
        if (tags.primary_country, tags.sector) != (expected["primary_country"], expected["sector"]):
            misses.append((case["id"], tags.primary_country, tags.sector))
    assert country_ok >= 0.9 * len(CASES), misses
    assert sector_ok >= 0.9 * len(CASES), misses


@pytest.mark.parametrize(
    "case_id",
    [
        "niger-attack-dakar",
        "somalia-cholera-nairobi",
        "georgia-country-election",
        "georgia-us-state-schools",
        "drc-mpox-kinshasa",
        "sudan-refugees-london",
        "yemen-measles-geneva",
        "nigeria-lassa",
        "medtop-coded-sports",
        "east-africa-rail",
    ],
)
def test_important_cases_exactly(case_id):
    case = BY_ID[case_id]
    tags = tag_item(to_item(case))
    assert tags.primary_country == case["expected"]["primary_country"]
    assert tags.sector == case["expected"]["sector"]
    for code in case["expected"].get("countries_include", ()):
        assert code in tags.countries
    for code in case["expected"].get("countries_exclude", ()):
        assert code not in tags.countries


def test_dakar_niger_tags_and_flag():
    tags = tag_item(to_item(BY_ID["niger-attack-dakar"]))
    assert tags == Tags(
        primary_country="NE",
        countries=tags.countries,
        sector="politics",
        edition="west-africa",
        dateline_country="SN",
        flags=("dateline-differs-from-focus",),
    )
    assert tags.countries[0] == "NE"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_edition_follows_from_primary_country(case):
    tags = tag_item(to_item(case))
    assert tags.edition == edition_for_country(tags.primary_country)
    assert tags.sector is None or tags.sector in SECTOR_SLUGS
    if tags.primary_country:
        assert tags.countries[0] == tags.primary_country


def test_no_country_means_no_edition():
    tags = tag_item(
        WireItem(agency="t", guid="x", headline="Shares rise", body_text="Shares rose.")
    )
    assert tags.primary_country is None
    assert tags.edition is None
    assert "no-country" in tags.flags


def test_tags_are_immutable():
    tags = tag_item(to_item(CASES[0]))
    with pytest.raises(dataclasses.FrozenInstanceError):
        tags.sector = "sports"  # type: ignore[misc]


def test_story_of_several_agencies_pools_evidence():
    afp = WireItem(
        agency="afp",
        guid="a",
        headline="Attack on army post",
        body_text="Gunmen attacked an army post overnight, killing nine soldiers.",
        dateline=Dateline(text="DAKAR, Senegal —", city="Dakar"),
    )
    ap = WireItem(
        agency="ap",
        guid="b",
        headline="Nine soldiers killed in Burkina Faso attack",
        body_text="Jihadists killed nine soldiers in northern Burkina Faso, the army said.",
    )
    reuters = WireItem(
        agency="reuters",
        guid="c",
        headline="Burkina army says post attacked",
        body_text="Burkinabe troops repelled the attack near Djibo.",
        subjects=("subj:16000000",),
    )
    tags = tag_story([afp, ap, reuters])
    assert tags.primary_country == "BF"
    assert tags.sector == "politics"
    assert tags.edition == "west-africa"
    assert "dateline-differs-from-focus" in tags.flags
    assert tag_item(afp).primary_country == "SN"


def test_story_ignores_killed_items():
    good = WireItem(agency="a", guid="1", headline="Kenya floods", body_text="Floods hit Kenya.")
    killed = WireItem(
        agency="b",
        guid="2",
        headline="Uganda floods",
        body_text="Floods hit Uganda and Uganda again.",
        pubstatus=PubStatus.WITHDRAWN,
    )
    assert tag_story([good, killed]).primary_country == "KE"


def test_empty_story():
    tags = tag_story([])
    assert tags.primary_country is None and tags.sector is None
