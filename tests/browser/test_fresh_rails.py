"""A reader of a cached article sees the Latest rail as it is now, not as it was cached."""

from __future__ import annotations

import pytest


@pytest.mark.django_db(transaction=True)
def test_cached_article_shows_a_story_published_after_it_was_cached(
    browser, live_server, publish_article, settings
):
    settings.DATELINE_EDGE_INCLUDES = True
    article = publish_article(title="Harbour dredging finishes in Mombasa")
    url = live_server.url + article.url
    context = browser.new_context()
    page = context.new_page()
    cached = page.goto(url).text()
    # From now on the page comes from the "front cache" as it was; its fragments do not.
    context.route(url, lambda route: route.fulfill(body=cached, content_type="text/html"))
    publish_article(title="Nairobi opens second commuter rail line")
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))

    page.goto(url)
    assert "Nairobi opens second commuter rail line" not in cached
    latest = page.locator("section:has(#rail-latest)")
    latest.get_by_role("link", name="Nairobi opens second commuter rail line").wait_for()
    assert page.locator("[data-fragment]").count() == 0  # every placeholder was filled
    assert not [m for m in messages if "Content Security Policy" in m]
    context.close()


@pytest.mark.django_db(transaction=True)
def test_reader_without_javascript_keeps_links_to_the_lists(
    browser, live_server, publish_article, settings
):
    settings.DATELINE_EDGE_INCLUDES = True
    article = publish_article(title="Harbour dredging finishes in Mombasa")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.url)
    page.get_by_role("link", name="All the latest news").click()
    assert page.url == live_server.url + "/news/"
    assert page.get_by_role("link", name="Harbour dredging finishes in Mombasa").count() >= 1
    context.close()
