"""The merge picker: editors find the story to merge by words of its headline, among the
stories a merge can take (never a killed one, nor one already merged away)."""

from __future__ import annotations

import json
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dateline.desk import stories
from dateline.desk.models import Story
from tests.desk.pipeline_support import (
    FLOODS,
    NIGER,
    RATES,
    article_of,
    ingest,
    later,
    ninjs,
    run,
)

pytestmark = pytest.mark.django_db

FLOODS_HEADLINE = "Floods kill 14 in Kenya's north as rivers burst banks"
NIGER_HEADLINE = "Gunmen kill 12 soldiers in western Niger, army says"
RATES_HEADLINE = "Bank of England holds rates at 4.5 pct as inflation eases"


@pytest.fixture
def newsroom() -> dict[str, Story]:
    ingest(
        "Harbour",
        ninjs("urn:harbour:floods", FLOODS),
        ninjs("urn:harbour:niger", NIGER, at=later(10)),
        ninjs("urn:harbour:rates", RATES, at=later(20)),
    )
    run()
    return {s.headline: s for s in Story.objects.all()}


def results(client, query: str = "") -> str:
    """The picker's results as the modal's search box fetches them."""
    url = reverse("desk_story_chooser:choose_results")
    return unescape(client.get(url, {"q": query} if query else {}).content.decode())


def test_the_picker_lists_open_stories_by_headline_with_number_country_and_time(
    admin_client, newsroom
):
    rates = newsroom[RATES_HEADLINE]
    modal = json.loads(admin_client.get(reverse("desk_story_chooser:choose")).content)
    html = unescape(modal["html"])
    assert "Words in the headline" in html
    assert FLOODS_HEADLINE in html and NIGER_HEADLINE in html and RATES_HEADLINE in html

    found = results(admin_client, "INFLATION bank")
    assert RATES_HEADLINE in found
    assert FLOODS_HEADLINE not in found and NIGER_HEADLINE not in found
    assert f"#{rates.pk}" in found
    assert "United Kingdom" in found
    assert " IST" in found and "UTC" not in found
    assert rates.key not in found


def test_the_picker_never_offers_a_killed_or_merged_away_story(admin_client, newsroom):
    editor = get_user_model().objects.get(username="admin")
    stories.kill(newsroom[NIGER_HEADLINE], editor, "Wrong country")
    stories.merge(newsroom[FLOODS_HEADLINE], newsroom[RATES_HEADLINE], editor)

    everything = results(admin_client)
    assert FLOODS_HEADLINE in everything
    assert NIGER_HEADLINE not in everything
    assert RATES_HEADLINE not in everything
    assert "Sorry, there are no matches" in results(admin_client, "soldiers Niger")


def test_a_story_is_found_by_the_headline_an_editor_gave_its_article(admin_client, newsroom):
    floods = newsroom[FLOODS_HEADLINE]
    editor = get_user_model().objects.get(username="admin")
    mine = article_of(floods).get_latest_revision_as_object()
    mine.title = "Ewaso Ng'iro bursts its banks"
    mine.save_revision(user=editor).publish(user=editor)

    assert FLOODS_HEADLINE in results(admin_client, "ewaso bursts")


def test_a_story_without_a_wire_headline_is_named_by_its_article_never_its_urn(
    admin_client, newsroom
):
    rates = newsroom[RATES_HEADLINE]
    Story.objects.filter(pk=rates.pk).update(headline="")

    found = results(admin_client, "inflation")
    assert RATES_HEADLINE in found and rates.key not in found
    chosen = admin_client.get(reverse("desk_story_chooser:chosen", args=[rates.pk]))
    assert json.loads(chosen.content)["result"]["title"] == RATES_HEADLINE
