"""Wagtail's API v2 as partners read it: every article field, filters by name, only live pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.news.models import ImageSource
from dateline.news.purging import paths_showing

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v2/pages/?type=news.ArticlePage"


def ids(client, query: str = "") -> set[int]:
    response = client.get(ARTICLES + query)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_an_article_carries_what_its_page_shows_readers(client, publish_article, make_image):
    image = make_image(
        source_type=ImageSource.AI_GENERATED,
        caption="Rain over Isiolo",
        credit="Dateline illustration",
    )
    article = publish_article(
        title="Floods cut roads across northern Kenya",
        others=("SO",),
        authors=("amina-ali",),
        corrections=("An earlier version misspelt Isiolo.",),
        takeaways="Two bridges gone\nRain until Thursday",
        hero_image=image,
        source_agencies="Harbour, Lakeside",
        language="en",
    )
    response = client.get(f"/api/v2/pages/{article.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["headline"] == "Floods cut roads across northern Kenya"
    assert data["standfirst"].startswith("Heavy rain washed away")
    assert "<p>Heavy rain washed away two bridges" in data["body"]
    assert data["takeaways"] == ["Two bridges gone", "Rain until Thursday"]
    assert [(c["code"], c["primary"]) for c in data["countries"]] == [("KE", True), ("SO", False)]
    assert data["sector"] == {"slug": "science-environment", "name": "Science & Environment"}
    assert data["edition"]["slug"] == "east-africa"
    assert data["byline"] == "Amina-Ali"
    assert data["dateline"] == "Nairobi"
    assert data["times"]["published"] and data["times"]["created"]
    assert data["corrections"][0]["text"] == "An earlier version misspelt Isiolo."
    assert data["source_agencies"] == ["Harbour", "Lakeside"]
    hero = data["image"]
    assert hero["is_generated"] and "AI-generated" in hero["disclosure"]
    assert hero["digital_source_type"].endswith("/trainedAlgorithmicMedia")
    assert hero["credit"] == "Dateline illustration"
    assert {r["name"] for r in hero["renditions"]} == {"large", "medium", "thumbnail"}
    assert hero["renditions"][0]["url"].startswith("http")
    # Cached by the front cache like the pages, and purged with them.
    assert "s-maxage" in response["Cache-Control"] and "public" in response["Cache-Control"]
    purged = paths_showing(article)
    for path in (
        f"/api/v2/pages/{article.pk}/",
        f"/api/ninjs/{article.pk}/",
        "/api/ninjs/",
        ARTICLES,
        f"{ARTICLES}&sector=science-environment",
        f"{ARTICLES}&country=SO",
        f"/api/v2/images/{image.pk}/",
    ):
        assert path in purged


def test_filters_return_the_articles_a_partner_asked_for(client, publish_article):
    kenya = publish_article(title="Kenya floods", country="KE", sector="science-environment")
    peru = publish_article(
        title="Peru mine reopens",
        country="PE",
        others=("CL",),
        sector="energy-extractives",
        published_ago=timedelta(days=3),
    )
    opinion = publish_article(
        title="Why rates must fall", kind="opinion", country="GB", sector="economy-business"
    )
    german = publish_article(title="Hochwasser in Kenia", country="KE", language="de")

    assert ids(client, "&sector=energy-extractives") == {peru.pk}
    assert ids(client, "&country=CL") == {peru.pk}  # another country, not the primary
    assert ids(client, "&country=kenya") == {kenya.pk, german.pk}
    assert ids(client, "&edition=latin-america-caribbean") == {peru.pk}
    assert ids(client, "&edition=east-africa&language=de") == {german.pk}
    assert ids(client, "&kind=opinion") == {opinion.pk}
    two_days_ago = (timezone.now() - timedelta(days=2)).date().isoformat()
    assert ids(client, f"&until={two_days_ago}") == {peru.pk}
    assert peru.pk not in ids(client, f"&since={two_days_ago}")
    assert client.get(ARTICLES + "&since=yesterday").status_code == 400
    # The article filters select articles without type=; on another page type they are refused.
    listing = client.get("/api/v2/pages/?sector=energy-extractives").json()["items"]
    assert [item["id"] for item in listing] == [peru.pk]
    assert client.get("/api/v2/pages/?type=news.SectionPage&sector=health").status_code == 400


def test_images_are_only_those_live_articles_show(client, publish_article, make_image):
    shown = make_image(title="Flooded road near Isiolo", source_type="agency_photo")
    unused = make_image(title="Minister resigns over leaked memo", source_type="staff_photo")
    publish_article(hero_image=shown)
    listed = {item["id"] for item in client.get("/api/v2/images/").json()["items"]}
    assert listed == {shown.pk}
    assert client.get(f"/api/v2/images/{unused.pk}/").status_code == 404
    detail = client.get(f"/api/v2/images/{shown.pk}/?fields=caption,credit,disclosure").json()
    assert detail["disclosure"] == ""


def test_openapi_describes_both_apis(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    for path in (
        "/api/v2/pages/",
        "/api/v2/pages/{id}/",
        "/api/v2/images/",
        "/api/ninjs/",
        "/api/ninjs/{id}/",
    ):
        assert path in document["paths"]
    names = {p["name"] for p in document["paths"]["/api/v2/pages/"]["get"]["parameters"]}
    assert {"sector", "country", "edition", "kind", "language", "since", "until"} <= names
