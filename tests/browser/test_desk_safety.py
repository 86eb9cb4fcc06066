"""An editor in Chromium meets the desk's safe actions: a killed article cannot be published
again from the page editor, a killed story cannot be merged away, and a wire update is
taken part by part."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from playwright.sync_api import expect

from dateline.desk import stories
from dateline.desk.cursor import CACHE
from dateline.desk.models import Story, StoryState
from dateline.desk.pipeline import process_pending
from tests.desk.pipeline_support import (
    FLOODS,
    FLOODS_OTHER,
    RATES,
    article_of,
    ingest,
    later,
    ninjs,
)

RATES_HEADLINE = "Bank of England holds rates at 4.5 pct as inflation eases"
PASSWORD = "correct horse"


@pytest.fixture
def editor(db):
    CACHE.forget()
    yield get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    CACHE.forget()


def logged_in(browser, live_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    return page


def reader_status(browser, url: str) -> int:
    """What a new reader gets (a reader's browser may keep an old answer for its max-age)."""
    cache.clear()
    context = browser.new_context()
    status = context.new_page().goto(url).status
    context.close()
    return status


def reader_sees(browser, url: str, text: str) -> bool:
    cache.clear()
    context = browser.new_context()
    reader = context.new_page()
    reader.goto(url)
    found = text in reader.content()
    context.close()
    return found


@pytest.mark.django_db(transaction=True)
def test_a_killed_article_stays_gone_when_published_again_in_the_page_editor(
    browser, live_server, site_tree, editor, screenshot
):
    ingest("Harbour", ninjs("urn:harbour:rates", RATES))
    process_pending()
    story = Story.objects.get()
    article_url = live_server.url + article_of(story).url
    assert reader_status(browser, article_url) == 200

    page = logged_in(browser, live_server)
    page.goto(f"{live_server.url}/admin/desk/stories/{story.pk}/")
    page.fill("input[name=reason]", "Legal advice")
    page.get_by_role("button", name="Kill").click()
    assert "answer 410 Gone" in page.locator(".desk-confirm").inner_text()
    screenshot(page, "desk-kill-confirm")
    page.locator(".desk-confirm").get_by_role("button", name="Kill").click()
    page.wait_for_url(f"**/admin/desk/stories/{story.pk}/")
    assert page.locator(".story-state").inner_text().startswith("Killed")
    assert reader_status(browser, article_url) == 410

    page.get_by_role("link", name="Edit in the page editor").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    assert "was killed (Legal advice)" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    message = page.locator(".messages").inner_text()
    assert "Publishing it again is refused" in message and "Reinstate" in message
    screenshot(page, "desk-killed-publish-refused")

    story.refresh_from_db()
    assert story.state == StoryState.KILLED
    assert reader_status(browser, article_url) == 410
    assert not reader_sees(browser, live_server.url + "/", RATES_HEADLINE)
    assert not reader_sees(browser, live_server.url + "/feeds/rss/", RATES_HEADLINE)


@pytest.mark.django_db(transaction=True)
def test_merging_a_killed_story_is_refused_and_its_address_stays_gone(
    browser, live_server, site_tree, editor, screenshot
):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    ingest("Lakeside", ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(60 * 24 * 5)))
    process_pending()
    first, second = Story.objects.order_by("pk")
    stories.kill(second, editor, "Wrong event")
    gone_url = live_server.url + article_of(second).url
    assert reader_status(browser, gone_url) == 410

    page = logged_in(browser, live_server)
    page.goto(f"{live_server.url}/admin/desk/stories/{first.pk}/")
    # The picker does not offer a killed story...
    page.get_by_role("button", name="Choose a story").click()
    modal = page.locator(".modal-content")
    modal.locator("input[name=q]").fill("Isiolo Samburu")
    expect(modal.get_by_text("Sorry, there are no matches")).to_be_visible()
    modal.locator("button.close").click()
    # ...and a merge posted with its number anyway (an old tab, a crafted form) is refused.
    page.eval_on_selector("input[name=other]", "(input, pk) => { input.value = pk }", second.pk)
    page.get_by_role("button", name="Merge into this story").click()
    page.wait_for_url(f"**/admin/desk/stories/{first.pk}/")
    message = page.locator(".messages").inner_text()
    assert f"Story #{second.pk} was killed" in message and "cannot be merged" in message
    screenshot(page, "desk-merge-killed-refused")

    second.refresh_from_db()
    assert second.merged_into is None
    assert reader_status(browser, gone_url) == 410


