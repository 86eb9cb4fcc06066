"""A reader on a phone misspells a word and still finds the stories, told what was searched;
an Arabic result reads right to left among English ones, in Chromium."""

from __future__ import annotations

import pytest

PHONE = {"width": 390, "height": 844}
ARABIC = "الكوليرا تنتشر في جنوب ملاوي"


@pytest.fixture
def indexed_outbreak(settings, publish_article):
    # Pages are indexed by a task on save; run it at once, as a worker would soon after.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    publish_article(title="Cholera cases climb in southern Malawi", country="MW", sector="health")
    publish_article(title="Cholera vaccine drive reaches Assam", country="IN", sector="health")
    publish_article(
        title=ARABIC,
        language="ar",
        country="MW",
        sector="health",
        standfirst="ارتفع عدد حالات الكوليرا في ملاوي.",
        body="<p>الكوليرا في ملاوي.</p>",
    )


@pytest.mark.django_db(transaction=True)
def test_a_misspelt_search_finds_the_stories_and_says_so(
    browser, live_server, indexed_outbreak, screenshot
):
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + "/search/")
    box = page.locator("#search-page-q")
    box.fill("cholra")
    box.press("Enter")
    page.wait_for_url("**/search/?q=cholra*")

    note = page.locator(".search-corrected")
    assert note.inner_text().startswith("Showing results for cholera.")
    assert sorted(page.locator(".search-result__title").all_inner_texts()) == [
        "Cholera cases climb in southern Malawi",
        "Cholera vaccine drive reaches Assam",
    ]
    screenshot(page, "search-typo-corrected-phone")

    note.get_by_role("link", name="cholra").click()
    page.wait_for_url("**exact=1*")
    assert page.locator(".search-result").count() == 0
    assert page.locator(".search-corrected").count() == 0
    assert page.locator("#search-page-q").input_value() == "cholra"
    page.close()  # no request may still be in flight when the live server stops


@pytest.mark.django_db(transaction=True)
def test_an_arabic_result_reads_right_to_left(browser, live_server, indexed_outbreak, screenshot):
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + "/search/?q=الكوليرا")
    title = page.locator(".search-result__title")
    assert title.all_inner_texts() == [ARABIC]
    assert title.evaluate("h => getComputedStyle(h).direction") == "rtl"
    box = title.bounding_box()
    link = title.locator("a").bounding_box()
    assert link["x"] + link["width"] == pytest.approx(box["x"] + box["width"], abs=1)
    screenshot(page, "search-arabic-phone")
    page.close()
