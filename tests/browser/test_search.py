"""A reader searches from the header box and narrows the results by sector, in Chromium."""

from __future__ import annotations

from datetime import timedelta

import pytest

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def indexed_newsroom(settings, publish_article):
    # Pages are indexed by a task on save; run it at once, as a worker would soon after.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    publish_article(title="Cholera cases climb in southern Malawi", country="MW", sector="health")
    publish_article(
        title="Cholera vaccine drive reaches Assam",
        country="IN",
        sector="health",
        published_ago=timedelta(days=3),
    )
    publish_article(
        title="Budget committee debates cholera funding", country="KE", sector="economy-business"
    )
    publish_article(title="Rail line to the port reopens", country="KE", sector="transport")


@pytest.mark.django_db(transaction=True)
def test_reader_searches_then_narrows_by_sector(browser, live_server, indexed_newsroom, screenshot):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/")
    box = page.locator("header #search-q")
    box.fill("cholera")
    box.press("Enter")
    page.wait_for_url("**/search/?q=cholera")

    titles = page.locator(".search-result__title")
    assert sorted(titles.all_inner_texts()) == [
        "Budget committee debates cholera funding",
        "Cholera cases climb in southern Malawi",
        "Cholera vaccine drive reaches Assam",
    ]
    assert page.locator(".search-result__title mark").first.inner_text().lower() == "cholera"
    assert page.locator("#search-page-q").input_value() == "cholera"
    screenshot(page, "search-results")

    page.locator("select[name=sector]").select_option(label="Health")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=cholera&sector=health*")
    assert sorted(titles.all_inner_texts()) == [
        "Cholera cases climb in southern Malawi",
        "Cholera vaccine drive reaches Assam",
    ]
    assert set(page.locator(".search-result .kicker").all_text_contents()) == {"Health"}
    active = page.locator(".search-active")
    assert active.get_by_role("link", name="Remove filter Health").is_visible()
    screenshot(page, "search-results-health")
    page.close()  # no request may still be in flight when the live server stops