@pytest.mark.django_db(transaction=True)
def test_an_editor_picks_the_story_to_merge_by_words_of_its_headline_and_can_undo_it(
    browser, live_server, site_tree, editor, screenshot
):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    ingest("Lakeside", ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(60 * 24 * 5)))
    ingest("Harbour", ninjs("urn:harbour:rates", RATES, at=later(60 * 24 * 6)))
    process_pending()
    first, second, _rates = Story.objects.order_by("pk")

    page = logged_in(browser, live_server)
    page.goto(f"{live_server.url}/admin/desk/stories/{first.pk}/")
    page.get_by_role("button", name="Choose a story").click()
    modal = page.locator(".modal-content")
    modal.locator("input[name=q]").fill("samburu death toll")
    choice = modal.get_by_role("link", name=second.headline)
    expect(choice).to_be_visible()
    expect(modal.get_by_text(RATES_HEADLINE)).to_have_count(0)
    screenshot(page, "desk-merge-picker")
    choice.click()
    expect(page.locator(".chooser").get_by_text(second.headline)).to_be_visible()
    page.get_by_role("button", name="Merge into this story").click()
    confirm = page.locator(".desk-confirm")
    assert f"#{second.pk}: {second.headline}" in confirm.inner_text()
    confirm.get_by_role("button", name="Merge").click()
    page.wait_for_url(f"**/admin/desk/stories/{first.pk}/")
    second.refresh_from_db()
    assert second.merged_into_id == first.pk

    page.goto(f"{live_server.url}/admin/desk/stories/{second.pk}/")
    page.get_by_role("button", name=f"Undo the merge into #{first.pk}").click()
    page.locator(".desk-confirm").get_by_role("button", name="Undo merge").click()
    page.wait_for_url(f"**/admin/desk/stories/{second.pk}/")
    second.refresh_from_db()
    assert second.merged_into is None


@pytest.mark.django_db(transaction=True)
def test_an_editor_takes_a_wire_update_part_by_part(
    browser, live_server, site_tree, editor, screenshot
):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    process_pending()
    story = Story.objects.get()
    mine = article_of(story).get_latest_revision_as_object()
    mine.title = "Kenya floods: 14 dead as Ewaso Ng'iro bursts its banks"
    mine.standfirst = "An editor's own standfirst."
    mine.save_revision(user=editor).publish(user=editor)
    newer = dict(
        FLOODS,
        headline="UPDATE 2-Floods kill 19 in Kenya's north as rivers burst banks",
        body=FLOODS["body"]
        .replace("at least 14 people", "at least 19 people")
        .replace("Thursday", "Friday"),
    )
    ingest("Harbour", ninjs("urn:harbour:floods", newer, version=2, at=later(90)))
    process_pending()
    article_url = live_server.url + article_of(story).url

    page = logged_in(browser, live_server)
    page.goto(f"{live_server.url}/admin/desk/stories/{story.pk}/")
    parts = page.locator(".update-parts tr.part")
    headline = parts.filter(has_text="Headline")
    assert "Floods kill 19" in headline.locator(".new").inner_text()
    assert "Kenya floods: 14 dead" in headline.locator(".now").inner_text()
    friday = parts.filter(has_text="until Friday").filter(has_text="Paragraph")
    headline.get_by_role("checkbox").check()
    friday.get_by_role("checkbox").check()
    screenshot(page, "desk-update-parts")
    page.get_by_role("button", name="Apply the ticked parts").click()

    confirm = page.locator(".desk-confirm")
    assert "Take these parts of the wire update?" in page.title()
    confirm.get_by_role("button", name="Take these parts").click()
    page.wait_for_url(f"**/admin/desk/stories/{story.pk}/")
    assert "The parts you chose were taken" in page.locator(".messages").inner_text()

    cache.clear()
    context = browser.new_context()
    reader = context.new_page()
    reader.goto(article_url)
    assert reader.locator("h1").inner_text() == (
        "Floods kill 19 in Kenya's north as rivers burst banks"
    )
    text = reader.content()
    assert "An editor&#x27;s own standfirst." in text or "An editor's own standfirst." in text
    assert "until Friday" in text
    assert "at least 19 people" not in text
    context.close()
