"""Typo tolerance: a misspelt word finds what the word meant, and the reader is told."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from lxml import html as lxml_html

from dateline.search.spelling import closest

pytestmark = pytest.mark.django_db

HAS = "contains(concat(' ', normalize-space(@class), ' '), ' "


@pytest.fixture
def desk(publish_article):
    publish_article(
        title="Cholera cases climb in southern Malawi",
        country="MW",
        sector="health",
        standfirst="Health workers opened two treatment tents near Blantyre.",
    )
    publish_article(title="Rail line to the port reopens", country="KE", sector="transport")


def results(client, **params):
    response = client.get("/search/?" + urlencode(params))
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    headlines = [h.text_content() for h in doc.xpath(f"//h2[{HAS}search-result__title ')]")]
    corrected = doc.xpath(f"//p[{HAS}search-corrected ')]")
    return headlines, corrected[0] if corrected else None


def test_a_misspelt_word_finds_the_story_and_says_what_was_searched(client, desk):
    headlines, note = results(client, q="cholra")
    assert headlines == ["Cholera cases climb in southern Malawi"]
    assert note is not None
    assert note.xpath("string(.//strong)") == "cholera"
    exact = note.xpath(".//a")[0]
    assert exact.text_content() == "cholra" and "exact=1" in exact.get("href")


def test_the_words_as_typed_find_nothing_when_asked_for(client, desk):
    headlines, note = results(client, q="cholra", exact="1")
    assert headlines == [] and note is None


def test_a_word_that_matches_is_never_corrected(client, desk):
    headlines, note = results(client, q="cholera malawi")
    assert headlines == ["Cholera cases climb in southern Malawi"] and note is None


def test_a_word_far_from_every_story_is_left_alone(client, desk):
    headlines, note = results(client, q="zeppelin")
    assert headlines == [] and note is None


def test_closest_prefers_the_closer_then_the_more_used_word():
    words = {"c": [("choler", 9), ("cholera", 5), ("cholla", 9)]}
    assert closest("cholra", words) == "cholera"
    assert closest("kenia", {"k": [("kenya", 40), ("kenta", 2)]}) == "kenya"
    assert closest("cholera", words) is None
    assert closest("xylophone", words) is None
