"""The front page's ranking: transparent weights, editors' picks first, nothing not live."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from lxml import html as lxml_html

from dateline.news.models import FrontPage, FrontPagePin
from dateline.news.top_stories import Candidate, agencies, rank

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
