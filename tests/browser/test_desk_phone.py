"""An editor on a phone (390 px wide): the Stories filters, every column of the list and a
story's controls can all be reached and used."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from dateline.desk.cursor import CACHE
from dateline.desk.models import Story
from dateline.desk.pipeline import process_pending
from tests.desk.test_pipeline_helpers import FLOODS, NIGER, ingest, ninjs, review_source

PHONE = {"width": 390, "height": 844}
NIGER_HEADLINE = "Gunmen kill 12 soldiers in western Niger, army says"
FLOODS_HEADLINE = "Floods kill 14 in Kenya's north as rivers burst banks"


CONTROLS = (
    "main button:visible, main select:visible, main textarea:visible, "
    "main input:not([type=hidden]):visible, main a[href]:visible"
)


def out_of_reach(page) -> list[str]:
    """Every control of the screen's main area that cannot be brought inside the screen."""
    missed = []
    controls = page.locator(CONTROLS)
    assert controls.count() >= 8, "the screen's controls were not found"
    for index in range(controls.count()):
        control = controls.nth(index)
        if not within_reach(control):
            missed.append(control.evaluate("e => e.outerHTML.slice(0, 120)"))
    return missed


def within_reach(locator) -> bool:
    """Scrolled to (the page or its scrolling table), is the control inside the screen?"""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.django_db(transaction=True)
def test_an_editor_on_a_phone_filters_stories_and_retags_one(
    browser, live_server, site_tree, screenshot
):
    CACHE.forget()
    ingest(
        "Lakeside",
        ninjs("urn:lakeside:niger", NIGER),
        ninjs("urn:lakeside:floods", FLOODS),
        source=review_source(),
    )
    process_pending()
    niger = Story.objects.get(headline=NIGER_HEADLINE)
    get_user_model().objects.create_superuser("editor", "editor@example.org", "correct horse")

    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "correct horse")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(live_server.url + "/admin/desk/stories/")
    filters = page.locator("form.story-filters")
    for control in (
        "#id_q",
        "#id_state",
        "#id_flagged",
        "#id_country",
        "#id_edition",
        "#id_sector",
    ):
        assert within_reach(filters.locator(control)), control
    for column in ("State", "Tags", "Flags", "Items by agency", "Updated"):
        assert within_reach(page.locator("table.stories th", has_text=column)), column
    assert out_of_reach(page) == []
    screenshot(page, "desk-stories-phone")

    filters.locator("#id_q").fill("soldiers")
    filters.locator("#id_country").select_option("NE")
    filters.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/admin/desk/stories/?*")
    rows = page.locator("tr.story")
    assert rows.count() == 1
    assert NIGER_HEADLINE in rows.first.inner_text()
    assert FLOODS_HEADLINE not in page.locator("table.stories").inner_text()

    rows.first.get_by_role("link", name=NIGER_HEADLINE).click()
    page.wait_for_url(f"**/admin/desk/stories/{niger.pk}/")
    retag = page.locator("form.story-retag")
    for control in ("select[name=primary_country]", "select[name=sector]"):
        assert within_reach(retag.locator(control)), control
    assert within_reach(page.get_by_role("button", name="Publish"))
    assert within_reach(page.get_by_role("button", name="Kill"))
    assert within_reach(page.get_by_role("button", name="Choose a story"))
    assert out_of_reach(page) == []
    retag.locator("select[name=primary_country]").select_option("ML")
    retag.get_by_role("button", name="Retag").click()
    page.wait_for_url(f"**/admin/desk/stories/{niger.pk}/")
    assert "Primary country Mali" in page.locator(".story-tags").inner_text()
    screenshot(page, "desk-story-phone")
    CACHE.forget()
