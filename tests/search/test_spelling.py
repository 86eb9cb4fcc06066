"""Typo tolerance: a misspelt word finds what the word meant, and the reader is told."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

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


def test_a_misspelt_word_among_right_ones_is_corrected(client, desk):
    headlines, note = results(client, q="cholra malawi")
    assert headlines == ["Cholera cases climb in southern Malawi"]
    assert note.xpath("string(.//strong)") == "cholera malawi"


@pytest.fixture
def outbreak(publish_article):
    for town in ("Blantyre", "Zomba", "Mangochi", "Lilongwe", "Mzuzu"):
        publish_article(title=f"Cholera reaches {town}", country="MW", sector="health")
    publish_article(
        title="Clinic opens in Chikwawa",
        country="MW",
        sector="health",
        body="<p>The clinic treats cholra patients.</p>",  # the agency's typo
    )
    publish_article(title="Mali votes in a referendum", country="ML", sector="politics")


def test_a_word_that_finds_few_stories_is_offered_a_spelling_that_finds_more(client, outbreak):
    response = client.get("/search/?" + urlencode({"q": "cholra"}))
    doc = lxml_html.fromstring(response.content)
    headlines = [h.text_content() for h in doc.xpath(f"//h2[{HAS}search-result__title ')]")]
    assert headlines == ["Clinic opens in Chikwawa"]  # the words as typed still lead
    offer = doc.xpath(f"//p[{HAS}search-corrected ')]//a")
    assert [a.text_content() for a in offer] == ["cholera"]
    followed, note = results(client, **dict(parse_qsl(urlsplit(offer[0].get("href")).query)))
    assert len(followed) == 5 and note is None


def test_a_real_word_is_not_offered_a_more_common_neighbour(client, outbreak, publish_article):
    for town in ("Blantyre", "Zomba", "Mangochi", "Lilongwe", "Mzuzu"):
        publish_article(title=f"Malawi budget for {town}", country="MW", sector="politics")
    response = client.get("/search/?" + urlencode({"q": "mali"}))
    doc = lxml_html.fromstring(response.content)
    assert not doc.xpath(f"//p[{HAS}search-corrected ')]")
    assert [h.text_content() for h in doc.xpath(f"//h2[{HAS}search-result__title ')]")] == [
        "Mali votes in a referendum"
    ]


def test_closest_prefers_the_closer_then_the_more_used_word():
    words = [("choler", 9), ("cholera", 5), ("cholla", 9)]
    assert closest("cholra", words) == "cholera"
    assert closest("kenia", [("kenya", 40), ("kenta", 2)]) == "kenya"
    assert closest("cholera", words) is None
    assert closest("xylophone", words) is None


def test_closest_corrects_a_used_word_only_to_a_much_more_used_close_one():
    assert closest("cholra", [("cholra", 1), ("cholera", 5)]) == "cholera"
    assert closest("cholra", [("cholra", 2), ("cholera", 5)]) is None
    assert closest("mali", [("mali", 1), ("malawi", 50)]) is None
