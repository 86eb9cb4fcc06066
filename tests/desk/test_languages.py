"""Copy in other languages: held unless the site or the source publishes it, and once out,
a page a browser lays out and a reader can address in that language."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from dateline.desk.models import Story, StoryState
from dateline.wire.models import Source
from tests.desk.pipeline_support import (
    RATES,
    article_of,
    ingest,
    ninjs,
    run,
)

pytestmark = pytest.mark.django_db

ARABIC_SUMMIT = {
    "headline": "الرئيس المصري يستقبل وفدا أوروبيا لبحث أزمة المياه",
    "located": "القاهرة",
    "body": (
        "القاهرة (أ ف ب) - استقبل الرئيس المصري الخميس وفدا أوروبيا رفيع المستوى لبحث أزمة "
        "المياه في المنطقة. وقال المتحدث باسم الرئاسة إن اللقاء تناول سبل التعاون بين البلدين."
    ),
}

GERMAN_STRIKE = {
    "headline": "Lokführer legen Fernverkehr der Bahn lahm",
    "located": "BERLIN",
    "body": (
        "BERLIN (dpa) - Die Lokführergewerkschaft hat den Fernverkehr der Bahn am Donnerstag "
        "weitgehend lahmgelegt. Nach Angaben des Unternehmens fährt nur jeder fünfte Zug."
    ),
}


def in_language(guid: str, copy: dict, language: str) -> dict:
    item = ninjs(guid, copy)
    item["language"] = language
    return item


def root_of(response) -> lxml_html.HtmlElement:
    assert response.status_code == 200
    return lxml_html.fromstring(response.content)


def test_an_arabic_item_is_held_then_published_right_to_left_at_an_ascii_address(
    client, admin_client, settings
):
    settings.DATELINE_SITE_LANGUAGES = ["en"]
    ingest("AFP", in_language("urn:afp:summit", ARABIC_SUMMIT, "ar"))
    run()
    story = Story.objects.get()
    assert story.state == StoryState.HELD
    assert client.get(article_of(story).url).status_code == 404

    assert admin_client.post(f"/admin/desk/stories/{story.pk}/publish/").status_code == 302
    article = article_of(story)
    assert re.fullmatch(r"/news/[a-z0-9-]+/", article.url)
    assert article.slug.startswith("lriys-lmsry")  # "الرئيس المصري", transliterated
    page = root_of(client.get(article.url))
    assert page.get("lang") == "ar"
    assert page.get("dir") == "rtl"
    assert "الرئيس المصري" in page.text_content()


def test_a_source_trusted_with_every_language_publishes_german_at_once(client, settings):
    settings.DATELINE_SITE_LANGUAGES = ["en"]
    dpa = Source.objects.create(
        name="dpa wire",
        slug="dpa",
        agency="dpa",
        transport="push",
        policy="publish",
        publish_any_language=True,
    )
    ingest("dpa", in_language("urn:dpa:strike", GERMAN_STRIKE, "de"), source=dpa)
    run()
    article = article_of(Story.objects.get())
    page = root_of(client.get(article.url))
    assert page.get("lang") == "de"
    assert page.get("dir") is None
    assert article.slug.startswith("lokfuhrer-legen-fernverkehr")


def test_english_pages_stay_english_left_to_right(client):
    ingest("Harbour", ninjs("urn:harbour:rates", RATES))
    run()
    page = root_of(client.get(article_of(Story.objects.get()).url))
    assert (page.get("lang"), page.get("dir")) == ("en", None)


def test_the_backfill_gives_its_articles_the_copy_language(client):
    from dateline.desk.backfill import backfill

    ingest(
        "dpa", in_language("urn:dpa:strike", GERMAN_STRIKE, "de"), ninjs("urn:harbour:rates", RATES)
    )
    backfill()
    languages = {story.headline: article_of(story).language for story in Story.objects.all()}
    assert sorted(languages.values()) == ["de", "en"]
    german = next(s for s in Story.objects.all() if "Lokführer" in s.headline)
    assert root_of(client.get(article_of(german).url)).get("lang") == "de"
