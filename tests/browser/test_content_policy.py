"""Under the Content-Security-Policy, Chromium refuses nothing the site itself needs: the
reader's pages and read beacon on the strict public policy, the page editor on the admin's."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.audience.trending_support import READER_AGENT, reset_trending_memory, wait_for_reads

# Recorded before any page script runs; Playwright's init scripts are not subject to the policy.
LISTEN = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__refused.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def site_only(context, site: str) -> None:
    """Let the browser reach the test server and nothing else (the admin asks Gravatar and
    Wagtail's release server)."""
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(site) else route.abort(),
    )


def refused(page) -> list[str]:
    return page.evaluate("window.__refused")


@pytest.mark.django_db(transaction=True)
def test_reader_pages_and_the_beacon_work_under_the_strict_policy(
    browser, live_server, publish_article, monkeypatch
):
    tally = reset_trending_memory(monkeypatch)
    story = publish_article(title="Beira port reopens after the storm", country="MZ")
    context = browser.new_context(user_agent=READER_AGENT)
    site_only(context, live_server.url)
    context.add_init_script(LISTEN)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))

    response = page.goto(live_server.url + story.url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert wait_for_reads(page, tally, 1) == 1  # the beacon's script ran and its POST went out
    stylesheet = page.evaluate("getComputedStyle(document.querySelector('.masthead')).display")
    assert stylesheet != "inline"  # site.css applied
    for url in ("/", "/search/?q=beira", "/newsletter/"):
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        assert refused(page) == [], url
    assert not [m for m in messages if "Content Security Policy" in m]
    page.goto("about:blank")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_page_editor_works_under_the_admin_policy(browser, live_server, publish_article):
    story = publish_article(title="Beira port reopens after the storm", country="MZ")
    get_user_model().objects.create_superuser("chief", "chief@example.org", "correct horse")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    site_only(context, live_server.url)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "correct horse")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(live_server.url + f"/admin/pages/{story.pk}/edit/")
    page.wait_for_load_state("networkidle")
    # The rich text editor is drawn by the admin's scripts: they ran.
    assert page.locator(".Draftail-Editor").count() >= 1
    assert refused(page) == []
    page.goto("about:blank")
    context.close()
