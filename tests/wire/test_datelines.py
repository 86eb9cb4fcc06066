"""Datelines as agencies type them: capitals, no accents, agency marks."""

import pytest

from dateline.wire.parsers.datelines import parse_dateline


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        ("SAO PAULO", "Sao Paulo", "BR"),
        ("Sao Paulo (Cordillera Agency) -", "Sao Paulo", "BR"),
        ("São Paulo", "São Paulo", "BR"),
        ("BOGOTA, March 3", "Bogota", "CO"),
        ("ZURICH", "Zurich", "CH"),
        ("NAIROBI, Kenya", "Nairobi", "KE"),
    ],
)
def test_a_city_typed_without_its_accents_still_names_its_country(text, city, country):
    found = parse_dateline(text)
    assert (found.city, found.country) == (city, country)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("HORRY COUNTY, SC (WMBF) -", "US"),
        ("GREENVILLE, NC -", "US"),
        ("COLUMBIA, S.C. -", "US"),
        ("VICTORIA, Seychelles", "SC"),
    ],
)
def test_a_state_postal_code_after_a_town_is_the_united_states(text, country):
    assert parse_dateline(text).country == country
