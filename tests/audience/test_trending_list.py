"""The trending lists: decay ordering, background refresh, drop-out on unpublish, the slot."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from lxml import html as lxml_html

from dateline.audience.trending import store
from dateline.audience.trending.context_processors import trending
from dateline.audience.trending.models import ReadCount, TrendingList
from dateline.audience.trending.ranking import build_lists, decay
from dateline.audience.trending.readers import hour_of
from dateline.audience.trending.refresh import refresh_lists
from dateline.audience.trending.tasks import refresh_trending

from .trending_support import read, reset_trending_memory

TRENDING = "//section[contains(@class, 'rail--trending')]"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def tally(monkeypatch):
    return reset_trending_memory(monkeypatch)


def reads(article, count: int, ago: timedelta = timedelta(0)) -> None:
    ReadCount.objects.create(article=article, hour=hour_of(timezone.now() - ago), reads=count)


def slot(response) -> list[tuple[str, str]]:
    """The TRENDING slot as (headline, country) pairs, in the order shown."""
    tree = lxml_html.fromstring(response.content.decode())
    items = tree.xpath(f"{TRENDING}/ol/li")
    return [
        (li.xpath(".//a")[0].text_content(), li.xpath(".//*[@class='tag']")[0].text_content())
        for li in items
    ]


def test_a_read_loses_half_its_weight_every_half_life():
    assert decay(timedelta(0), 6) == 1
    assert decay(timedelta(hours=6), 6) == pytest.approx(0.5)
    assert decay(timedelta(hours=24), 6) == pytest.approx(1 / 16)


def test_fresh_reads_outrank_a_bigger_stale_crowd(publish_article):
    yesterday = publish_article(title="Yesterday's big story")
    now = publish_article(title="Story read right now")
    earlier = publish_article(title="Story read an hour ago")
    reads(yesterday, 20, ago=timedelta(hours=24))
    reads(now, 3)
    reads(earlier, 3, ago=timedelta(hours=1, minutes=5))
    top = build_lists(timezone.now())["global"]["entries"]
    assert [e["title"] for e in top] == [
        "Story read right now",
        "Story read an hour ago",
        "Yesterday's big story",
    ]
    reads(yesterday, 200, ago=timedelta(hours=23))
    top = build_lists(timezone.now())["global"]["entries"]
    assert top[0]["title"] == "Yesterday's big story"


def test_top_ten_per_edition_with_countries(publish_article, settings):
    for n in range(12):
        reads(publish_article(title=f"Kenya story {n}", country="KE"), 100 + n)
    reads(publish_article(title="Dhaka story", country="BD", sector="health"), 5)
    lists = build_lists(timezone.now())
    assert len(lists["global"]["entries"]) == 10
    assert lists["global"]["entries"][0] == {
        **lists["global"]["entries"][0],
        "title": "Kenya story 11",
        "country": "Kenya",
        "country_url": "/country/kenya/",
    }
    assert "Dhaka story" not in [e["title"] for e in lists["global"]["entries"]]
    assert [e["title"] for e in lists["south-asia"]["entries"]] == ["Dhaka story"]
    assert lists["south-asia"]["name"] == "South Asia"
    assert len(lists["east-africa"]["entries"]) == 10
    assert "west-africa" not in lists


def test_refresh_task_and_command_store_the_lists(publish_article, settings, tally):
    settings.TASKS = IMMEDIATE_TASKS
    story = publish_article()
    read(story.pk)
    assert tally.pending == 1
    result = refresh_trending.enqueue()
    assert result.return_value == 1
    assert tally.pending == 0
    assert TrendingList.objects.get(edition="global").entries[0]["id"] == story.pk

    ReadCount.objects.create(
        article=story, hour=hour_of(timezone.now() - timedelta(days=9)), reads=7
    )
    out = io.StringIO()
    call_command("trending", "refresh", stdout=out)
    assert "1 stories in the global list" in out.getvalue()
    assert ReadCount.objects.filter(article=story).count() == 1  # the nine-day-old hour pruned


def test_slot_is_served_from_cache_without_queries(publish_article, django_assert_num_queries):
    story = publish_article()
    reads(story, 4)
    refresh_lists()
    request = RequestFactory().get("/")
    request.resolver_match = None
    trending(request)  # warm
    with django_assert_num_queries(0):
        shown = trending(request)
    assert [e["title"] for e in shown["trending"]["entries"]] == [story.title]


def test_cold_cache_costs_one_query_and_no_ranking(publish_article, django_assert_num_queries):
    story = publish_article()
    reads(story, 4)
    refresh_lists()
    store.cache.clear()
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        assert trending(request)["trending"]["entries"][0]["id"] == story.pk


def test_unpublished_story_drops_out_at_once(client, publish_article):
    killed = publish_article(title="Story that gets killed")
    kept = publish_article(title="Story that stays", country="MW")
    reads(killed, 50)
    reads(kept, 5)
    refresh_lists()
    assert slot(client.get(kept.url))[0] == ("Story that gets killed", "Kenya")

    killed.unpublish()
    assert [e["title"] for e in store.current_lists()["global"]["entries"]] == ["Story that stays"]
    assert slot(client.get(kept.url)) == [("Story that stays", "Malawi")]
    rebuilt = refresh_lists()["global"]["entries"]
    assert "Story that gets killed" not in [e["title"] for e in rebuilt]


def test_deleted_story_drops_out_at_once(publish_article):
    gone = publish_article(title="Story deleted by the desk")
    reads(gone, 5)
    refresh_lists()
    gone.delete()
    assert "global" not in store.current_lists()
    assert not TrendingList.objects.exists()


def test_slot_hidden_while_nothing_is_read(client, publish_article):
    story = publish_article()
    refresh_lists()
    for url in ("/", story.url, "/edition/east-africa/"):
        page = client.get(url).content.decode()
        assert "rail--trending" not in page and ">Trending<" not in page


def test_article_page_shows_numbered_slot_with_countries(client, publish_article):
    first = publish_article(title="Nairobi water rationing begins", country="KE")
    second = publish_article(title="Lilongwe clinics reopen", country="MW", sector="health")
    reads(first, 9)
    reads(second, 4)
    refresh_lists()
    response = client.get(first.url)
    tree = lxml_html.fromstring(response.content.decode())
    section = tree.xpath(TRENDING)[0]
    assert "rail--numbered" in section.get("class")
    assert section.xpath("h2")[0].text_content() == "Trending"
    assert section.xpath("ol")  # an ordered list: the numbers mean rank
    assert slot(response) == [
        ("Nairobi water rationing begins", "Kenya"),
        ("Lilongwe clinics reopen", "Malawi"),
    ]
    assert section.xpath(".//a")[0].get("href") == first.url


def test_edition_pages_show_their_own_list_and_home_the_global_one(client, publish_article):
    kenya = publish_article(title="Kenyan tea exports climb", country="KE")
    india = publish_article(title="Monsoon arrives early in Kerala", country="IN")
    reads(kenya, 3)
    reads(india, 8)
    refresh_lists()
    assert slot(client.get("/")) == [
        ("Monsoon arrives early in Kerala", "India"),
        ("Kenyan tea exports climb", "Kenya"),
    ]
    east = client.get("/edition/east-africa/")
    assert slot(east) == [("Kenyan tea exports climb", "Kenya")]
    assert "Trending in East Africa" in east.content.decode()
    assert slot(client.get("/edition/south-asia/")) == [
        ("Monsoon arrives early in Kerala", "India")
    ]
    assert slot(client.get("/edition/pacific/")) == []
