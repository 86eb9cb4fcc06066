"""Datelines as agencies type them: capitals, no accents, agency marks."""

import pytest

from dateline.places.gazetteer import country_code, dateline_country
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


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # Reuters-21578 datelines the wire read as no country before it shared the desk's
        # gazetteer: older or German spellings, and a city named with its state.
        ("FRANKFURT, March 3 -", "DE"),
        ("PEKING, March 3 -", "CN"),
        ("BERNE, March 3 -", "CH"),
        ("DUESSELDORF, West Germany, March 3 -", "DE"),
        ("BOMBAY, March 3 -", "IN"),
        ("ST. PAUL, Minn., March 3 -", "US"),
    ],
)
def test_the_wire_reads_a_dateline_country_as_the_desk_does(text, country):
    found = parse_dateline(text)
    assert found.country == country
    assert found.country == dateline_country(found.city, text)


@pytest.mark.parametrize(
    ("written", "code"),
    [("Senegal", "SN"), ("SEN", "SN"), ("SN", "SN"), ("Ivory Coast", "CI"), ("SC", "US")],
)
def test_metadata_country_names_and_codes_read_through_the_gazetteer(written, code):
    assert country_code(written) == code
