"""What a reader does on the site, in a real browser at phone and desktop widths."""

from __future__ import annotations

import pytest

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def newsroom(publish_article):
    lead = publish_article(
        title="Cholera cases rise in Malawi's south",
        country="MW",
        sector="health",
        others=("MZ",),
        corrections=("An earlier version gave the wrong district.",),
        takeaways="214 new cases\nThree deaths\nTents set up",
    )
    publish_article(
        title="Rooftop solar doubles in Bangladesh",
        kind="blog",
        country="BD",
        sector="energy-extractives",
    )
    return lead


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name,viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_reader_opens_home_menu_and_article(
    browser, live_server, newsroom, screenshot, name, viewport
):
    page = browser.new_page(viewport=viewport)
    page.goto(live_server.url + "/")
    assert (
        page.locator("h2.card__title").first.inner_text() == "Cholera cases rise in Malawi's south"
    )
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"home-{name}")

    # Keyboard only: the skip link comes first, then the menu opens with Enter.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('menu__toggle')")
    menu = page.locator("nav.menu__panel")
    assert not menu.is_visible()
    page.keyboard.press("Enter")
    assert menu.is_visible()
    assert menu.get_by_role("link", name="Health").is_visible()
    assert menu.get_by_role("link", name="West Africa").is_visible()
    screenshot(page, f"menu-{name}")
    page.keyboard.press("Enter")
    assert not menu.is_visible()

    page.get_by_role("link", name="Cholera cases rise in Malawi's south").first.click()
    page.wait_for_url(f"**{newsroom.url}")
    article = page.locator("article.article")
    assert article.locator("h1").inner_text() == "Cholera cases rise in Malawi's south"
    meta = article.locator(".article__meta").inner_text()
    assert "Dateline News Desk" in meta and "Nairobi" in meta
    # Never updated, so no "Updated"; no photograph, so no picture block standing in for one.
    assert "Created:" in meta and "IST" in meta and "Updated:" not in meta
    assert article.locator(".hero").count() == 0
    assert article.locator(".tags li").all_inner_texts() == ["Malawi", "Mozambique"]
    assert article.locator(".takeaways li").count() == 3
    assert article.locator(".attribution").inner_text() == "(With inputs from agencies.)"
    assert (
        "An earlier version gave the wrong district."
        in article.locator(".corrections").inner_text()
    )
    assert page.get_by_role("heading", name="Opinion / Blog / Interview").is_visible()
    assert page.get_by_role("heading", name="Subscribe to our Newsletter").is_visible()
    assert page.locator("footer").get_by_role("link", name="RSS feed").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"article-{name}")
    page.close()


@pytest.mark.django_db(transaction=True)
def test_site_reads_without_javascript(browser, live_server, newsroom):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator("summary.menu__toggle").click()
    assert page.locator("nav.menu__panel").get_by_role("link", name="Health").is_visible()
    page.locator("summary.menu__toggle").click()
    page.locator("main").get_by_role("link", name="Cholera cases rise in Malawi's south").click()
    assert page.locator("article h1").inner_text() == "Cholera cases rise in Malawi's south"
    context.close()
