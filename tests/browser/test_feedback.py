"""A reader sends feedback from an article's "Give Feedback" link and is thanked."""

from __future__ import annotations

import pytest

from dateline.audience.feedback.models import Feedback


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False])
def test_reader_sends_feedback_from_an_article(
    browser, live_server, publish_article, screenshot, javascript
):
    story = publish_article(title="Flooded roads cut off Garissa")
    reader = browser.new_context(java_script_enabled=javascript)
    page = reader.new_page()
    page.goto(live_server.url + story.url)
    page.locator("article").get_by_role("link", name="Give Feedback").click()
    page.wait_for_url(lambda url: "/feedback/?page=" in url)
    assert page.get_by_role("heading", name="Give Feedback").is_visible()

    page.get_by_label("Your name (optional)").fill("Halima")
    page.get_by_label("Message").fill("The bridge mentioned is in Garissa town, not Lamu.")
    # The honeypot is neither seen, tabbed to nor announced.
    trap = page.locator("input[name=website]")
    assert trap.get_attribute("tabindex") == "-1"
    assert page.get_by_role("textbox", name="Leave this field empty").count() == 0
    box = trap.locator("xpath=..").bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1
    screenshot(page, f"feedback-form-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Send feedback").click()

    page.wait_for_url(lambda url: "/feedback/thanks/" in url)
    assert page.get_by_role("heading", name="Thank you for your feedback").is_visible()
    item = Feedback.objects.get()
    assert (item.name, item.email, item.page) == ("Halima", "", story.url)
    assert item.message == "The bridge mentioned is in Garissa town, not Lamu."

    page.get_by_role("link", name="Back to the page you were reading").click()
    assert page.locator("article h1").inner_text() == "Flooded roads cut off Garissa"
    reader.close()
