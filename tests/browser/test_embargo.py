"""An item embargoed six hours ahead, in Chromium: off the home page until it is released,
by Wagtail's scheduler once the time has come, or by an editor early, with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from dateline.desk import release
from dateline.desk.cursor import CACHE
from dateline.desk.models import Action
from tests.desk.pipeline_support import article_of, embargoed_story


def front_page_has(browser, url: str, headline: str) -> bool:
    """A new reader's home page (a reader's browser may keep the old one for its max-age)."""
    cache.clear()
    reader = browser.new_context().new_page()
    reader.goto(url + "/")
    found = reader.get_by_role("link", name=headline).count() > 0
    reader.context.close()
    return found


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_releases_an_embargoed_story_when_its_time_comes(
    browser, live_server, site_tree, monkeypatch, screenshot
):
    story = embargoed_story()
    headline = article_of(story).title
    assert not front_page_has(browser, live_server.url, headline)

    later = timezone.now() + timedelta(hours=6, minutes=1)
    with monkeypatch.context() as clock:
        clock.setattr(timezone, "now", lambda: later)  # the embargo time has passed
        release.publish_scheduled()

    reader = browser.new_context().new_page()
    reader.goto(live_server.url + "/")
    reader.get_by_role("link", name=headline).first.click()
    reader.wait_for_url(f"**{article_of(story).url}")
    assert reader.locator("h1").inner_text() == headline
    screenshot(reader, "embargo-released-by-scheduler")
    CACHE.forget()


@pytest.mark.django_db(transaction=True)
def test_an_editor_releases_an_embargoed_story_early_with_a_reason(
    browser, live_server, site_tree, screenshot
):
    story = embargoed_story()
    headline = article_of(story).title
    get_user_model().objects.create_superuser("editor", "editor@example.org", "correct horse")
    assert not front_page_has(browser, live_server.url, headline)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "correct horse")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + f"/admin/desk/stories/{story.pk}/")

    panel = page.locator(".story-embargo")
    assert "Embargoed until" in panel.inner_text()
    countdown = panel.locator(".embargo-countdown")
    assert countdown.inner_text() in ("6 h to go", "5 h 59 min to go")
    screenshot(page, "embargo-story-screen")

    # Without the confirmation the browser does not send the form: nothing is released.
    panel.get_by_label("Reason").fill("The minister announced the budget on television.")
    panel.get_by_role("button", name="Release now").click()
    assert page.url.endswith(f"/admin/desk/stories/{story.pk}/")
    assert not front_page_has(browser, live_server.url, headline)

    panel.get_by_label("I confirm the article goes out before the agency's embargo").check()
    panel.get_by_role("button", name="Release now").click()
    page.wait_for_load_state()
    assert "Released before the embargo" in page.locator(".messages").inner_text()
    trail = page.locator(".events").inner_text()
    assert "The minister announced the budget on television." in trail
    assert page.locator(".story-embargo").count() == 0
    screenshot(page, "embargo-released-early")

    assert front_page_has(browser, live_server.url, headline)
    event = story.events.get(action=Action.RELEASED)
    assert event.user.username == "editor"
    CACHE.forget()
