"""Latest and Trending as edge-included fragments, or inline when there is no front cache."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_pages_render_lists_inline_without_edge_includes(client, publish_article, settings):
    settings.DATELINE_EDGE_INCLUDES = False
    article = publish_article(title="Kenya opens geothermal plant")
    response = client.get(article.url)
    html = response.content.decode()
    assert "<esi:include" not in html
    assert 'id="rail-latest"' in html
    assert not response.has_header("Surrogate-Control")  # nothing for the front cache to parse


@pytest.mark.django_db
def test_pages_leave_lists_to_the_front_cache_with_edge_includes(client, publish_article, settings):
    settings.DATELINE_EDGE_INCLUDES = True
    article = publish_article(title="Kenya opens geothermal plant")
    response = client.get(article.url)
    assert response["Surrogate-Control"] == 'content="ESI/1.0"'
    html = response.content.decode()
    assert '<esi:include src="/fragments/latest/"/>' in html
    assert '<esi:include src="/fragments/trending/"/>' in html
    assert 'id="rail-latest"' not in html
    edition = client.get("/edition/east-africa/").content.decode()
    assert '<esi:include src="/fragments/trending/east-africa/"/>' in edition
    assert not client.get("/feeds/rss/").has_header("Surrogate-Control")


@pytest.mark.django_db
def test_fragments_are_short_lived_and_cookie_free(client, publish_article, settings):
    settings.DATELINE_FRAGMENT_SECONDS = 30
    publish_article(title="Kenya opens geothermal plant")
    latest = client.get("/fragments/latest/")
    assert "Kenya opens geothermal plant" in latest.content.decode()
    assert "s-maxage=30" in latest["Cache-Control"] and not latest.cookies
    trending = client.get("/fragments/trending/east-africa/")
    assert trending.status_code == 200
    assert "s-maxage=30" in trending["Cache-Control"]
