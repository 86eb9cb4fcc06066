"""Sending digests through a real SMTP server: content, headers, unsubscribe, no duplicates."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from lxml import html as lxml_html

from dateline.audience.newsletter import sending
from dateline.audience.newsletter.digest import Period, latest_period
from dateline.audience.newsletter.models import (
    Delivery,
    DeliveryStatus,
    Digest,
    Subscriber,
    SubscriberStatus,
)
from dateline.audience.newsletter.tasks import send_due_digests
from dateline.news.models import Edition, Sector

pytestmark = pytest.mark.django_db

SITE = "https://news.example"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.DATELINE_SITE_URL = SITE
    settings.DATELINE_NEWSLETTER_FROM = "Dateline <newsletter@news.example>"
    settings.DATELINE_NEWSLETTER_UNSUBSCRIBE_MAILTO = ""


def subscriber(
    email: str, editions=(), sectors=(), frequency="daily", status=SubscriberStatus.CONFIRMED
) -> Subscriber:
    reader = Subscriber.objects.create(email=email, frequency=frequency, status=status)
    reader.editions.set(Edition.objects.filter(slug__in=editions))
    reader.sectors.set(Sector.objects.filter(slug__in=sectors))
    return reader


def last_day() -> Period:
    now = timezone.now()
    return Period(now - timedelta(days=1), now)


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_titles(message) -> list[str]:
    tree = lxml_html.fromstring(message.get_body(("html",)).get_content())
    return [t.strip() for t in tree.xpath("//div[@class='story']/h2/a/text()")]


@pytest.fixture
def newsroom(publish_article):
    publish_article(
        title="Nigeria clinics reopen",
        country="NG",
        sector="health",
        published_ago=timedelta(hours=4),
    )
    publish_article(
        title="Lagos derby ends level",
        country="NG",
        sector="sports",
        published_ago=timedelta(hours=3),
    )
    publish_article(
        title="Kenya clinics hire nurses",
        country="KE",
        sector="health",
        published_ago=timedelta(hours=2),
    )
    killed = publish_article(
        title="Withdrawn Nigeria clinics story",
        country="NG",
        sector="health",
        published_ago=timedelta(hours=1),
    )
    killed.unpublish()


def test_digest_content_and_headers(smtp_server, newsroom):
    subscriber("west@example.org", editions=["west-africa"], sectors=["health"])
    subscriber("all@example.org")
    subscriber("na@example.org", editions=["north-america"])
    subscriber("weekly@example.org", frequency="weekly")
    subscriber("pending@example.org", status=SubscriberStatus.PENDING)

    report = sending.send_digest("daily", period=last_day())
    assert (report.sent, report.empty) == (2, 1)
    assert {m["To"] for m in smtp_server.messages} == {"west@example.org", "all@example.org"}

    [west] = smtp_server.to("west@example.org")
    assert html_titles(west) == ["Nigeria clinics reopen"]
    assert "Nigeria clinics reopen" in plain(west)
    assert "Lagos derby" not in plain(west) and "Kenya" not in plain(west)
    [everyone] = smtp_server.to("all@example.org")
    assert html_titles(everyone) == [
        "Kenya clinics hire nurses",
        "Lagos derby ends level",
        "Nigeria clinics reopen",
    ]
    for message in (west, everyone):
        assert "Withdrawn" not in plain(message)
        assert "Withdrawn" not in message.get_body(("html",)).get_content()

    assert west.get_content_type() == "multipart/alternative"
    assert west["From"] == "Dateline <newsletter@news.example>"
    assert west["Subject"] == "Dateline daily: Nigeria clinics reopen"
    assert west["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = west["List-Unsubscribe"].strip()
    web, mailto = re.fullmatch(r"<([^>]+)>, <([^>]+)>", header).groups()
    assert web.startswith(f"{SITE}/newsletter/unsubscribe/")
    assert mailto.startswith("mailto:unsubscribe@news.example?subject=unsubscribe%20")
    assert re.fullmatch(r"<digest-\d+-\d+@news\.example>", west["Message-ID"])
    # Every link is absolute and points at the site.
    urls = re.findall(r"https?://\S+", plain(west))
    assert urls and all(url.startswith(SITE + "/") for url in urls)
    assert f"{SITE}/news/nigeria-clinics-reopen/" in urls
    hrefs = lxml_html.fromstring(west.get_body(("html",)).get_content()).xpath("//a/@href")
    assert all(href.startswith(SITE + "/") for href in hrefs)

    digest = Digest.objects.get(frequency="daily")
    assert digest.completed_at is not None
    assert sending.delivery_totals(digest) == {"sent": 2, "empty": 1}


def unsubscribe_path(message) -> str:
    web = re.match(r"<([^>]+)>", message["List-Unsubscribe"].strip()).group(1)
    return urlsplit(web).path


def test_unsubscribe_page_and_one_click_post(smtp_server, newsroom):
    subscriber("page@example.org")
    subscriber("oneclick@example.org")
    sending.send_digest("daily", period=last_day())
    [by_page] = smtp_server.to("page@example.org")
    [by_client] = smtp_server.to("oneclick@example.org")

    # A reader follows the link in the text: GET only asks, it changes nothing.
    link = next(u for u in re.findall(r"https?://\S+", plain(by_page)) if "unsubscribe" in u)
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(urlsplit(link).path)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert lxml_html.fromstring(page.content).xpath("//main//form[@method='post']//button")
    assert Subscriber.objects.get(email="page@example.org").status == "confirmed"
    done = reader.post(urlsplit(link).path)
    assert "You have been unsubscribed" in done.content.decode()
    assert Subscriber.objects.get(email="page@example.org").status == "unsubscribed"

    # A mail client's RFC 8058 POST: no cookie, no CSRF token, the agreed body.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        unsubscribe_path(by_client),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    gone = Subscriber.objects.get(email="oneclick@example.org")
    assert gone.status == "unsubscribed" and gone.unsubscribed_at is not None

    # Neither gets the next digest.
    smtp_server.messages.clear()
    period = last_day()
    report = sending.send_digest(
        "daily", period=Period(period.start, period.end + timedelta(minutes=1))
    )
    assert report.sent == 0 and smtp_server.messages == []


def test_reader_who_leaves_mid_digest_is_not_sent_the_rest(smtp_server, newsroom):
    reader = subscriber("leaver@example.org")
    digest = Digest.objects.create(
        frequency="daily", period_start=last_day().start, period_end=last_day().end
    )
    sending.enrol(digest)
    reader.unsubscribe()
    report = sending.send_digest("daily", period=Period(digest.period_start, digest.period_end))
    assert report.cancelled == 1 and smtp_server.messages == []


READERS = [f"reader{n}@example.org" for n in range(7)]


def copies(smtp_server) -> Counter:
    return Counter(m["To"] for m in smtp_server.messages)


def test_server_refusing_mid_send_then_rerun_sends_each_once(smtp_server, newsroom):
    for address in READERS:
        subscriber(address)
    period = last_day()
    smtp_server.defer_after = 3
    with pytest.raises(sending.MailServerUnavailable):
        sending.send_digest("daily", period=period, batch_size=2)
    assert sum(copies(smtp_server).values()) == 3
    digest = Digest.objects.get()
    assert digest.completed_at is None
    assert sending.delivery_totals(digest) == {"sent": 3, "pending": 4}

    smtp_server.defer_after = None
    report = sending.send_digest("daily", period=period, batch_size=2)
    assert report.sent == 4
    assert copies(smtp_server) == Counter({address: 1 for address in READERS})
    # A third run has nothing left to send.
    assert sending.send_digest("daily", period=period).sent == 0
    assert sum(copies(smtp_server).values()) == len(READERS)


def test_connection_lost_after_server_accepted_is_never_resent(smtp_server, newsroom):
    for address in READERS:
        subscriber(address)
    period = last_day()
    smtp_server.drop_after = 2  # the third message is stored, then the line goes dead
    with pytest.raises(sending.MailServerUnavailable):
        sending.send_digest("daily", period=period)
    assert sum(copies(smtp_server).values()) == 3
    in_doubt = Delivery.objects.get(status=DeliveryStatus.SENDING)
    assert in_doubt.subscriber.email == smtp_server.messages[2]["To"]

    sending.send_digest("daily", period=period)
    assert copies(smtp_server) == Counter({address: 1 for address in READERS})
    assert Delivery.objects.get(pk=in_doubt.pk).status == DeliveryStatus.SENDING


def test_crash_between_server_accept_and_commit(smtp_server, newsroom, monkeypatch):
    for address in READERS:
        subscriber(address)
    period = last_day()
    real_mark = sending._mark
    marked = Counter()

    def crash_on_fifth_sent_mark(delivery, status, **fields):
        if status == DeliveryStatus.SENT:
            marked["sent"] += 1
            if marked["sent"] == 5:
                raise SystemExit("worker killed")
        real_mark(delivery, status, **fields)

    monkeypatch.setattr(sending, "_mark", crash_on_fifth_sent_mark)
    with pytest.raises(SystemExit):
        sending.send_digest("daily", period=period, batch_size=3)
    monkeypatch.undo()
    assert sum(copies(smtp_server).values()) == 5

    sending.send_digest("daily", period=period, batch_size=3)
    assert copies(smtp_server) == Counter({address: 1 for address in READERS})


def test_command_sends_latest_period_and_dry_run_sends_nothing(smtp_server, publish_article):
    period = latest_period("daily", timezone.now())
    publish_article(
        title="Inside the period",
        country="NG",
        sector="health",
        published_ago=timezone.now() - (period.start + timedelta(hours=1)),
    )
    publish_article(
        title="After the period",
        country="NG",
        sector="health",
        published_ago=timezone.now() - (period.end + timedelta(seconds=1)),
    )
    subscriber("daily@example.org")

    out = StringIO()
    call_command("newsletter", "send", "--frequency", "daily", "--dry-run", stdout=out)
    assert json.loads(out.getvalue())["sent"] == 1
    assert smtp_server.messages == [] and not Digest.objects.exists()

    out = StringIO()
    call_command("newsletter", "send", "--frequency", "daily", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["sent"] == 1 and summary["totals"] == {"sent": 1}
    [message] = smtp_server.messages
    assert "Inside the period" in plain(message)
    assert "After the period" not in plain(message)

    call_command("newsletter", "send", "--frequency", "daily", stdout=StringIO())
    assert len(smtp_server.messages) == 1


def test_scheduled_task_sends_due_digests_once(smtp_server, publish_article, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    now = timezone.now()
    daily, weekly = latest_period("daily", now), latest_period("weekly", now)
    publish_article(
        title="Yesterday's news",
        country="KE",
        sector="health",
        published_ago=now - (daily.start + timedelta(minutes=5)),
    )
    publish_article(
        title="Last week's news",
        country="KE",
        sector="health",
        published_ago=now - (weekly.start + timedelta(minutes=5)),
    )
    subscriber("d@example.org", frequency="daily")
    subscriber("w@example.org", frequency="weekly")

    result = send_due_digests.enqueue()
    assert result.status == "SUCCESSFUL"
    assert sorted(r["frequency"] for r in result.return_value) == ["daily", "weekly"]
    assert sorted(m["To"] for m in smtp_server.messages) == ["d@example.org", "w@example.org"]
    assert "Last week's news" in plain(smtp_server.to("w@example.org")[0])
    assert send_due_digests.enqueue().return_value == []
    assert len(smtp_server.messages) == 2
