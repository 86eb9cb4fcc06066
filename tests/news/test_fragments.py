"""Latest and Trending as fragments the reader's browser fetches from the front cache, or
inline when there is no front cache."""

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
def test_pages_leave_lists_to_fetched_fragments_with_edge_includes(
    client, publish_article, settings
):
    settings.DATELINE_EDGE_INCLUDES = True
    article = publish_article(title="Kenya opens geothermal plant")
    response = client.get(article.url)
    html = response.content.decode()
    assert '<script src="/static/news/rails.js" defer></script>' in html
    assert 'data-fragment="/fragments/latest/"' in html
    assert 'data-fragment="/fragments/trending/"' in html
    assert f'data-fragment="/fragments/related/{article.pk}/"' in html
    assert 'id="rail-latest"' not in html  # the list itself comes from the fragment
    # Readers without JavaScript keep a way to the lists the placeholders stand for.
    assert '<a href="/news/">All the latest news</a>' in html
    assert '<a href="/country/kenya/">All stories from Kenya</a>' in html
    # Varnish serves the page as one object: nothing for it to assemble.
    assert "<esi:include" not in html and not response.has_header("Surrogate-Control")
    edition = client.get("/edition/east-africa/").content.decode()
    assert 'data-fragment="/fragments/trending/east-africa/"' in edition
    assert '<a href="/edition/east-africa/">Top stories</a>' in edition


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
