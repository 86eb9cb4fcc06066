"""The public site's header in Chromium, from a small phone to a wide screen: no menu item
is ever cut, search and the editions are at hand on a phone, and none of it needs JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dateline.news.models import Edition

WIDTHS = (360, 390, 430, 768, 1024, 1280, 1440, 1920)
PHONES = (360, 390, 430)

# An item is whole when its text is not clipped by itself or by any box around it that hides
# what overflows, it lies inside the screen sideways, and nothing is drawn over its last
# letters on any line. A box that scrolls (the menu panel) may hold it out of view: it can be
# scrolled to.
WHOLE = """e => {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.left < -0.5 || r.right > window.innerWidth + 0.5) return false;
  if (e.clientWidth && e.scrollWidth > e.clientWidth + 1) return false;
  const clips = v => v === 'hidden' || v === 'clip';
  for (let box = e.parentElement; box && box !== document.body; box = box.parentElement) {
    const s = getComputedStyle(box), b = box.getBoundingClientRect();
    if (clips(s.overflowX) && (r.left < b.left - 0.5 || r.right > b.right + 0.5)) return false;
    if (clips(s.overflowY) && (r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5)) return false;
  }
  return [...e.getClientRects()].every(line => {
    const y = line.top + line.height / 2;
    if (y < 0 || y > window.innerHeight) return true;
    const top = document.elementFromPoint(line.right - 2, y);
    return top !== null && (top === e || e.contains(top));
  });
}"""


@pytest.fixture
def newsroom(settings, publish_article):
    # Pages are indexed by a task on save; run it at once, as a worker would soon after.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    publish_article(title="Floods cut roads across northern Kenya", country="KE")
    publish_article(title="Copper mine reopens in Peru", country="PE", sector="energy-extractives")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_header_menu_item_is_cut_at_any_width(browser, live_server, newsroom, screenshot, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(live_server.url + "/")
    header = page.locator("header.masthead")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Wrapping the sectors must not turn the header into a wall.
    assert header.bounding_box()["height"] <= 120

    sectors = header.locator("nav.topnav a")
    if width > 960:
        assert sectors.count() == 7
        expect(sectors.filter(has_text="Energy & Extractives")).to_be_visible()
    for index in range(sectors.count()):
        item = sectors.nth(index)
        if item.is_visible():
            assert item.evaluate(WHOLE), f"{item.inner_text()!r} is cut at {width}px"
    screenshot(page, f"header-{width}")

    header.locator("summary.menu__toggle").click()
    panel = header.locator("nav.menu__panel")
    expect(panel).to_be_visible()
    items = panel.locator("a")
    assert items.count() > 30
    for index in range(items.count()):
        item = items.nth(index)
        item.scroll_into_view_if_needed()
        assert item.evaluate(WHOLE), f"menu item {item.inner_text()!r} is cut at {width}px"
    last = items.last
    last.scroll_into_view_if_needed()
    expect(last).to_be_in_viewport()
    page.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", PHONES)
def test_a_phone_reader_searches_from_the_header_without_javascript(
    browser, live_server, newsroom, screenshot, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    search = page.locator("header.masthead").get_by_role("link", name="Search", exact=True)
    expect(search).to_be_visible()
    box = search.bounding_box()
    assert box["y"] + box["height"] <= 80 and box["x"] + box["width"] <= width
    search.click()
    page.wait_for_url("**/search/")
    page.locator("#search-page-q").fill("copper")
    page.locator("#search-page-q").press("Enter")
    page.wait_for_url("**/search/?q=copper*")
    expect(page.locator("h2.search-result__title")).to_have_text(["Copper mine reopens in Peru"])
    screenshot(page, f"header-search-{width}")

    # The menu offers search as well.
    page.goto(live_server.url + "/")
    page.locator("summary.menu__toggle").click()
    page.locator("nav.menu__panel").get_by_role("link", name="Search").click()
    page.wait_for_url("**/search/")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_editions_are_one_line_on_a_phone_and_a_row_on_desktop(
    browser, live_server, newsroom, screenshot
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    switch = page.locator("nav.edition-switch")
    picker = switch.locator("details.edition-picker")
    assert switch.bounding_box()["height"] <= 60
    expect(picker.locator("summary")).to_have_text("Edition: Global")
    # The first story starts within the first third of the screen.
    assert page.locator("h2.card__title").first.bounding_box()["y"] < 844 / 3
    picker.locator("summary").click()
    picker.get_by_role("link", name="West Africa").click()
    page.wait_for_url("**/edition/west-africa/")
    expect(page.locator("details.edition-picker summary")).to_have_text("Edition: West Africa")
    assert page.locator("nav.edition-switch").bounding_box()["height"] <= 60
    screenshot(page, "header-editions-phone")
    context.close()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    row = page.locator("nav.edition-switch > ul a")
    assert row.count() == Edition.objects.count() >= 10
    for index in range(row.count()):
        expect(row.nth(index)).to_be_visible()
    expect(page.locator("details.edition-picker")).to_be_hidden()
    page.close()
