"""An item embargoed six hours ahead, in Chromium: off the home page until it is released,
by Wagtail's scheduler once the time has come, or by an editor early, with a reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from dateline.desk import release
from dateline.desk.cursor import CACHE
from dateline.desk.models import Action, Story
from dateline.desk.pipeline import process_pending
from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import Source
from tests.desk.pipeline_support import article_of
from tests.wire.conftest import read_fixture


def _stamp(when: datetime) -> bytes:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()


def embargoed_story(hours: int = 6) -> Story:
    """The NewsML-G2 fixture as sent a minute ago, embargoed `hours` ahead, from an agency
    whose copy is published at once."""
    now = datetime.now(UTC)
    data = read_fixture("newsmlg2/embargoed.xml")
    for sent in (b"2024-03-09T14:05:00Z", b"2024-03-09T14:00:00Z"):
        data = data.replace(sent, _stamp(now - timedelta(minutes=1)))
    data = data.replace(b"2024-03-09T18:00:00Z", _stamp(now + timedelta(hours=hours)))
    source = Source.objects.create(
        name="Sahel Press wire",
        slug="sahel-press",
        agency="Sahel Press",
        transport="push",
        policy="publish",
    )
    CACHE.forget()
    ingest_bytes(data, source=source, format="newsmlg2")
    process_pending()
    return Story.objects.get()


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
