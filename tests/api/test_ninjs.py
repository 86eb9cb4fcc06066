"""The ninjs syndication feed and what no partner may get: stories made by the desk from wire
copy, then held, killed or embargoed, checked through every API door."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.desk import release
from dateline.desk.models import StoryState
from tests.api.conftest import ninjs_validator
from tests.desk.pipeline_support import article_of
from tests.shared_data import SAMPLES

pytestmark = pytest.mark.django_db

VALIDATOR = ninjs_validator()
# IPTC's own examples use bare identifiers as uri, so formats are left to our own items.
STRUCTURE_ONLY = ninjs_validator(formats=False)


def errors(item: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(item)
    ]


def api_text(client, pk: int) -> str:
    """Everything the API answers, in listings and at the article's own addresses."""
    urls = [
        "/api/v2/pages/?type=news.ArticlePage&fields=*",
        f"/api/v2/pages/{pk}/",
        "/api/ninjs/",
        f"/api/ninjs/{pk}/",
        "/api/v2/pages/?search=Kenya",
        "/api/v2/images/",
    ]
    return "\n".join(client.get(url).content.decode() for url in urls)


def test_each_ninjs_item_is_valid_ninjs_2_2(client, newsroom):
    feed = client.get("/api/ninjs/")
    assert feed.status_code == 200
    assert "s-maxage" in feed["Cache-Control"]
    items = feed.json()["items"]
    assert items
    for item in items:
        assert errors(item) == [], item
    published = article_of(newsroom["published"])
    item = client.get(f"/api/ninjs/{published.pk}/").json()
    assert errors(item) == []
    assert item["pubstatus"] == "usable"
    assert item["headlines"][0]["value"] == published.title
    assert "Isiolo and Samburu" in item["bodies"][0]["value"]
    assert item["language"] == "en"
    assert item["places"][0] == {"name": "Kenya", "rel": "primary", "literal": "KE"}
    assert item["versioncreated"].endswith("Z")
    assert {"name": "Harbour", "role": "source"} in item["infosources"]


def test_a_killed_article_is_a_retraction_without_its_copy(client, newsroom):
    killed = article_of(newsroom["killed"])
    assert newsroom["killed"].state == StoryState.KILLED
    item = client.get(f"/api/ninjs/{killed.pk}/").json()
    assert errors(item) == []
    assert item["pubstatus"] == "canceled"
    assert not {"headlines", "bodies", "descriptions", "associations"} & set(item)
    listed = {i["uri"]: i for i in client.get("/api/ninjs/").json()["items"]}
    assert listed[item["uri"]]["pubstatus"] == "canceled"
    assert client.get(f"/api/v2/pages/{killed.pk}/").status_code == 404
    assert "Tillaberi" not in api_text(client, killed.pk)


@pytest.mark.parametrize("state", ["held", "embargoed"])
def test_held_and_embargoed_copy_is_nowhere_in_the_api(client, newsroom, state):
    article = article_of(newsroom[state])
    assert not article.live
    assert client.get(f"/api/ninjs/{article.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{article.pk}/").status_code == 404
    uris = [i["uri"] for i in client.get("/api/ninjs/").json()["items"]]
    assert not [u for u in uris if u.endswith(f"/{article.pk}/")]
    shown = api_text(client, article.pk)
    assert article.title not in shown
    assert "Monetary Policy Committee" not in shown and "Dock Workers Union" not in shown


def test_an_embargoed_article_is_served_once_its_embargo_lifts(client, newsroom, monkeypatch):
    article = article_of(newsroom["embargoed"])
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    release.publish_scheduled()
    item = client.get(f"/api/ninjs/{article.pk}/").json()
    assert item["pubstatus"] == "usable" and "embargoed" in item
    assert errors(item) == []


def test_the_feed_is_paged_newest_first(client, publish_article):
    for n in range(23):
        publish_article(title=f"Rain item {n}", published_ago=timedelta(minutes=n))
    first = client.get("/api/ninjs/").json()
    assert first["count"] == 23 and len(first["items"]) == 20 and first["next"]
    second = client.get("/api/ninjs/?page=2").json()
    assert len(second["items"]) == 3 and second["previous"]
    assert not {i["uri"] for i in first["items"]} & {i["uri"] for i in second["items"]}


def test_sectors_go_out_as_iptc_media_topics_where_they_map(client, publish_article, make_image):
    image = make_image(caption="Rain over Isiolo", credit="Harbour", source_type="agency_photo")
    economy = publish_article(title="Shilling falls", sector="economy-business", hero_image=image)
    transport = publish_article(title="Rail line opens", sector="transport")
    item = client.get(f"/api/ninjs/{economy.pk}/").json()
    assert item["subjects"][0]["uri"] == "http://cv.iptc.org/newscodes/mediatopic/04000000"
    picture = item["associations"][0]
    assert picture["type"] == "picture" and picture["renditions"][0]["href"].startswith("http")
    assert picture["digitalsourcetype"]["uri"].endswith("/digitalCapture")
    assert errors(item) == []
    unmapped = client.get(f"/api/ninjs/{transport.pk}/").json()["subjects"][0]
    assert "uri" not in unmapped and unmapped["name"] == "Transport"


def test_the_structure_fails_an_item_outside_the_standard():
    item = {
        "uri": "https://example.org/1",
        "pubstatus": "killed",
        "body_html": "<p>x</p>",
        "versioncreated": "yesterday",
    }
    problems = " ".join(errors(item))
    assert "pubstatus" in problems and "body_html" in problems
    assert "versioncreated" in problems


@pytest.mark.shared_data
@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"IPTC's examples not found at {SAMPLES}")
def test_the_structure_accepts_iptcs_own_2_2_examples():
    examples = sorted((SAMPLES / "iptc-ninjs").glob("2.2_*.json"))
    assert examples
    for path in examples:
        assert list(STRUCTURE_ONLY.iter_errors(json.loads(path.read_text()))) == [], path.name
