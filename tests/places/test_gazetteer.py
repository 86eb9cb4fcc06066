"""The gazetteer: which words point at which country, and which do not."""

import pytest

from dateline.places.gazetteer import country_name, dateline_country, find_mentions


def codes(text: str) -> list[str]:
    return [m.code for m in find_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("French troops left.", ["FR"]),
        ("the Nigerien army", ["NE"]),
        ("the Nigerian army", ["NG"]),
        ("Ukrainian drones", ["UA"]),
        ("U.S. officials", ["US"]),
        ("the UK and Britain", ["GB", "GB"]),
        ("West Germany and East Germany", ["DE", "DE"]),
        ("the Soviet Union", ["RU"]),
        ("Ivory Coast and Côte d'Ivoire", ["CI", "CI"]),
        ("Burma", ["MM"]),
    ],
)
def test_names_short_forms_and_demonyms(text, expected):
    assert codes(text) == expected


def test_niger_is_not_nigeria_and_guineas_are_told_apart():
    assert codes("Niger and Nigeria") == ["NE", "NG"]
    assert codes("Guinea, Guinea-Bissau, Equatorial Guinea and Papua New Guinea") == [
        "GN",
        "GW",
        "GQ",
        "PG",
    ]


def test_congo_means_the_democratic_republic_unless_qualified():
    assert codes("Congo") == ["CD"]
    assert codes("the Republic of Congo") == ["CG"]
    assert codes("Democratic Republic of Congo") == ["CD"]


def test_case_matters_for_common_words():
    assert codes("They served turkey to us in the evening.") == []
    assert codes("Turkey told US officials") == ["TR", "US"]


def test_all_caps_headlines_still_match_but_not_the_pronoun():
    assert codes("TURKEY SAYS U.S. TRADE TALKS WITH UK STALLED") == ["TR", "US", "GB"]
    assert codes("TELL US WHY") == []


def test_capitals_big_cities_and_us_states():
    assert codes("Lagos, Karachi and Tbilisi") == ["NG", "PK", "GE"]
    assert codes("Texas and California") == ["US", "US"]


def test_georgia_is_flagged_as_ambiguous():
    (m,) = find_mentions("Georgia")
    assert m.code == "GE"
    assert "US" in m.alternatives


def test_person_names_are_not_countries():
    assert codes("Michael Jordan scored 40 points.") == []
    assert codes("Chad Smith signed a contract.") == []
    assert codes("King Abdullah of Jordan met the president of Chad.") == ["JO", "TD"]


def test_blockers_swallow_regional_phrases():
    assert codes("Latin American debt and Georgia-Pacific shares") == []
    assert codes("North America") == []


def test_words_inside_other_words_do_not_match():
    assert codes("Romanians and Omanis; Chadwick") == ["RO", "OM"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DAKAR, Senegal —", "SN"),
        ("PHOENIX, Ariz., April 13 -", "US"),
        ("NEW YORK, March 9 -", "US"),
        ("WASHINGTON, March 12 -", "US"),
        ("LONDON, March 9 -", "GB"),
        ("LONDON, Ontario, March 9 -", "CA"),
        ("BOMBAY, March 3 -", "IN"),
        ("ATLANTA, Georgia", "US"),
        ("TBILISI, Georgia (Reuters) -", "GE"),
        ("KINSHASA, Congo", "CD"),
        ("BRAZZAVILLE, Congo", "CG"),
        ("NOWHEREVILLE, March 3 -", None),
    ],
)
def test_dateline_country(text, expected):
    assert dateline_country(text=text) == expected


def test_dateline_city_alone():
    assert dateline_country(city="Nairobi") == "KE"


def test_country_name():
    assert country_name("ne") == "Niger"


def test_city_names_that_are_common_words_do_not_match_even_with_accents_folded():
    assert codes("COMPUTER MAKER COMPLETES SALE OF UNIT") == []
    assert codes("The Sale went ahead.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police in Paris, Texas, said on Monday", ["US", "US"]),
        ("ATHENS, Ga. police arrested two men", ["US", "US"]),
        ("The mayor of Lebanon, Tenn. resigned", ["US", "US"]),
        ("Flooding hit London, Ontario overnight", ["CA", "CA"]),
        ("Inmates from Walker County, Ga. were captured", ["US", "US"]),
        ("Residents of Gainesville, Va. met on Tuesday", ["US", "US"]),
    ],
)
def test_a_place_followed_by_its_state_or_province_belongs_to_that_country(text, expected):
    assert codes(text) == expected


def test_a_foreign_namesake_keeps_its_home_country_as_an_alternative():
    (paris,) = find_mentions("Paris police said")
    assert (paris.code, "US" in paris.alternatives) == ("FR", True)


@pytest.mark.parametrize(
    "text",
    [
        "Oil output in the Gulf of Mexico fell",
        "GULF OF MEXICO RIG COUNT FALLS",
        "Ships crossed the South China Sea",
        "Pirates in the Gulf of Aden",
    ],
)
def test_seas_and_gulfs_are_not_their_countries(text):
    assert not {"MX", "CN", "YE"} & set(codes(text))


@pytest.mark.parametrize(
    "text",
    [
        "Lin-Manuel Miranda has shingles",
        "Harrison said the council would vote",
        "Central bankers met in March",
        "Bank shares rose",
    ],
)
def test_people_and_common_words_are_not_towns(text):
    assert codes(text) == []


def test_towns_and_counties_name_their_country():
    assert codes("Epicurean Santa Barbara opens in Cuyahoga County") == ["US", "US"]
