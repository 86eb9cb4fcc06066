"""A reader's visit counts: the beacon fires in Chromium, the story trends on the next page."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from dateline.audience.trending.models import ReadCount
from tests.audience.trending_support import READER_AGENT, reset_trending_memory, wait_for_reads


@pytest.mark.django_db(transaction=True)
def test_read_in_browser_makes_the_story_trend(
    browser, live_server, publish_article, monkeypatch, screenshot
):
    tally = reset_trending_memory(monkeypatch)
    story = publish_article(title="Nairobi commuters return to the railway", country="KE")
    other = publish_article(
        title="Malawi maize harvest beats forecasts", country="MW", sector="agro-forestry"
    )

    reader = browser.new_context(user_agent=READER_AGENT)
    page = reader.new_page()
    page.goto(live_server.url + story.url)
    assert page.locator("section.rail--trending").count() == 0  # nothing read yet
    assert wait_for_reads(page, tally, 1) == 1

    page.reload()  # the same reader again within the hour
    page.wait_for_load_state("networkidle")
    assert tally.pending == 1

    call_command("trending", "refresh")
    assert ReadCount.objects.get(article=story).reads == 1

    page.goto(live_server.url + other.url)
    slot = page.locator("section.rail--trending")
    assert slot.get_by_role("heading").inner_text().lower() == "trending"
    entries = slot.locator("ol > li")
    assert entries.count() == 1
    assert entries.first.get_by_role("link", name="Nairobi commuters return to the railway")
    assert entries.first.locator(".tag").inner_text() == "Kenya"
    number = page.evaluate(
        "getComputedStyle(document.querySelector('.rail--trending li'), '::before').content"
    )
    assert number == "counter(trend)"
    screenshot(page, "trending-slot")
    reader.close()


@pytest.mark.django_db(transaction=True)
def test_reader_without_javascript_is_counted_by_the_image(
    browser, live_server, publish_article, monkeypatch
):
    tally = reset_trending_memory(monkeypatch)
    story = publish_article()
    reader = browser.new_context(user_agent=READER_AGENT, java_script_enabled=False)
    page = reader.new_page()
    page.goto(live_server.url + story.url)
    assert wait_for_reads(page, tally, 1) == 1
    reader.close()


@pytest.mark.django_db(transaction=True)
def test_headless_browser_is_not_a_reader(browser, live_server, publish_article, monkeypatch):
    tally = reset_trending_memory(monkeypatch)
    story = publish_article()
    page = browser.new_page()  # Playwright's own agent names itself HeadlessChrome
    with page.expect_response("**/beacon/") as beacon:
        page.goto(live_server.url + story.url)
    assert beacon.value.status == 204
    assert tally.pending == 0
    page.close()
