"""Related coverage under an article: the same story, then the same country; never a story
that is no longer live."""

from __future__ import annotations

from datetime import timedelta

import pytest
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db


def _lists(client, article) -> dict[str, list[str]]:
    doc = lxml_html.fromstring(client.get(article.url).content)
    return {
        name: [a.text_content() for a in doc.xpath(f"//section[@aria-labelledby='{name}']//li/a")]
        for name in ("more-on-story", "more-from-country")
    }


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


def test_an_article_without_a_country_has_no_related_lists(client, publish_article) -> None:
    article = publish_article(title="Markets steady", country=None, sector=None)
    assert _lists(client, article) == {"more-on-story": [], "more-from-country": []}
