"""The desk at a glance: plain words, names and one labelled time zone on the Stories and
story screens, headline search and a country filter, and the desk's dashboard panel."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from dateline.desk.models import Story
from tests.desk.pipeline_support import (
    FLOODS,
    NIGER,
    RATES,
    ingest,
    later,
    ninjs,
    review_source,
    run,
)

pytestmark = pytest.mark.django_db

NIGER_HEADLINE = "Gunmen kill 12 soldiers in western Niger, army says"
RATES_HEADLINE = "Bank of England holds rates at 4.5 pct as inflation eases"
FLOODS_HEADLINE = "Floods kill 14 in Kenya's north as rivers burst banks"


@pytest.fixture
def newsroom(settings) -> dict[str, Story]:
    settings.DATELINE_DISPLAY_TIME_ZONE = "Asia/Kolkata"
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS), ninjs("urn:harbour:niger", NIGER))
    ingest("Lakeside", ninjs("urn:lakeside:rates", RATES, at=later(50)), source=review_source())
    run()
    return {s.headline: s for s in Story.objects.all()}


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_stories_screen_speaks_in_words_and_names_not_codes(admin_client, newsroom):
    html = page(admin_client, "/admin/desk/stories/")
    assert "Dateline differs from focus" in html
    assert "dateline-differs-from-focus" not in html
    assert '<td class="tags">Niger' in html
    assert "West Africa edition" in html
    assert ">NE<" not in html and "NE ·" not in html
    assert "Updated (IST)" in html
    assert "IST</td>" in html


def test_story_screen_names_the_story_and_its_countries(admin_client, newsroom):
    niger = newsroom[NIGER_HEADLINE]
    html = page(admin_client, f"/admin/desk/stories/{niger.pk}/")
    assert niger.key not in html  # the identity index's URN is no name for a story
    assert "Dateline differs from focus" in html
    assert "dateline-differs-from-focus" not in html
    assert "Primary country Niger" in html
    assert "dateline country Senegal" in html
    assert "Sent (IST)" in html
    trail = html.split('aria-label="Trail"')[1]
    assert "IST</time>" in trail


def test_a_story_without_a_headline_is_called_by_its_article(admin_client, newsroom):
    rates = newsroom[RATES_HEADLINE]
    Story.objects.filter(pk=rates.pk).update(headline="")
    html = page(admin_client, "/admin/desk/stories/")
    assert RATES_HEADLINE in html
    assert rates.key not in html


def test_stories_are_found_by_headline_words_and_by_country(admin_client, newsroom):
    def found(query: str) -> set[str]:
        html = page(admin_client, f"/admin/desk/stories/{query}")
        return {h for h in (NIGER_HEADLINE, RATES_HEADLINE, FLOODS_HEADLINE) if h in html}

    assert found("?q=soldiers+niger") == {NIGER_HEADLINE}
    assert found("?q=ENGLAND") == {RATES_HEADLINE}
    assert found("?country=KE") == {FLOODS_HEADLINE}
    assert found("?country=GB&q=floods") == set()


def test_the_dashboard_shows_what_waits_for_the_desk(admin_client, newsroom):
    soon = timezone.now() + timedelta(hours=2)
    embargoed = ninjs(
        "urn:harbour:harvest",
        {
            "headline": "Brazil soy harvest set for record as rains return",
            "located": "SAO PAULO",
            "body": "SAO PAULO, April 28 (Harbour) - Brazil's soy harvest will reach a record "
            "170 million tonnes this season after late rains in Mato Grosso, the crop agency "
            "Conab said on Monday.",
        },
    )
    embargoed["embargoed"] = soon.isoformat()
    ingest("Harbour", embargoed)
    run()
    niger = newsroom[NIGER_HEADLINE]
    Story.objects.filter(pk=niger.pk).update(pending_update={"headline": "x"})

    html = page(admin_client, "/admin/")
    panel = html.split('id="desk-dashboard-section"')[1]
    held = panel.split('aria-label="Held for review"')[1].split("</section>")[0]
    assert RATES_HEADLINE in held
    lifting = panel.split('aria-label="Embargoes about to lift"')[1].split("</section>")[0]
    assert "Brazil soy harvest set for record" in lifting and "IST" in lifting
    waiting = panel.split('aria-label="Updates waiting"')[1].split("</section>")[0]
    assert NIGER_HEADLINE in waiting
    flagged = panel.split('aria-label="Flagged stories"')[1].split("</section>")[0]
    assert NIGER_HEADLINE in flagged and "Dateline differs from focus" in flagged
