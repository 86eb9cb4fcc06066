"""Signing up: double opt-in through real mail, no address enumeration, limits, bad links."""

from __future__ import annotations

import re
import time as real_time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client, TestCase
from lxml import html as lxml_html

from dateline.audience.newsletter import ratelimit, tokens
from dateline.audience.newsletter.models import Subscriber, SubscriberStatus

from .task_support import run_queued_tasks

pytestmark = pytest.mark.django_db

SITE = "http://testserver.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.DATELINE_SITE_URL = SITE


def links(message) -> list[str]:
    text = message.get_body(("plain",)).get_content()
    return re.findall(r"https?://\S+", text)


def path_of(url: str) -> str:
    assert url.startswith(SITE + "/"), url
    return urlsplit(url).path


def signup_form(client: Client, email: str = "") -> tuple:
    """Open the sign-up page as the box on a cached page does; return the response and form."""
    response = client.get("/newsletter/", {"email": email})
    assert response.status_code == 200
    return response, lxml_html.fromstring(response.content).xpath("//main//form")[0]


def sign_up(client: Client, email: str, **choices) -> object:
    """POST the form; what it queued on commit is queued, as after a real request."""
    data = {"email": email, "frequency": "daily", **choices}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/newsletter/", data)


def test_box_leads_to_uncached_form_with_token_and_prefilled_address(client):
    home = client.get("/")
    box = lxml_html.fromstring(home.content).xpath("//form[@class='newsletter__form']")[0]
    assert box.get("method") == "get" and box.get("action") == "/newsletter/"
    assert not home.cookies, "the cached page must not set a cookie"

    response, form = signup_form(client, "Reader@Example.org")
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert form.get("method") == "post"
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']/@value")[0]
    assert form.xpath(".//input[@name='email']/@value") == ["reader@example.org"]
    editions = form.xpath(".//input[@name='editions']/@value")
    sectors = form.xpath(".//input[@name='sectors']/@value")
    assert "west-africa" in editions and "global" in editions and len(editions) == 12
    assert "health" in sectors and len(sectors) == 15
    assert sorted(form.xpath(".//input[@name='frequency']/@value")) == ["daily", "weekly"]


def test_form_posts_only_with_csrf_token():
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post("/newsletter/", {"email": "a@example.org", "frequency": "daily"})
    assert refused.status_code == 403
    assert not Subscriber.objects.exists()
    _, form = signup_form(browser)
    token = form.xpath(".//input[@name='csrfmiddlewaretoken']/@value")[0]
    accepted = browser.post(
        "/newsletter/",
        {"email": "a@example.org", "frequency": "daily", "csrfmiddlewaretoken": token},
    )
    assert accepted.status_code == 302
    assert Subscriber.objects.filter(email="a@example.org").exists()


def test_double_opt_in_through_real_mail(client, smtp_server, monkeypatch):
    response = sign_up(
        client,
        "Amina@Example.org",
        editions=["west-africa"],
        sectors=["health", "education"],
        frequency="weekly",
    )
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/check-your-inbox/"
    subscriber = Subscriber.objects.get(email="amina@example.org")
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.frequency == "weekly"
    assert {e.slug for e in subscriber.editions.all()} == {"west-africa"}
    assert {s.slug for s in subscriber.sectors.all()} == {"health", "education"}

    run_queued_tasks(monkeypatch)
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "amina@example.org"
    assert "Confirm" in message["Subject"]
    assert message.get_body(("html",)) is not None
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = next(url for url in links(message) if "/newsletter/confirm/" in url)

    # Nothing is sent to a pending address by digests; clicking the link confirms it.
    page = client.get(path_of(confirm))
    assert page.status_code == 200
    assert "private" in page["Cache-Control"]
    assert "subscription is confirmed" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.confirmed_at is not None
    # Following it twice is harmless.
    assert client.get(path_of(confirm)).status_code == 200


