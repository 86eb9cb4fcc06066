"""An editor in Chromium: finds a held, flagged story under Wire → Stories and publishes it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from dateline.desk.cursor import CACHE
from dateline.desk.models import Story
from dateline.desk.pipeline import process_pending
from tests.desk.pipeline_support import NIGER, article_of, ingest, ninjs, review_source

HEADLINE = "Gunmen kill 12 soldiers in western Niger, army says"


@pytest.mark.django_db(transaction=True)
def test_editor_publishes_a_held_story(browser, live_server, site_tree, screenshot):
    CACHE.forget()
    ingest("Lakeside", ninjs("urn:lakeside:niger", NIGER), source=review_source())
    process_pending()
    story = Story.objects.get()
    article_url = live_server.url + article_of(story).url
    get_user_model().objects.create_superuser("editor", "editor@example.org", "correct horse")

    reader = browser.new_page()
    assert reader.goto(article_url).status == 404

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "correct horse")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    page.get_by_role("button", name="Wire").click()
    page.get_by_role("link", name="Stories").click()
    page.wait_for_url("**/admin/desk/stories/")
    row = page.locator("tr.story", has_text=HEADLINE)
    assert row.locator(".state").inner_text() == "Held for review"
    assert "Dateline differs from focus" in row.locator(".flags").inner_text()
    screenshot(page, "desk-stories-held")

    row.get_by_role("link", name=HEADLINE).click()
    page.wait_for_url(f"**/admin/desk/stories/{story.pk}/")
    assert "Dateline differs from focus" in page.locator(".story-flags").inner_text()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**/admin/desk/stories/{story.pk}/")
    assert page.locator(".story-state").inner_text().startswith("Published")
    screenshot(page, "desk-story-published")

    # A new reader (the first one's browser may keep the 404 for its max-age).
    reader = browser.new_context().new_page()
    response = reader.goto(article_url)
    assert response.status == 200
    assert reader.locator("h1").inner_text() == HEADLINE
    assert "Niger" in reader.locator(".tags").inner_text()
    CACHE.forget()
