"""A reader subscribes from the box on an article and confirms from the mail, in Chromium."""

from __future__ import annotations

import re

import pytest

from dateline.audience.newsletter.models import Subscriber, SubscriberStatus
from tests.audience.task_support import run_queued_tasks


@pytest.mark.django_db(transaction=True)
def test_reader_subscribes_from_article_and_confirms_from_mail(
    browser,
    live_server,
    publish_article,
    smtp_server,
    settings,
    screenshot,
    monkeypatch,
):
    settings.DATELINE_SITE_URL = live_server.url
    article = publish_article(
        title="Cholera cases rise in Malawi's south", country="MW", sector="health"
    )
    page = browser.new_page()
    page.goto(live_server.url + article.url)
    box = page.locator("section.newsletter")
    box.get_by_label("Email address").fill("reader@example.org")
    box.get_by_role("button", name="Subscribe").click()

    page.wait_for_url("**/newsletter/?email=reader%40example.org")
    form = page.locator("main form")
    assert form.get_by_label("Email address").input_value() == "reader@example.org"
    form.get_by_label("Weekly").check()
    form.get_by_label("Southern Africa").check()
    form.get_by_label("Health").check()
    screenshot(page, "newsletter-signup")
    form.get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/newsletter/check-your-inbox/")
    assert page.locator("h1").inner_text() == "Check your inbox"

    run_queued_tasks(monkeypatch)  # the task worker sends the mail, not the request
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "reader@example.org"
    html = message.get_body(("html",)).get_content()
    link = re.search(r'href="([^"]+/newsletter/confirm/[^"]+)"', html).group(1)
    assert link.startswith(live_server.url)
    page.goto(link)
    assert page.locator("h1").inner_text() == "Your subscription is confirmed"
    assert "weekly" in page.locator("main").inner_text()
    screenshot(page, "newsletter-confirmed")

    reader = Subscriber.objects.get(email="reader@example.org")
    assert reader.status == SubscriberStatus.CONFIRMED
    assert reader.frequency == "weekly"
    assert [e.slug for e in reader.editions.all()] == ["southern-africa"]
    assert [s.slug for s in reader.sectors.all()] == ["health"]
    page.close()
