"""The front page's ranking: transparent weights, editors' picks first, nothing not live."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from lxml import html as lxml_html

from dateline.news.models import FrontPage, FrontPagePin
from dateline.news.top_stories import Candidate, agencies, explained, rank

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def candidate(pk: int, hours_old: float, agencies: int = 1, reads: int = 0) -> Candidate:
    return Candidate(pk, NOW - timedelta(hours=hours_old), agencies, reads)


def test_a_story_three_agencies_cover_outranks_a_fresher_single_agency_one() -> None:
    assert rank([candidate(1, 1), candidate(2, 4, agencies=3)], NOW, []) == [2, 1]


def test_freshness_wins_between_stories_equally_covered_and_read() -> None:
    assert rank([candidate(1, 20), candidate(2, 2)], NOW, []) == [2, 1]


def test_what_readers_read_lifts_a_story() -> None:
    assert rank([candidate(1, 2), candidate(2, 3, reads=500)], NOW, []) == [2, 1]


def test_pinned_stories_lead_in_the_editors_order_and_only_if_still_candidates() -> None:
    ranked = rank([candidate(1, 1), candidate(2, 30), candidate(3, 40)], NOW, [3, 9, 2])
    assert ranked == [3, 2, 1]


def test_agencies_are_counted_once_each() -> None:
    assert agencies("Reuters, AFP, reuters , AP") == 3 and agencies("") == 0


def _top(client) -> list[str]:
    cache.clear()
    doc = lxml_html.fromstring(client.get("/").content)
    return [t.text_content() for t in doc.xpath("//h2[@class='card__title']")]


@pytest.mark.django_db
def test_the_home_page_leads_with_a_pin_and_drops_it_when_killed(client, publish_article) -> None:
    older = publish_article(title="Port strike enters third week", published_ago=timedelta(days=2))
    publish_article(title="Floods cut roads across northern Kenya")
    assert _top(client)[0] == "Floods cut roads across northern Kenya"

    front = FrontPage.load()
    FrontPagePin.objects.create(front_page=front, article=older, sort_order=0)
    assert _top(client)[0] == "Port strike enters third week"

    older.unpublish()
    assert "Port strike enters third week" not in _top(client)


def test_the_weights_readers_are_told_are_the_ones_that_rank() -> None:
    assert explained() == [
        ("how fresh it is", 45),
        ("how many agencies cover it", 35),
        ("what readers read", 20),
    ]
    assert sum(percent for _, percent in explained()) == 100


@pytest.mark.django_db
def test_the_home_page_states_the_formula(client, publish_article) -> None:
    publish_article()
    note = lxml_html.fromstring(client.get("/").content).xpath("string(//p[@class='ranking-note'])")
    assert note == (
        "Editors' picks first, then ranked by how fresh it is (45%), how many agencies cover it"
        " (35%) and what readers read (20%)."
    )


@pytest.mark.django_db
def test_editors_reorder_their_picks(client, publish_article) -> None:
    first = publish_article(title="Port strike enters third week", published_ago=timedelta(days=2))
    second = publish_article(title="Copper mine reopens", published_ago=timedelta(days=3))
    publish_article(title="Floods cut roads across northern Kenya")
    front = FrontPage.load()
    FrontPagePin.objects.create(front_page=front, article=first, sort_order=0)
    pin = FrontPagePin.objects.create(front_page=front, article=second, sort_order=1)
    assert _top(client)[:3] == [first.title, second.title, "Floods cut roads across northern Kenya"]

    pin.sort_order = -1
    pin.save()
    assert _top(client)[:2] == [second.title, first.title]


@pytest.mark.django_db
def test_killed_held_embargoed_or_private_copy_never_reaches_the_front_page(
    client, publish_article, hidden_from_readers
) -> None:
    hidden = hidden_from_readers(source_agencies="Reuters, AFP, AP, dpa")
    publish_article(title="Floods cut roads across northern Kenya", published_ago=timedelta(days=1))
    front = FrontPage.load()
    for order, article in enumerate(hidden):
        FrontPagePin.objects.create(front_page=front, article=article, sort_order=order)
    assert _top(client) == ["Floods cut roads across northern Kenya"]
