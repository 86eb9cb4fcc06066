"""An editor writing a page in Chromium: the address fills itself from the headline, in
readable ASCII whatever the script, as Wagtail does for titles."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from dateline.news.models import ArticlePage, SectionPage

PASSWORD = "correct horse"


@pytest.mark.django_db(transaction=True)
def test_the_address_fills_itself_from_the_headline(browser, live_server, site_tree, screenshot):
    get_user_model().objects.create_superuser("writer", "writer@example.org", PASSWORD)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "writer")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    section = SectionPage.objects.get(kind="news")
    page.goto(f"{live_server.url}/admin/pages/add/news/articlepage/{section.pk}/")
    headline = page.locator("#id_title")
    slug = page.locator("#id_slug")
    headline.fill("Floods close the port of Durban")
    headline.blur()
    expect(slug).to_have_value("floods-close-the-port-of-durban")

    # Another script: the browser's own transliteration may leave the address empty; the
    # saved page then gets the headline transliterated, never an address in Arabic letters.
    page.goto(f"{live_server.url}/admin/pages/add/news/articlepage/{section.pk}/")
    page.locator("#id_title").fill("فيضانات تغلق الميناء")
    page.locator("#id_title").blur()
    typed = page.locator("#id_slug").input_value()
    assert typed.isascii()
    page.locator("#id_standfirst").fill("Floods closed the port.")
    page.locator("[data-contentpath=body] [contenteditable=true]").fill("The port is closed.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    saved = ArticlePage.objects.get(title="فيضانات تغلق الميناء")
    assert saved.slug.isascii() and saved.slug.startswith("fydnt")
    screenshot(page, "page-editor-slug-from-arabic-headline")
