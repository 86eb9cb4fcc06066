"""The taxonomies shipped with the project and the time format readers see."""

from __future__ import annotations

from datetime import UTC, datetime

import pycountry
import pytest

from dateline.news.models import Country, Edition, Sector
from dateline.news.reference import country_editions, country_name, edition_for_country
from dateline.news.timefmt import newsroom_time


@pytest.mark.django_db
def test_fifteen_sectors_and_eleven_editions_plus_global():
    assert Sector.objects.count() == 15
    assert set(Sector.objects.values_list("slug", flat=True)) >= {"wash", "health", "art-culture"}
    assert Edition.objects.count() == 12
    assert Edition.objects.get(slug="global").name == "Global"


def test_every_iso_country_belongs_to_exactly_one_edition():
    table = country_editions()
    assert set(table) == {c.alpha_2 for c in pycountry.countries}
    assert edition_for_country("NE") == "west-africa"
    assert edition_for_country("SN") == "west-africa"
    assert edition_for_country("RU") == "europe-central-asia"
    assert edition_for_country("IN") == "south-asia"
    assert edition_for_country("EG") == "middle-east-north-africa"
    assert edition_for_country("US") == "north-america"
    assert edition_for_country("FJ") == "pacific"
    assert edition_for_country(None) == "global"
    assert edition_for_country("ZZ") == "global"


@pytest.mark.django_db
def test_countries_carry_reader_friendly_names():
    assert Country.objects.count() == len(list(pycountry.countries))
    assert Country.objects.get(code="RU").name == "Russia"
    assert Country.objects.get(code="KR").name == "South Korea"
    assert Country.objects.get(code="CD").slug == "dr-congo"
    assert country_name("ne") == "Niger"


def test_newsroom_time_is_local_with_zone_abbreviation(settings):
    moment = datetime(2025, 4, 28, 6, 19, tzinfo=UTC)
    settings.DATELINE_DISPLAY_TIME_ZONE = "Asia/Kolkata"
    assert newsroom_time(moment) == "28-04-2025 11:49 IST"
    settings.DATELINE_DISPLAY_TIME_ZONE = "Europe/London"
    assert newsroom_time(moment) == "28-04-2025 07:19 BST"
    assert newsroom_time(None) == ""