def test_same_answer_for_known_and_new_addresses(client, smtp_server, monkeypatch):
    known = Subscriber.objects.create(
        email="known@example.org", status=SubscriberStatus.CONFIRMED, frequency="weekly"
    )
    known.sectors.set([])
    first = sign_up(client, "known@example.org", sectors=["sports"])
    second = sign_up(client, "stranger@example.org", sectors=["sports"])
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert client.get(first["Location"]).content == client.get(second["Location"]).content

    run_queued_tasks(monkeypatch)
    messages = smtp_server.wait_for(2)
    by_address = {m["To"]: m for m in messages}
    reminder = by_address["known@example.org"]
    assert "already subscribed" in reminder["Subject"]
    assert not any("/newsletter/confirm/" in url for url in links(reminder))
    manage = next(url for url in links(reminder) if "/newsletter/preferences/" in url)
    assert "/newsletter/confirm/" in " ".join(links(by_address["stranger@example.org"]))
    # The typed-in choices did not touch the confirmed subscriber.
    known.refresh_from_db()
    assert known.frequency == "weekly" and not known.sectors.exists()

    # Only the mailbox owner changes them, through the link in the mail.
    form_page = client.get(path_of(manage))
    assert "no-store" in form_page["Cache-Control"]
    saved = client.post(path_of(manage), {"frequency": "daily", "sectors": ["sports"]})
    assert "Your choices have been saved" in saved.content.decode()
    known.refresh_from_db()
    assert known.frequency == "daily"
    assert [s.slug for s in known.sectors.all()] == ["sports"]


def test_hostile_input_gets_a_clear_form_answer(client, smtp_server):
    for data in (
        {"email": "not-an-address", "frequency": "daily"},
        {"email": "a@example.org\r\nBcc: victim@example.org", "frequency": "daily"},
        {"email": "a@example.org", "frequency": "hourly"},
        {"email": "a@example.org", "frequency": "daily", "editions": ["<script>x</script>"]},
        {"email": "x" * 5000 + "@example.org", "frequency": "daily"},
    ):
        response = client.post("/newsletter/", data)
        assert response.status_code == 400
        errors = lxml_html.fromstring(response.content).xpath("//main//ul[@class='errorlist']")
        assert errors, data
    assert not Subscriber.objects.exists()
    assert smtp_server.messages == []
    page = client.get("/newsletter/", {"email": '"><script>alert(1)</script>'})
    assert b"<script>alert(1)" not in page.content


def test_robots_filling_the_hidden_field_get_the_same_page_and_no_mail(client, smtp_server):
    response = sign_up(client, "bot@example.org", website="http://spam.example")
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert smtp_server.messages == []


def test_signups_rate_limited_per_client(client, smtp_server):
    for n in range(ratelimit.SIGNUPS_PER_CLIENT):
        assert sign_up(client, f"r{n}@example.org").status_code == 302
    refused = sign_up(client, "one-more@example.org")
    assert refused.status_code == 429
    assert "Too many sign-ups" in refused.content.decode()
    assert not Subscriber.objects.filter(email="one-more@example.org").exists()
    other_client = Client(REMOTE_ADDR="10.0.0.9")
    assert sign_up(other_client, "elsewhere@example.org").status_code == 302


def test_one_address_is_not_mail_bombed(smtp_server, monkeypatch):
    for n in range(ratelimit.MAILS_PER_ADDRESS + 3):
        response = sign_up(Client(REMOTE_ADDR=f"10.0.1.{n}"), "victim@example.org")
        assert response.status_code == 302
    run_queued_tasks(monkeypatch)
    assert len(smtp_server.to("victim@example.org")) == ratelimit.MAILS_PER_ADDRESS


def test_expired_and_tampered_links_are_refused_clearly(client, monkeypatch):
    subscriber = Subscriber.objects.create(email="late@example.org")
    four_days_ago = real_time.time() - timedelta(days=4).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: four_days_ago)
    old = tokens.confirm_token(subscriber)
    monkeypatch.undo()

    expired = client.get(f"/newsletter/confirm/{old}/")
    assert expired.status_code == 400
    assert "This link has expired" in expired.content.decode()

    fresh = tokens.confirm_token(subscriber)
    tampered = fresh[:-3] + ("aaa" if not fresh.endswith("aaa") else "bbb")
    unsubscribe = tokens.unsubscribe_token(subscriber)
    garbage = (tampered, "nonsense", "x" * 600)
    for endpoint, wrong_purpose in (
        ("confirm", unsubscribe),
        ("unsubscribe", fresh),
        ("preferences", fresh),
    ):
        for token in (*garbage, wrong_purpose):
            response = (
                client.post(f"/newsletter/{endpoint}/{token}/")
                if endpoint != "confirm"
                else client.get(f"/newsletter/{endpoint}/{token}/")
            )
            assert response.status_code == 400, (endpoint, token)
            assert "This link is not valid" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING

    # A link for a deleted subscriber does not fall to whoever gets the id next.
    subscriber.delete()
    assert client.get(f"/newsletter/confirm/{fresh}/").status_code == 400
