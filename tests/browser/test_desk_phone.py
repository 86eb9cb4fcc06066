"""An editor on a phone (390 px wide): the Stories filters, every column of the list and
every control of a story screen (retag, hold, kill, the merge picker, split, undo merge,
apply-update, release embargo) can be brought onto the screen, uncovered, and used."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from dateline.desk import stories
from dateline.desk.cursor import CACHE
from dateline.desk.models import Story
from dateline.desk.pipeline import process_pending
from tests.desk.pipeline_support import (
    FLOODS,
    NIGER,
    RATES,
    article_of,
    embargoed_story,
    ingest,
    later,
    ninjs,
    review_source,
)

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


# What the editor's finger lands on at the control's centre is the control itself (or a part
# of it, or the label that works it), not a header, a sidebar or a neighbour drawn over it.
# A link that wraps is tried on its first line.
UNCOVERED = """control => {
    const box = control.getClientRects()[0];
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && (control.contains(hit) || hit.control === control);
}"""


def within_reach(locator) -> bool:
    """Scrolled to (the page or its scrolling table), is the control inside the screen and
    not under another element?"""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    return (
        box is not None
        and box["x"] >= 0
        and box["x"] + box["width"] <= PHONE["width"]
        and box["y"] >= 0
        and box["y"] + box["height"] <= PHONE["height"]
        and locator.evaluate(UNCOVERED)
    )


def page_fits(page) -> bool:
    """The screen itself never scrolls sideways: only the wide tables do, inside it."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def panel_time(text: str) -> str:
    """The embargo time as a screen shows it, `09-03-2024 23:30 IST`."""
    return re.search(r"\d\d-\d\d-\d{4} \d\d:\d\d IST", text).group(0)


def phone_editor(browser, live_server):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "correct horse")
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "correct horse")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    return page


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
    page = phone_editor(browser, live_server)

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
    assert page_fits(page)
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


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_every_action_of_a_busy_story_is_within_reach(
    browser, live_server, site_tree, screenshot
):
    """A story with everything on it: another story merged in, a wire update waiting for the
    editor who rewrote the headline; and an embargoed story to release early."""
    embargoed = embargoed_story()
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    ingest("Harbour", ninjs("urn:harbour:rates", RATES, at=later(30)))
    process_pending()
    floods = Story.objects.get(headline__contains="Floods kill 14")
    rates = Story.objects.get(headline__contains="Bank of England")
    page = phone_editor(browser, live_server)
    editor = get_user_model().objects.get(username="editor")
    stories.merge(floods, rates, editor)
    mine = article_of(floods).get_latest_revision_as_object()
    mine.title = "Kenya floods: 14 dead as Ewaso Ng'iro bursts its banks"
    mine.save_revision(user=editor).publish(user=editor)
    newer = dict(FLOODS, body=FLOODS["body"].replace("Thursday", "Friday"))
    ingest("Harbour", ninjs("urn:harbour:floods", newer, version=2, at=later(90)))
    process_pending()

    page.goto(f"{live_server.url}/admin/desk/stories/{floods.pk}/")
    for name in (
        "Hold",
        "Kill",
        "Retag",
        "Choose a story",
        "Merge into this story",
        f"Split #{rates.pk} back out",
        "Split into a new story",
        "Apply the ticked parts",
    ):
        assert within_reach(page.get_by_role("button", name=name)), name
    assert within_reach(page.locator("input[name=reason]"))
    assert within_reach(page.locator(".update-parts input[name=take]").first)
    assert within_reach(page.locator("input[name=items]").first)
    assert out_of_reach(page) == []
    assert page_fits(page)
    screenshot(page, "desk-busy-story-phone")

    # The merge picker opens as a modal that fits the phone, its search and results too.
    page.get_by_role("button", name="Choose a story").click()
    modal = page.locator(".modal-content")
    modal.locator("input[name=q]").fill(embargoed.headline.split()[0])
    choice = modal.get_by_role("link", name=embargoed.headline)
    expect(choice).to_be_visible()
    for control in ("input[name=q]", "button.close"):
        assert within_reach(modal.locator(control)), control
    assert within_reach(choice)
    screenshot(page, "desk-merge-picker-phone")
    modal.locator("button.close").click()

    page.goto(f"{live_server.url}/admin/desk/stories/{rates.pk}/")
    assert within_reach(page.get_by_role("button", name=f"Undo the merge into #{floods.pk}"))
    assert page_fits(page)

    page.goto(f"{live_server.url}/admin/desk/stories/{embargoed.pk}/")
    panel = page.locator(".story-embargo")
    panel_text = panel.inner_text()
    assert "Embargoed until" in panel_text and " IST" in panel_text
    assert within_reach(panel.get_by_role("button", name="Release now"))
    assert within_reach(panel.get_by_role("checkbox"))
    assert within_reach(panel.get_by_label("Reason"))
    assert out_of_reach(page) == []
    assert page_fits(page)
    screenshot(page, "desk-embargoed-story-phone")

    # The wire item behind it shows the same embargo, labelled, with its countdown.
    page.locator("table.items").get_by_role("link").first.click()
    page.wait_for_url("**/admin/wire/items/*/")
    shown = page.locator(".item-embargo")
    assert panel_time(panel_text) in shown.inner_text()
    expect(shown.locator(".embargo-countdown")).to_have_text(
        re.compile(r"^(6 h|5 h \d+ min) to go$")
    )
    assert page_fits(page)
    CACHE.forget()
