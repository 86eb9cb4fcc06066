"""House headlines from agency headlines: wire marks out, capitals tamed, names kept."""

import pytest

from dateline.desk.core.headlines import (
    clean_headline,
    house_case,
    needs_house_case,
    proper_noun_forms,
    strip_wire_marks,
)


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("UPDATE 2-Oil prices rise on supply worries", "Oil prices rise on supply worries"),
        ("UPDATE 1-Oil prices rise", "Oil prices rise"),
        ("update 3 - Oil prices rise", "Oil prices rise"),
        ("RPT-Oil prices rise", "Oil prices rise"),
        ("REFILE-Oil prices rise", "Oil prices rise"),
        ("EXCLUSIVE-Oil prices rise", "Oil prices rise"),
        ("Exclusive: Oil prices rise", "Oil prices rise"),
        ("CORRECTED-Oil prices rise", "Oil prices rise"),
        ("URGENT: Oil prices rise", "Oil prices rise"),
        ("FLASH: Oil prices rise", "Oil prices rise"),
        ("BREAKING: Oil prices rise", "Oil prices rise"),
        ("WRAPUP 1-Oil prices rise", "Oil prices rise"),
        ("INSIGHT-Oil prices rise", "Oil prices rise"),
        ("ANALYSIS-Oil prices rise", "Oil prices rise"),
        ("FACTBOX-Oil prices rise", "Oil prices rise"),
        ("RPT-UPDATE 2-EXCLUSIVE-Oil prices rise", "Oil prices rise"),
        ("FOCUS-Oil prices rise", "Oil prices rise"),
        ("Explainer: Why oil prices rise", "Why oil prices rise"),
        ("Oil prices rise (Reuters)", "Oil prices rise"),
        ("Oil prices rise - Reuters", "Oil prices rise"),
        ("Oil prices rise | AFP", "Oil prices rise"),
        ("Oil prices rise (UPDATE 1)", "Oil prices rise"),
        ("Oil   prices    rise", "Oil prices rise"),
        ("USAir &lt;U> buys stake", "USAir buys stake"),
    ],
)
def test_wire_marks_are_stripped(wire: str, expected: str) -> None:
    assert strip_wire_marks(wire) == expected


@pytest.mark.parametrize(
    "headline",
    [
        "Flash floods kill 12 in Kenya",
        "Breaking the deadlock: talks resume in Geneva",
        "Update on talks expected Monday",
        "Focus-group study finds voters undecided",
        "Feature-length film wins top prize",
        "Poehl says further rate cut possible - sources",
    ],
)
def test_words_that_only_look_like_marks_stay(headline: str) -> None:
    assert strip_wire_marks(headline) == headline


BODY = (
    "Russian President Vladimir Putin on Monday thanked North Korean leader Kim Jong Un for "
    "sending troops to Russia's Kursk region. The United States and NATO said the U.S. "
    "estimate was 11,000 troops. Putin spoke after talks with the UN envoy and WHO officials. "
    "The court in the capital was closed, while the Supreme Court sat."
)


def test_all_caps_becomes_sentence_case_keeping_names_and_acronyms() -> None:
    headline = "UPDATE 2-PUTIN THANKS NORTH KOREA'S KIM FOR TROOPS IN KURSK, U.S. AND NATO WARY"
    assert clean_headline(headline, [BODY]) == (
        "Putin thanks North Korea's Kim for troops in Kursk, U.S. and NATO wary"
    )


def test_title_case_becomes_sentence_case() -> None:
    headline = "Putin Thanks Kim Jong Un For North Korean Troops' Role In Kursk (AFP)"
    assert clean_headline(headline, [BODY]) == (
        "Putin thanks Kim Jong Un for North Korean troops' role in Kursk"
    )


def test_acronyms_known_without_the_body() -> None:
    assert house_case("UN AND EU DISCUSS COVID-19 AID WITH IMF") == (
        "UN and EU discuss COVID-19 aid with IMF"
    )


def test_acronym_taught_by_the_body_beats_the_common_word() -> None:
    assert clean_headline("WHO WARNS ON MEASLES", [BODY]) == "WHO warns on measles"
    assert clean_headline("WHO WARNS ON MEASLES", []) == "Who warns on measles"


def test_word_capitalised_only_inside_a_longer_name_is_lowered_alone() -> None:
    forms = proper_noun_forms([BODY])
    assert "court" not in forms.words
    assert house_case("CAPITAL COURT CLOSED AS SUPREME COURT SITS", forms) == (
        "Capital court closed as Supreme Court sits"
    )


def test_sentence_case_headline_is_left_alone() -> None:
    headline = "Putin thanks Kim Jong Un for North Korean troops in Kursk"
    assert not needs_house_case(headline)
    assert clean_headline(headline, [BODY]) == headline


def test_internal_capitals_and_numbers_survive() -> None:
    assert house_case("APPLE'S IPHONE SALES FALL 3.5 PCT IN Q2") == (
        "Apple's iphone sales fall 3.5 pct in Q2"
    )
    assert house_case("Apple Sells More iPhone Units Than Expected") == (
        "Apple sells more iPhone units than expected"
    )


def test_countries_and_months_known_without_the_body() -> None:
    assert house_case("FLOODS HIT KENYA AND UGANDA IN MARCH") == (
        "Floods hit Kenya and Uganda in March"
    )


def test_all_caps_body_teaches_nothing() -> None:
    forms = proper_noun_forms(["THE PRESIDENT SAID THE TALKS WOULD GO ON."])
    assert forms.words == {}
