"""The read beacon: once per reader per article per hour, no bots, nothing about readers kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.apps import apps
from django.core.cache import caches

from dateline.audience.trending import readers
from dateline.audience.trending.models import ReadCount
from dateline.audience.trending.refresh import refresh_lists

from .trending_support import READER_AGENT, read, reset_trending_memory


@pytest.fixture
def tally(monkeypatch):
    return reset_trending_memory(monkeypatch)


def reads_of(article) -> int:
    return sum(ReadCount.objects.filter(article=article).values_list("reads", flat=True))


def test_one_reader_counts_once_per_hour(publish_article, tally):
    story = publish_article()
    for _ in range(3):
        assert read(story.pk).status_code == 204
    read(story.pk, method="get")
    tally.flush()
    assert reads_of(story) == 1

    read(story.pk, address="198.51.100.8")
    tally.flush()
    assert reads_of(story) == 2


def test_one_address_rotating_its_agent_counts_as_one_reader(publish_article, tally):
    gamed = publish_article(title="Story pushed by one client")
    popular = publish_article(title="Story read by three people")
    for n in range(301):
        read(gamed.pk, address="203.0.113.50", agent=f"{READER_AGENT} Variant/{n}")
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        read(popular.pk, address=address)
    tally.flush()
    assert reads_of(gamed) == 1
    assert reads_of(popular) == 3
    top = refresh_lists()["global"]["entries"]
    assert [entry["title"] for entry in top] == [
        "Story read by three people",
        "Story pushed by one client",
    ]


def test_many_addresses_count_as_many_readers(publish_article, tally):
    story = publish_article()
    for n in range(40):
        read(story.pk, address=f"198.51.100.{n + 1}")
        read(story.pk, address=f"2001:db8:{n:x}::1")
    tally.flush()
    assert reads_of(story) == 80


def test_addresses_of_one_ipv6_network_count_as_one_reader(publish_article, tally):
    story = publish_article()
    for n in range(20):
        read(story.pk, address=f"2001:db8:77:1::{n + 1:x}")
    tally.flush()
    assert reads_of(story) == 1


def test_same_reader_counts_again_in_the_next_hour(publish_article, tally):
    story = publish_article()
    ten_past = datetime(2026, 3, 2, 10, 10, tzinfo=UTC)
    for moment in (ten_past, ten_past + timedelta(minutes=40), ten_past + timedelta(minutes=55)):
        with mock.patch("django.utils.timezone.now", return_value=moment):
            read(story.pk)
    tally.flush()
    rows = dict(ReadCount.objects.filter(article=story).values_list("hour", "reads"))
    assert rows == {
        datetime(2026, 3, 2, 10, tzinfo=UTC): 1,
        datetime(2026, 3, 2, 11, tzinfo=UTC): 1,
    }


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)",
        "WhatsApp/2.23.20.0",
        "",
    ],
)
def test_bots_and_scripts_are_not_readers(publish_article, tally, agent):
    story = publish_article()
    assert read(story.pk, agent=agent).status_code == 204
    assert tally.pending == 0
    tally.flush()
    assert reads_of(story) == 0


def test_noscript_image_counts_and_is_a_gif(publish_article, tally):
    story = publish_article()
    response = read(story.pk, method="get")
    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    tally.flush()
    assert reads_of(story) == 1


@pytest.mark.parametrize("method", ["post", "get"])
def test_beacon_is_never_cached_and_sets_no_cookie(publish_article, tally, method):
    story = publish_article()
    response = read(story.pk, method=method)
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.parametrize("raw", ["", "abc", "-1", "0", "1e3", "99999999999", "１２", "<script>"])
def test_bad_article_ids_get_a_clear_answer(db, tally, raw):
    response = read(raw)
    assert response.status_code == 400
    assert tally.pending == 0


def test_reads_of_unknown_or_withdrawn_articles_are_dropped(publish_article, tally):
    story = publish_article()
    withdrawn = publish_article(title="Withdrawn wire story")
    withdrawn.unpublish()
    for article_id in (story.pk, withdrawn.pk, 987654):
        read(article_id)
    assert tally.flush() == 1
    assert list(ReadCount.objects.values_list("article_id", "reads")) == [(story.pk, 1)]


def test_no_reader_address_or_agent_is_kept_anywhere(publish_article, tally):
    story = publish_article()
    address, agent = "203.0.113.77", READER_AGENT + " Distinctive/9.9"
    read(story.pk, address=address, agent=agent)
    tally.flush()
    assert reads_of(story) == 1

    for model in apps.get_models():
        for row in model.objects.all().values_list():
            text = " ".join(str(value) for value in row)
            assert address not in text, f"{model._meta.label} stores the reader's address"
            assert "Distinctive" not in text, f"{model._meta.label} stores the user agent"
    for store in (caches["default"], readers._store()):
        for key in getattr(store, "_cache", {}):
            assert address not in key and "Distinctive" not in key


def test_article_page_carries_the_beacon(client, publish_article):
    story = publish_article()
    html = client.get(story.url).content.decode()
    assert f'data-article="{story.pk}"' in html
    assert "/static/audience/beacon.js" in html
    assert f'<noscript><img class="beacon" src="/beacon/?a={story.pk}"' in html
