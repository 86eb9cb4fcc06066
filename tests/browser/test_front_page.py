"""A reader's front page in Chromium: editors' picks lead, editions and search fit a phone,
the header is never cut, and related coverage and the country index lead somewhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from playwright.sync_api import expect

from dateline.desk.articles import take_down
from dateline.news.models import FrontPagePin

PHONE = {"width": 390, "height": 844}
WIDTHS = (360, 390, 768, 1024, 1280, 1440, 1920)
INSIDE_NAV = (
    "e => { const r = e.getBoundingClientRect();"
    " const n = e.closest('nav').getBoundingClientRect();"
    " return r.right <= n.right + 0.5 && r.bottom <= n.bottom + 0.5; }"
)


@pytest.fixture
def newsroom(publish_article):
    return {
        "old": publish_article(
            title="Port strike enters third week",
            country="KE",
            sector="transport",
            published_ago=timedelta(days=2),
        ),
        "fresh": publish_article(title="Floods cut roads across northern Kenya", country="KE"),
        "related": publish_article(
            title="Bridges washed away in Marsabit", country="KE", published_ago=timedelta(hours=5)
        ),
        "peru": publish_article(
            title="Copper mine reopens in Peru",
            country="PE",
            sector="energy-extractives",
            published_ago=timedelta(hours=3),
        ),
    }


def first_card(page) -> str:
    return page.locator("h2.card__title").first.inner_text()


@pytest.mark.django_db(transaction=True)
def test_an_editor_pins_a_story_and_it_leads_the_front_page(
    browser, live_server, newsroom, screenshot
):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "correct horse")
    reader = browser.new_page(viewport={"width": 1280, "height": 900})
    reader.goto(live_server.url + "/")
    assert first_card(reader) == "Floods cut roads across northern Kenya"

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "correct horse")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + "/admin/settings/news/frontpage/")
    page.get_by_role("button", name="Add pinned story").click()
    page.get_by_role("button", name="Choose a page").click()
    modal = page.locator(".modal-content")
    modal.locator("input[name=q]").fill("Port strike")
    modal.get_by_role("link", name="Port strike enters third week").click()
    expect(page.locator("#id_pins-0-article-title")).to_have_text("Port strike enters third week")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("updated")
    screenshot(page, "front-page-pin")

    assert FrontPagePin.objects.get().article_id == newsroom["old"].pk
    cache.clear()
    context = browser.new_context()  # a reader whose browser has no copy of the old page
    reader = context.new_page()
    reader.goto(live_server.url + "/")
    assert first_card(reader) == "Port strike enters third week"
    context.close()

    # A second pick, then the editor moves it above the first.
    page.get_by_role("button", name="Add pinned story").click()
    page.locator("#id_pins-1-article-chooser").get_by_role("button", name="Choose a page").click()
    modal = page.locator(".modal-content")
    modal.locator("input[name=q]").fill("Copper mine")
    modal.get_by_role("link", name="Copper mine reopens in Peru").click()
    expect(page.locator("#id_pins-1-article-title")).to_have_text("Copper mine reopens in Peru")
    page.locator("#inline_child_pins-1 [data-inline-panel-child-move-up]").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("updated")

    cache.clear()
    context = browser.new_context()
    reader = context.new_page()
    reader.goto(live_server.url + "/")
    expect(reader.locator("h2.card__title").nth(0)).to_have_text("Copper mine reopens in Peru")
    expect(reader.locator("h2.card__title").nth(1)).to_have_text("Port strike enters third week")
    expect(reader.locator("h2.card__title").nth(2)).to_have_text(
        "Floods cut roads across northern Kenya"
    )
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_story_three_agencies_cover_outranks_a_fresher_single_agency_one(
    browser, live_server, publish_article, screenshot
):
    publish_article(
        title="Council approves Mombasa budget",
        source_agencies="Reuters",
        published_ago=timedelta(hours=1),
    )
    publish_article(
        title="Rail strike spreads across Germany",
        country="DE",
        source_agencies="Reuters, AFP, dpa",
        published_ago=timedelta(hours=6),
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    expect(page.locator("h2.card__title")).to_have_text(
        ["Rail strike spreads across Germany", "Council approves Mombasa budget"]
    )
    expect(page.locator("p.ranking-note")).to_contain_text("how many agencies cover it (35%)")
    screenshot(page, "front-page-ranked")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_the_header_is_never_cut_at_any_width(browser, live_server, newsroom, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    links = page.locator("header.masthead a:visible, header.masthead summary:visible")
    assert links.count() >= 2
    for index in range(links.count()):
        link = links.nth(index)
        box = link.bounding_box()
        fits = link.evaluate("e => e.scrollWidth <= e.clientWidth + 1 || e.clientWidth === 0")
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, link.inner_text()
        assert fits, link.inner_text()
    topnav = page.locator("nav.topnav a:visible")
    for index in range(topnav.count()):
        text = topnav.nth(index).inner_text()
        assert text.strip() and topnav.nth(index).evaluate(INSIDE_NAV), f"{text} cut at {width}px"


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_editions_take_one_line_and_search_is_at_hand(
    browser, live_server, newsroom, screenshot
):
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/")
    picker = page.locator("details.edition-picker")
    expect(picker).to_be_visible()
    assert picker.bounding_box()["height"] <= 60
    expect(page.locator(".edition-switch > ul")).to_be_hidden()
    screenshot(page, "front-page-phone")
    picker.locator("summary").click()
    picker.get_by_role("link", name="East Africa").click()
    page.wait_for_url("**/edition/east-africa/")
    assert "Floods cut roads across northern Kenya" in page.content()

    page.locator("header").get_by_role("link", name="Search").click()
    page.wait_for_url("**/search/")
    page.locator("#search-page-q").fill("copper")
    page.locator("#search-page-q").press("Enter")
    page.wait_for_url("**/search/?q=copper*")
    expect(page.locator(".search-summary, .empty").first).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_an_article_leads_to_its_story_its_country_and_the_country_index(
    browser, live_server, newsroom, publish_article
):
    dam = publish_article(title="Dam bursts near Garissa", published_ago=timedelta(hours=2))
    take_down(dam)  # killed by the desk before any reader came
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + newsroom["fresh"].url)
    story = page.locator("section[aria-labelledby=more-on-story]")
    expect(story.get_by_role("link")).to_have_text(["Bridges washed away in Marsabit"])
    expect(story.get_by_role("link")).to_have_attribute("href", newsroom["related"].url)
    country = page.locator("section[aria-labelledby=more-from-country]")
    expect(country.get_by_role("heading")).to_have_text("More from Kenya")
    expect(country.locator("li a")).to_have_text(["Port strike enters third week"])
    expect(country.get_by_role("link", name="All stories from Kenya")).to_have_attribute(
        "href", "/country/kenya/"
    )
    expect(page.get_by_text("Dam bursts near Garissa")).to_have_count(0)

    take_down(newsroom["related"])  # the desk kills a story this reader was offered
    page.reload()
    expect(page.locator("section[aria-labelledby=more-on-story]")).to_have_count(0)
    expect(page.get_by_text("Bridges washed away in Marsabit")).to_have_count(0)
    country.get_by_role("link", name="Port strike enters third week").click()
    page.wait_for_url(f"**{newsroom['old'].url}")
    expect(page.locator("h1")).to_have_text("Port strike enters third week")
    page.locator("section[aria-labelledby=more-from-country]").get_by_role(
        "link", name="All stories from Kenya"
    ).click()
    page.wait_for_url("**/country/kenya/")
    expect(page.locator("h2.card__title")).to_have_text(
        ["Floods cut roads across northern Kenya", "Port strike enters third week"]
    )

    page.goto(live_server.url + "/")
    page.locator("summary.menu__toggle").click()
    page.locator("nav.menu__panel").get_by_role("link", name="Countries").click()
    page.wait_for_url("**/country/")
    index = page.locator("section.country-index")
    expect(index.locator("h2")).to_have_text(["East Africa", "Latin America and Caribbean"])
    expect(index.locator("li")).to_have_text(["Kenya 2 stories", "Peru 1 story"])
    for name, headline in (("Kenya", "Floods cut roads"), ("Peru", "Copper mine reopens")):
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.locator("h1.page-title")).to_have_text(name)
        expect(page.locator("h2.card__title").first).to_contain_text(headline)
        page.go_back()
