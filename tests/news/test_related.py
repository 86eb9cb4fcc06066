"""Related coverage under an article: the same story, then the same country; never a story
that is no longer live."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from lxml import html as lxml_html

from dateline.news.related import Coverage, closest

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def coverage(pk: int, hours: float, city: str = "", countries: tuple[int, ...] = ()) -> Coverage:
    return Coverage(pk, NOW + timedelta(hours=hours), city, frozenset(countries))


def test_the_same_dateline_leads_then_countries_in_common_then_nearest_in_time() -> None:
    article = coverage(1, 0, "Lilongwe", countries=(7, 8))
    others = [
        coverage(2, 1),
        coverage(3, -30, "lilongwe"),
        coverage(4, 20, countries=(8,)),
        coverage(5, -2),
        coverage(6, 48, "Lilongwe", countries=(7,)),
    ]
    assert closest(article, others) == [6, 3, 4, 2, 5]


def test_an_article_without_a_dateline_matches_none_by_city() -> None:
    assert closest(coverage(1, 0), [coverage(2, 5), coverage(3, 1, "")]) == [3, 2]


def _lists(client, article) -> dict[str, list[str]]:
    doc = lxml_html.fromstring(client.get(article.url).content)
    return {
        name: [a.text_content() for a in doc.xpath(f"//section[@aria-labelledby='{name}']//li/a")]
        for name in ("more-on-story", "more-from-country")
    }


@pytest.mark.django_db
def test_more_on_the_story_then_more_from_the_country(
    client, publish_article, django_capture_on_commit_callbacks
) -> None:
    article = publish_article(
        title="Cholera cases rise in Malawi's south", country="MW", sector="health"
    )
    same = publish_article(title="Malawi opens cholera tents", country="MW", sector="health")
    publish_article(
        title="Malawi's cholera season ends",
        country="MW",
        sector="health",
        published_ago=timedelta(days=40),
    )
    publish_article(title="Malawi maize harvest up", country="MW", sector="agro-forestry")
    publish_article(title="Cholera in Zambia", country="ZM", sector="health")
    lists = _lists(client, article)
    assert lists["more-on-story"] == ["Malawi opens cholera tents"]
    assert lists["more-from-country"] == ["Malawi maize harvest up", "Malawi's cholera season ends"]

    with django_capture_on_commit_callbacks(execute=True):
        same.unpublish()
    assert _lists(client, article)["more-on-story"] == []


@pytest.mark.django_db
def test_an_article_without_a_country_has_no_related_lists(client, publish_article) -> None:
    article = publish_article(title="Markets steady", country=None, sector=None)
    assert _lists(client, article) == {"more-on-story": [], "more-from-country": []}


@pytest.mark.django_db
def test_the_page_lists_the_closest_coverage_first(client, publish_article) -> None:
    article = publish_article(
        title="Cholera cases rise in Malawi's south", country="MW", sector="health"
    )
    article.dateline_city = "Blantyre"
    article.save_revision().publish()
    publish_article(title="Malawi asks for cholera vaccines", country="MW", sector="health")
    publish_article(
        title="Blantyre hospitals full",
        country="MW",
        sector="health",
        dateline_city="Blantyre",
        published_ago=timedelta(days=2),
    )
    assert _lists(client, article)["more-on-story"] == [
        "Blantyre hospitals full",
        "Malawi asks for cholera vaccines",
    ]


@pytest.mark.django_db
def test_killed_held_embargoed_or_private_copy_is_never_related(
    client, publish_article, hidden_from_readers
) -> None:
    article = publish_article(title="Cholera cases rise in Malawi", country="MW", sector="health")
    hidden_from_readers(country="MW", sector="health")
    publish_article(title="Malawi maize harvest up", country="MW", sector="agro-forestry")
    assert _lists(client, article) == {
        "more-on-story": [],
        "more-from-country": ["Malawi maize harvest up"],
    }


@pytest.mark.django_db
def test_behind_a_front_cache_related_coverage_is_a_short_lived_fragment(
    client, publish_article, settings, django_capture_on_commit_callbacks
) -> None:
    settings.DATELINE_EDGE_INCLUDES = True
    settings.DATELINE_FRAGMENT_SECONDS = 30
    article = publish_article(title="Cholera cases rise in Malawi", country="MW", sector="health")
    same = publish_article(title="Malawi opens cholera tents", country="MW", sector="health")
    page = client.get(article.url).content.decode()
    fragment_url = f"/fragments/related/{article.pk}/"
    assert f'data-fragment="{fragment_url}"' in page  # fetched by the reader's browser
    assert "Malawi opens cholera tents" not in page

    fragment = client.get(fragment_url)
    assert "s-maxage=30" in fragment["Cache-Control"] and not fragment.cookies
    doc = lxml_html.fromstring(fragment.content)
    assert doc.xpath("//section[@aria-labelledby='more-on-story']//a/@href") == [same.url]

    with django_capture_on_commit_callbacks(execute=True):
        same.unpublish()
    assert "Malawi opens cholera tents" not in client.get(fragment_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get(fragment_url).status_code == 404
    assert client.get("/fragments/related/99999999/").status_code == 404
